-- The message center: conversations between a shopper and a store about one order or one
-- product, and each shopper's system notices (one conversation without a store). Only
-- `messages::ssr` writes these tables.
CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- NULL: the shopper's system notices.
    store_id   INTEGER REFERENCES stores (id),
    order_id   INTEGER REFERENCES orders (id),
    product_id INTEGER REFERENCES products (id),
    -- What it is about, one conversation per shopper and topic: 'o<order id>', 'p<product id>'
    -- or 'system'.
    topic      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    last_message_id INTEGER,
    -- Unread counts, kept equal to "messages from the other side after what this side has
    -- read": a new message adds one, reading recomputes from `*_read_upto`.
    buyer_unread    INTEGER NOT NULL DEFAULT 0 CHECK (buyer_unread >= 0),
    store_unread    INTEGER NOT NULL DEFAULT 0 CHECK (store_unread >= 0),
    buyer_read_upto INTEGER NOT NULL DEFAULT 0,
    store_read_upto INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, topic),
    CHECK ((store_id IS NULL) = (topic = 'system'))
) STRICT;
-- The shopper's list and the store's inbox, newest conversation first.
CREATE INDEX conversations_by_user ON conversations (user_id, last_at DESC, id DESC);
CREATE INDEX conversations_by_store ON conversations (store_id, last_at DESC, id DESC)
    WHERE store_id IS NOT NULL;
-- The header's unread counts read only the conversations with something unread.
CREATE INDEX conversations_unread_by_user ON conversations (user_id, buyer_unread)
    WHERE buyer_unread > 0;
CREATE INDEX conversations_unread_by_store ON conversations (store_id, store_unread)
    WHERE store_unread > 0;

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender          TEXT    NOT NULL CHECK (sender IN ('buyer', 'store', 'system')),
    -- Who typed it (the flood limit counts by it); NULL for system notices.
    author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- Plain text, shown as text. A system notice has it in both languages and a link.
    body            TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    body_en         TEXT,
    link            TEXT,
    -- A system notice's kind, and the key that makes one notice per event.
    kind            TEXT,
    dedup           TEXT    UNIQUE,
    created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_in_conversation ON messages (conversation_id, id);
CREATE INDEX messages_by_author ON messages (author_id, created_at) WHERE author_id IS NOT NULL;

-- Photos as re-encoded JPEG (the dispute pipeline); seen only by the two sides.
CREATE TABLE message_photos (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    jpeg       BLOB    NOT NULL,
    UNIQUE (message_id, position)
) STRICT;

-- Price-drop alerts. A product whose price goes down is queued here (with the price before its
-- first drop since the job last looked); the job, or the seller's price edit at once, takes the
-- row and tells the shoppers whose wish list or cart holds it and whose club level has the
-- privilege. A drop undone before that finds nothing lower than what they saw.
CREATE TABLE price_drops_pending (
    product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    old_price  INTEGER NOT NULL,
    queued_at  INTEGER NOT NULL
) STRICT;
CREATE TRIGGER products_price_dropped AFTER UPDATE OF price, discount_price ON products
    WHEN COALESCE(NEW.discount_price, NEW.price) < COALESCE(OLD.discount_price, OLD.price)
BEGIN
    INSERT INTO price_drops_pending (product_id, old_price, queued_at)
    VALUES (NEW.id, COALESCE(OLD.discount_price, OLD.price), unixepoch())
    ON CONFLICT (product_id) DO NOTHING;
END;
-- The lowest price a shopper has been told about: the next alert needs a price below it.
CREATE TABLE price_alerts_sent (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    price      INTEGER NOT NULL,
    sent_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id)
) STRICT, WITHOUT ROWID;
-- Who holds a product, for the alert job.
CREATE INDEX wishlist_by_product ON wishlist_items (product_id);
CREATE INDEX cart_by_product ON cart_items (product_id);
