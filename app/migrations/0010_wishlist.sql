-- The wish list: one row per shopper and product, with the price the shopper saw when adding it
-- (what "price dropped" is measured against). Nothing of it is public.
CREATE TABLE wishlist_items (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    added_at   INTEGER NOT NULL,
    price_when_added INTEGER NOT NULL CHECK (price_when_added > 0),
    PRIMARY KEY (user_id, product_id)
) STRICT, WITHOUT ROWID;
-- The list, newest first, keyset-free offset pages over this index.
CREATE INDEX wishlist_by_user ON wishlist_items (user_id, added_at DESC, product_id DESC);
