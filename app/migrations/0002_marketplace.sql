-- The marketplace around the account: catalogue, stores, cart, addresses, orders.
-- Money is integer minor units (cents); times are Unix seconds.

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories (id),
    slug      TEXT    NOT NULL UNIQUE,
    name_ru   TEXT    NOT NULL,
    name_en   TEXT    NOT NULL,
    position  INTEGER NOT NULL
) STRICT;
CREATE INDEX categories_by_parent ON categories (parent_id, position);

CREATE TABLE stores (
    id            INTEGER PRIMARY KEY,
    owner_user_id INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    name          TEXT    NOT NULL,
    rating_x10    INTEGER NOT NULL CHECK (rating_x10 BETWEEN 0 AND 50),
    followers     INTEGER NOT NULL DEFAULT 0 CHECK (followers >= 0),
    opened_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX stores_by_name ON stores (name COLLATE NOCASE);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores (id),
    category_id    INTEGER NOT NULL REFERENCES categories (id),
    title_ru       TEXT    NOT NULL,
    title_en       TEXT    NOT NULL,
    description_ru TEXT    NOT NULL,
    description_en TEXT    NOT NULL,
    price          INTEGER NOT NULL CHECK (price > 0),
    discount_price INTEGER CHECK (discount_price IS NULL OR (discount_price > 0 AND discount_price < price)),
    stock          INTEGER NOT NULL CHECK (stock >= 0),
    rating_x10     INTEGER NOT NULL CHECK (rating_x10 BETWEEN 0 AND 50),
    orders_count   INTEGER NOT NULL DEFAULT 0,
    -- Withdrawn from sale by the store: kept for orders, carts and wish lists that point at it.
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    pictures       INTEGER NOT NULL DEFAULT 3 CHECK (pictures BETWEEN 1 AND 5),
    created_at     INTEGER NOT NULL,
    -- What a shopper pays: the discount price when there is one.
    effective_price INTEGER GENERATED ALWAYS AS (COALESCE(discount_price, price)) STORED
) STRICT;
CREATE INDEX products_by_store ON products (store_id, orders_count DESC, id);
CREATE INDEX products_by_category ON products (category_id, orders_count DESC, id);
CREATE INDEX products_by_orders ON products (orders_count DESC, id);
CREATE INDEX products_by_price ON products (effective_price, id);
CREATE INDEX products_by_created ON products (created_at DESC, id DESC);
CREATE INDEX products_discounted ON products (orders_count DESC, id) WHERE discount_price IS NOT NULL;

-- Full-text search over both languages' titles of the products on sale (withdrawn ones leave
-- the index, so counting matches needs no join). Query terms are stemmed and prefix-matched.
-- unicode61 folds Latin diacritics only, so ё is indexed as е (queries do the same).
CREATE VIRTUAL TABLE products_fts USING fts5 (
    title_ru, title_en,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products WHEN new.active = 1 BEGIN
    INSERT INTO products_fts (rowid, title_ru, title_en)
    VALUES (new.id, replace(replace(new.title_ru, 'ё', 'е'), 'Ё', 'Е'), new.title_en);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products WHEN old.active = 1 BEGIN
    INSERT INTO products_fts (products_fts, rowid, title_ru, title_en)
    VALUES ('delete', old.id, replace(replace(old.title_ru, 'ё', 'е'), 'Ё', 'Е'), old.title_en);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF title_ru, title_en, active ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, title_ru, title_en)
    SELECT 'delete', old.id, replace(replace(old.title_ru, 'ё', 'е'), 'Ё', 'Е'), old.title_en
    WHERE old.active = 1;
    INSERT INTO products_fts (rowid, title_ru, title_en)
    SELECT new.id, replace(replace(new.title_ru, 'ё', 'е'), 'Ё', 'Е'), new.title_en
    WHERE new.active = 1;
END;

CREATE TABLE store_follows (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    store_id   INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, store_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX store_follows_by_user ON store_follows (user_id, created_at DESC);

-- One row per shopper and product: the latest view.
CREATE TABLE product_views (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    viewed_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX product_views_by_user ON product_views (user_id, viewed_at DESC);

-- Coupons: platform-wide (store_id NULL) or one store's. Shoppers collect them in a later section.
CREATE TABLE coupons (
    id          INTEGER PRIMARY KEY,
    store_id    INTEGER REFERENCES stores (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL UNIQUE,
    title_ru    TEXT    NOT NULL,
    title_en    TEXT    NOT NULL,
    discount    INTEGER NOT NULL CHECK (discount > 0),
    min_order   INTEGER NOT NULL CHECK (min_order >= 0),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    special     INTEGER NOT NULL DEFAULT 0 CHECK (special IN (0, 1))
) STRICT;

CREATE TABLE cart_items (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    selected   INTEGER NOT NULL DEFAULT 1 CHECK (selected IN (0, 1)),
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE addresses (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient  TEXT    NOT NULL,
    country    TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    city       TEXT    NOT NULL,
    street     TEXT    NOT NULL,
    flat       TEXT    NOT NULL,
    postcode   TEXT    NOT NULL,
    phone      TEXT    NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX addresses_by_user ON addresses (user_id, is_default DESC, id);
CREATE UNIQUE INDEX addresses_one_default ON addresses (user_id) WHERE is_default = 1;

-- One order per store per checkout. Titles, prices and the address are copies: later changes to
-- the product or the address book do not change an order.
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1000000000000000 AND 9999999999999999),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    -- The checkout this order came from: a repeated submission finds its orders instead of
    -- placing new ones.
    checkout_key TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('awaiting_payment', 'awaiting_shipment', 'shipped',
                         'delivered', 'completed', 'cancelled', 'closed')),
    items_total  INTEGER NOT NULL CHECK (items_total >= 0),
    shipping     INTEGER NOT NULL DEFAULT 0 CHECK (shipping >= 0),
    discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    total        INTEGER NOT NULL CHECK (total >= 0),
    ship_recipient TEXT NOT NULL,
    ship_country   TEXT NOT NULL,
    ship_region    TEXT NOT NULL,
    ship_city      TEXT NOT NULL,
    ship_street    TEXT NOT NULL,
    ship_flat      TEXT NOT NULL,
    ship_postcode  TEXT NOT NULL,
    ship_phone     TEXT NOT NULL,
    carrier         TEXT,
    tracking_number TEXT,
    created_at   INTEGER NOT NULL,
    paid_at      INTEGER,
    shipped_at   INTEGER,
    delivered_at INTEGER,
    completed_at INTEGER,
    cancelled_at INTEGER,
    cancel_reason TEXT,
    -- The shopper moved it to the deleted-orders bin.
    deleted_at   INTEGER,
    UNIQUE (user_id, checkout_key, store_id)
) STRICT;
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_by_store ON orders (store_id, status, created_at DESC, id DESC);
CREATE INDEX orders_unpaid ON orders (created_at) WHERE status = 'awaiting_payment';
CREATE INDEX orders_delivered ON orders (delivered_at) WHERE status = 'delivered';

CREATE TABLE order_items (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    title_ru   TEXT    NOT NULL,
    title_en   TEXT    NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price > 0),
    quantity   INTEGER NOT NULL CHECK (quantity > 0)
) STRICT;
CREATE INDEX order_items_by_order ON order_items (order_id);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    amount     INTEGER NOT NULL CHECK (amount >= 0),
    method     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE tracking_events (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('handed_to_carrier', 'in_transit', 'customs',
                       'at_pickup_point', 'delivered')),
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tracking_events_by_order ON tracking_events (order_id, created_at, id);
