-- Returns and disputes: the shopper's claim, the store's answer, escalation to the platform,
-- and the photos sent as evidence. Money in cents; every change also writes a step.

-- Set while the order has a dispute in progress: the order list's "disputes" tab, and the
-- background task does not confirm such an order by itself.
ALTER TABLE orders ADD COLUMN in_dispute INTEGER NOT NULL DEFAULT 0 CHECK (in_dispute IN (0, 1));
-- When an order was closed (refunded in full by a dispute).
ALTER TABLE orders ADD COLUMN closed_at INTEGER;
CREATE INDEX orders_disputed_by_user ON orders (user_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND in_dispute = 1;

CREATE TABLE disputes (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    reason       TEXT    NOT NULL CHECK (reason IN ('not_received', 'not_as_described', 'damaged',
                         'wrong_item', 'other')),
    -- What the shopper asks back, never more than was paid and not yet refunded.
    refund_asked INTEGER NOT NULL CHECK (refund_asked > 0),
    return_goods INTEGER NOT NULL CHECK (return_goods IN (0, 1)),
    description  TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('awaiting_store', 'offered', 'refused',
                         'escalated', 'refunded', 'rejected', 'withdrawn')),
    -- The store's partial offer, and its answer's text (the refusal reason, the offer's note).
    offer_amount INTEGER CHECK (offer_amount > 0),
    store_note   TEXT,
    store_answered_at INTEGER,
    -- The club level the deadlines were taken from, and the next deadline in force.
    club_level   INTEGER NOT NULL CHECK (club_level BETWEEN 1 AND 5),
    deadline     INTEGER NOT NULL,
    refunded     INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    created_at   INTEGER NOT NULL,
    closed_at    INTEGER
) STRICT;
-- One dispute at a time per order (a withdrawn one may be opened again).
CREATE UNIQUE INDEX disputes_one_per_order ON disputes (order_id) WHERE status <> 'withdrawn';
CREATE INDEX disputes_by_user ON disputes (user_id, created_at DESC, id DESC);
CREATE INDEX disputes_by_store ON disputes (store_id, status, created_at DESC, id DESC);
-- The background task's walk over deadlines that have passed.
CREATE INDEX disputes_due ON disputes (deadline)
    WHERE status IN ('awaiting_store', 'offered', 'refused', 'escalated');

-- Every step, for the dispute page and the order's timeline.
CREATE TABLE dispute_steps (
    id         INTEGER PRIMARY KEY,
    dispute_id INTEGER NOT NULL REFERENCES disputes (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('opened', 'store_accepted', 'store_refused',
                       'store_offered', 'offer_accepted', 'escalated', 'withdrawn',
                       'decided_refund', 'decided_rejected', 'store_silent', 'offer_expired',
                       'not_escalated')),
    amount     INTEGER,
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dispute_steps_by_dispute ON dispute_steps (dispute_id, id);

-- Photos as re-encoded JPEG: decoded from what was sent, metadata gone.
CREATE TABLE dispute_photos (
    id         INTEGER PRIMARY KEY,
    dispute_id INTEGER NOT NULL REFERENCES disputes (id),
    position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    jpeg       BLOB    NOT NULL,
    UNIQUE (dispute_id, position)
) STRICT;

-- Refunds now also come from disputes: at most one per dispute.
ALTER TABLE refunds ADD COLUMN dispute_id INTEGER REFERENCES disputes (id);
CREATE UNIQUE INDEX refunds_one_per_dispute ON refunds (dispute_id) WHERE dispute_id IS NOT NULL;
