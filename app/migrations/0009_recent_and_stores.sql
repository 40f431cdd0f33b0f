-- Recently viewed: a shopper may pause the recording of views (the list itself is
-- product_views, one row per product with the latest view).
CREATE TABLE view_pauses (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    paused_at INTEGER NOT NULL
) STRICT;

-- The recently viewed list filtered to one category pages through the same index as the whole
-- list; the product is looked up per row.

-- Store search: full text over store names, the same tokenizer as products (ё indexed as е).
CREATE VIRTUAL TABLE stores_fts USING fts5 (
    name,
    content = 'stores', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO stores_fts (rowid, name)
SELECT id, replace(replace(name, 'ё', 'е'), 'Ё', 'Е') FROM stores;
CREATE TRIGGER stores_fts_insert AFTER INSERT ON stores BEGIN
    INSERT INTO stores_fts (rowid, name)
    VALUES (new.id, replace(replace(new.name, 'ё', 'е'), 'Ё', 'Е'));
END;
CREATE TRIGGER stores_fts_delete AFTER DELETE ON stores BEGIN
    INSERT INTO stores_fts (stores_fts, rowid, name)
    VALUES ('delete', old.id, replace(replace(old.name, 'ё', 'е'), 'Ё', 'Е'));
END;
CREATE TRIGGER stores_fts_update AFTER UPDATE OF name ON stores BEGIN
    INSERT INTO stores_fts (stores_fts, rowid, name)
    VALUES ('delete', old.id, replace(replace(old.name, 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO stores_fts (rowid, name)
    VALUES (new.id, replace(replace(new.name, 'ё', 'е'), 'Ё', 'Е'));
END;
