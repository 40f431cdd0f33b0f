-- Coupons (issue 12): their kinds and limits, the shoppers' wallets, and what each order got.

-- A percentage coupon: `percent` off the order, at most `discount` (its cap). Without a
-- percentage, `discount` is a fixed amount off.
ALTER TABLE coupons ADD COLUMN percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 1 AND 100);
-- How many one shopper may hold, and how many exist in all (NULL: no limit) and are taken.
ALTER TABLE coupons ADD COLUMN per_shopper INTEGER NOT NULL DEFAULT 1 CHECK (per_shopper BETWEEN 1 AND 20);
ALTER TABLE coupons ADD COLUMN quantity INTEGER CHECK (quantity IS NULL OR quantity >= 1);
ALTER TABLE coupons ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0 CHECK (claimed >= 0);
-- A special coupon: who may claim it (`coupons::Condition`), e.g. a club level from `level`.
ALTER TABLE coupons ADD COLUMN condition TEXT;
ALTER TABLE coupons ADD COLUMN level INTEGER;
-- Shown on store, product and home pages with "Получить купон"; otherwise only by its code.
ALTER TABLE coupons ADD COLUMN public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1));
-- The store ended it: no more claims; coupons already claimed keep their window.
ALTER TABLE coupons ADD COLUMN ended_at INTEGER;
ALTER TABLE coupons ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX coupons_by_store ON coupons (store_id, ends_at);

-- The wallet: one row per claimed coupon. `state` is written by `coupons::ssr` only.
CREATE TABLE user_coupons (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    coupon_id  INTEGER NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
    state      TEXT    NOT NULL CHECK (state IN ('held', 'used')),
    claimed_at INTEGER NOT NULL,
    used_at    INTEGER,
    -- The "expires soon" notice went to the message center.
    warned_at  INTEGER
) STRICT;
CREATE INDEX user_coupons_by_user ON user_coupons (user_id, coupon_id);
CREATE INDEX user_coupons_to_warn ON user_coupons (coupon_id) WHERE state = 'held' AND warned_at IS NULL;

-- What each order got from each coupon. A platform coupon is split over the orders of one
-- checkout, so one wallet row may have several. `released`: the order was cancelled; the
-- coupon went back to the wallet when all its orders were.
CREATE TABLE order_coupons (
    order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_coupon_id INTEGER NOT NULL REFERENCES user_coupons (id) ON DELETE CASCADE,
    amount         INTEGER NOT NULL CHECK (amount >= 0),
    released       INTEGER NOT NULL DEFAULT 0 CHECK (released IN (0, 1)),
    PRIMARY KEY (order_id, user_coupon_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_coupons_by_coupon ON order_coupons (user_coupon_id);

-- Gift cards (подарочные сертификаты): a code redeemed into one shopper's balance, spent as part
-- of a payment, refilled by refunds of that part. Only the SHA-256 of the code is kept; `last4`
-- names it on pages. `balance` is written by `giftcards::ssr` only, with a move for every change.
CREATE TABLE gift_cards (
    id          INTEGER PRIMARY KEY,
    code_hash   TEXT    NOT NULL UNIQUE,
    last4       TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    balance     INTEGER NOT NULL CHECK (balance >= 0),
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    redeemed_at INTEGER,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX gift_cards_by_user ON gift_cards (user_id, expires_at);

CREATE TABLE gift_card_moves (
    id       INTEGER PRIMARY KEY,
    card_id  INTEGER NOT NULL REFERENCES gift_cards (id) ON DELETE CASCADE,
    -- Positive when the balance grows (redeemed, refunded), negative when spent.
    amount   INTEGER NOT NULL CHECK (amount <> 0),
    kind     TEXT    NOT NULL CHECK (kind IN ('redeemed', 'spent', 'refund')),
    order_id INTEGER REFERENCES orders (id),
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX gift_card_moves_by_card ON gift_card_moves (card_id, at DESC, id DESC);
CREATE INDEX gift_card_moves_by_order ON gift_card_moves (order_id) WHERE order_id IS NOT NULL;

-- The part of an order's payment that came from gift cards (the rest: the card).
ALTER TABLE payments ADD COLUMN gift_amount INTEGER NOT NULL DEFAULT 0 CHECK (gift_amount >= 0);
