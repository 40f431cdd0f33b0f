-- A store's followers, walked by user id when a new coupon is announced to them
-- (`coupons::ssr::announce`); the primary key (user_id, store_id) serves only "stores I follow".
CREATE INDEX store_follows_by_store ON store_follows (store_id, user_id);
