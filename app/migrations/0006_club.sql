-- The club: a ledger of points, one row per event. The unique key names the event's source
-- (an order, a refund, an order line's review, a local calendar day), so an event counted twice
-- (the shopper and the background job confirming one order at the same moment) inserts once.
CREATE TABLE points_ledger (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('purchase', 'refund', 'review', 'review_removed',
                       'purchase_day')),
    -- The event's source: an order id (purchase), a refund id (refund), an order line id
    -- (review, review_removed), or a day number in the shopper's zone (purchase_day).
    source     INTEGER NOT NULL,
    points     INTEGER NOT NULL CHECK (points <> 0),
    -- The order the row is about, for its link in the points history.
    order_id   INTEGER REFERENCES orders (id),
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, kind, source)
) STRICT;
-- The history (newest first, keyset-paged) and the sum over the last twelve months, both from
-- the index alone.
CREATE INDEX points_by_user ON points_ledger (user_id, created_at, id, points);
-- The rows of one order, when a refund takes its points back.
CREATE INDEX points_by_order ON points_ledger (order_id) WHERE order_id IS NOT NULL;
