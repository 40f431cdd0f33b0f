-- Search at catalogue scale (200,000 products, a common word matching ~10,000 of them).
--
-- Matches come from products_fts in rowid order. Sorting them by a product column used to read
-- each match's whole row (titles, descriptions: ~400 bytes, mostly outside SQLite's page cache);
-- this index keyed by id carries every column search filters or sorts on, so the same lookups
-- touch a few narrow pages (`INDEXED BY products_search_keys` in catalog/ssr/search.rs).
CREATE INDEX products_search_keys ON products (
    id, active, category_id, discount_price, effective_price, created_at, orders_count
);

-- Price, highest first, cheaper ids first among equal prices: the order search walks for
-- "price_desc" (products_by_price read backwards would put the higher id first).
CREATE INDEX products_by_price_desc ON products (effective_price DESC, id);
