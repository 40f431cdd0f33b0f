-- Reports, improve translation and the platform's moderation console (issue 16).
-- `users.role` is `auth`'s; `reports`, `report_files` are `reports`'; `translation_*` are
-- `translate`'s; both write their decisions into `moderation_log`.

-- Platform staff: a moderator sees `/admin`; everyone else is a shopper.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'shopper'
    CHECK (role IN ('shopper', 'moderator'));

-- A complaint about a product (or a store: `product_id` NULL).
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    product_id   INTEGER REFERENCES products (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('copyright', 'trademark', 'patent', 'prohibited')),
    -- The prohibited category (prohibited items only).
    banned       TEXT    NOT NULL DEFAULT '',
    -- The right holder and the registration number of the right (IP complaints).
    holder       TEXT    NOT NULL DEFAULT '',
    registration TEXT    NOT NULL DEFAULT '',
    country      TEXT    NOT NULL,
    basis        TEXT    NOT NULL,
    basis_text   TEXT    NOT NULL DEFAULT '',
    argument     TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'reviewing', 'upheld', 'dismissed', 'retracted')),
    -- The moderator's reason, who decided and when (the log keeps every step).
    reason       TEXT    NOT NULL DEFAULT '',
    decided_by   INTEGER REFERENCES users (id),
    decided_at   INTEGER,
    created_at   INTEGER NOT NULL,
    waiting      INTEGER GENERATED ALWAYS AS (status IN ('received', 'reviewing')) VIRTUAL
) STRICT;
-- The shopper's list (newest first) and the daily limit.
CREATE INDEX reports_by_user ON reports (user_id, created_at DESC, id DESC);
-- The moderators' queue, oldest first.
CREATE INDEX reports_queue ON reports (waiting, created_at, id);
-- One open report per shopper, product (or store) and kind.
CREATE UNIQUE INDEX reports_one_open ON reports (user_id, store_id, COALESCE(product_id, 0), kind)
    WHERE status IN ('received', 'reviewing');

-- Evidence: re-encoded JPEGs and checked PDFs, 1–5 per report.
CREATE TABLE report_files (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'application/pdf')),
    bytes        BLOB    NOT NULL,
    UNIQUE (report_id, position)
) STRICT;

-- A proposed text for one part of a product (its English title…), against the text it replaces.
CREATE TABLE translation_proposals (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    part       TEXT    NOT NULL
               CHECK (part IN ('title_ru', 'title_en', 'description_ru', 'description_en')),
    text       TEXT    NOT NULL,
    replaced   TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    reason     TEXT    NOT NULL DEFAULT '',
    -- NULL with a decision: accepted by the shoppers' ratings (the rule in `translate`).
    decided_by INTEGER REFERENCES users (id),
    decided_at INTEGER,
    created_at INTEGER NOT NULL,
    waiting    INTEGER GENERATED ALWAYS AS (status = 'pending') VIRTUAL
) STRICT;
CREATE INDEX proposals_by_user ON translation_proposals (user_id, created_at DESC, id DESC);
CREATE INDEX proposals_queue ON translation_proposals (waiting, created_at, id);
CREATE INDEX proposals_by_text ON translation_proposals (product_id, part, waiting, id);
CREATE UNIQUE INDEX proposals_one_pending ON translation_proposals (user_id, product_id, part)
    WHERE status = 'pending';

-- A shopper's 1–5 rating of a text: `target` 0 is the product's original text, otherwise the
-- proposal (an accepted proposal's ratings are then the current text's).
CREATE TABLE translation_ratings (
    product_id INTEGER NOT NULL REFERENCES products (id),
    part       TEXT    NOT NULL,
    target     INTEGER NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    at         INTEGER NOT NULL,
    PRIMARY KEY (product_id, part, target, user_id)
) STRICT, WITHOUT ROWID;

-- Texts a shopper was shown (rated, proposed or skipped): never shown again.
CREATE TABLE translation_seen (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    part        TEXT    NOT NULL,
    category_id INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (user_id, product_id, part)
) STRICT, WITHOUT ROWID;
CREATE INDEX translation_seen_latest ON translation_seen (user_id, at DESC);

-- Every decision on a report or a proposal: who (NULL: the rating rule), what, why, when.
CREATE TABLE moderation_log (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER REFERENCES users (id),
    report_id   INTEGER REFERENCES reports (id) ON DELETE CASCADE,
    proposal_id INTEGER REFERENCES translation_proposals (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    CHECK ((report_id IS NULL) <> (proposal_id IS NULL))
) STRICT;
CREATE INDEX moderation_log_by_report ON moderation_log (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX moderation_log_by_proposal ON moderation_log (proposal_id) WHERE proposal_id IS NOT NULL;

-- The points ledger takes thanks for an accepted translation (source: the proposal): the kind's
-- CHECK is widened by making the table again.
CREATE TABLE points_ledger_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('purchase', 'refund', 'review', 'review_removed',
                       'purchase_day', 'translation')),
    source     INTEGER NOT NULL,
    points     INTEGER NOT NULL CHECK (points <> 0),
    order_id   INTEGER REFERENCES orders (id),
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, kind, source)
) STRICT;
INSERT INTO points_ledger_new (id, user_id, kind, source, points, order_id, created_at)
SELECT id, user_id, kind, source, points, order_id, created_at FROM points_ledger;
DROP TABLE points_ledger;
ALTER TABLE points_ledger_new RENAME TO points_ledger;
CREATE INDEX points_by_user ON points_ledger (user_id, created_at, id, points);
CREATE INDEX points_by_order ON points_ledger (order_id) WHERE order_id IS NOT NULL;
