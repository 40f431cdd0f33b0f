-- Product reviews: one per order line of a received order (stars, text, photos), the text's
-- history (each edit and follow-up with its date), and the store's reply.

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    -- One review per order line, whatever races (the second insert fails).
    order_item_id INTEGER NOT NULL UNIQUE REFERENCES order_items (id),
    order_id      INTEGER NOT NULL REFERENCES orders (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    product_id    INTEGER NOT NULL REFERENCES products (id),
    store_id      INTEGER NOT NULL REFERENCES stores (id),
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    -- The current text (an edit replaces it; the history keeps every version).
    body          TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    show_name     INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),
    photos        INTEGER NOT NULL DEFAULT 0 CHECK (photos BETWEEN 0 AND 5),
    created_at    INTEGER NOT NULL,
    -- The last edit (the product page marks the review "edited").
    edited_at     INTEGER,
    reply         TEXT    CHECK (reply IS NULL OR length(reply) BETWEEN 1 AND 2000),
    replied_at    INTEGER
) STRICT;
-- My reviews, newest first.
CREATE INDEX reviews_by_user ON reviews (user_id, created_at DESC, id DESC);
-- A product's reviews, newest first; and its stars for the average and distribution.
CREATE INDEX reviews_by_product ON reviews (product_id, created_at DESC, id DESC);
CREATE INDEX reviews_stars_by_product ON reviews (product_id, stars);
-- The seller console: a store's reviews, unanswered first, then newest first.
CREATE INDEX reviews_by_store ON reviews (store_id, replied_at IS NOT NULL, created_at DESC, id DESC);

-- Every version of a review's text: as written, each edit, each follow-up ("дополнить отзыв").
CREATE TABLE review_entries (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('written', 'edited', 'follow_up')),
    stars      INTEGER CHECK (stars IS NULL OR stars BETWEEN 1 AND 5),
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX review_entries_by_review ON review_entries (review_id, id);

-- Photos as re-encoded JPEG (the dispute pipeline): public on the product page.
CREATE TABLE review_photos (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    jpeg      BLOB    NOT NULL,
    UNIQUE (review_id, position)
) STRICT;

-- Awaiting review: the shopper's received orders, newest first.
CREATE INDEX orders_received_by_user ON orders (user_id, completed_at DESC, id DESC)
    WHERE completed_at IS NOT NULL;
