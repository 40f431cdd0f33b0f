-- Prefix indexes for search. Every query term of two letters or more is prefix-matched
-- ("куртк"*); without a prefix index FTS5 answers a prefix query by walking every index term
-- that starts with it, and a short prefix expands over a large part of the vocabulary.
-- `prefix='2 3'` keeps extra entries for the first two and three characters of every token, so
-- those look-ups read one entry list. One-letter terms are matched as whole words
-- (catalog/stem.rs): none reaches FTS5 as a prefix.
--
-- FTS5 options cannot be altered: both tables are made again and filled from their content
-- tables exactly as their triggers (0002, 0009) fill them — products on sale only, ё as е. The
-- triggers name the tables, not their definitions, so they keep working on the new tables.

DROP TABLE products_fts;
CREATE VIRTUAL TABLE products_fts USING fts5 (
    title_ru, title_en,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO products_fts (rowid, title_ru, title_en)
SELECT id, replace(replace(title_ru, 'ё', 'е'), 'Ё', 'Е'), title_en FROM products WHERE active = 1;

DROP TABLE stores_fts;
CREATE VIRTUAL TABLE stores_fts USING fts5 (
    name,
    content = 'stores', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO stores_fts (rowid, name)
SELECT id, replace(replace(name, 'ё', 'е'), 'Ё', 'Е') FROM stores;
