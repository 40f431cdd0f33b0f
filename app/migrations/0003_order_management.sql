-- Managing orders: refunds, the deleted-orders bin, and the indexes the order list pages through.

-- "Delete for good" from the bin hides the order from the bin too; the row stays, because
-- deleted orders still count for money and points.
ALTER TABLE orders ADD COLUMN purged_at INTEGER;

CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_by_order ON refunds (order_id);
-- A cancellation refunds once, whatever races.
CREATE UNIQUE INDEX refunds_one_cancellation ON refunds (order_id) WHERE reason = 'cancelled';

-- The order list: newest first, keyset-paged, all states or one. These replace the plain index.
DROP INDEX orders_by_user;
CREATE INDEX orders_live_by_user ON orders (user_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX orders_live_by_user_status ON orders (user_id, status, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX orders_bin_by_user ON orders (user_id, deleted_at DESC, id DESC)
    WHERE deleted_at IS NOT NULL AND purged_at IS NULL;
