-- Shoppers and store owners share one account table.
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    member_id          INTEGER NOT NULL UNIQUE,
    name               TEXT    NOT NULL,
    email              TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash      TEXT    NOT NULL,
    lang               TEXT    NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'en')),
    email_confirmed_at INTEGER,
    created_at         INTEGER NOT NULL
) STRICT;

-- Server-side sessions. Only a SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id_hash      BLOB    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Single-use e-mailed links (e-mail confirmation, password reset), stored hashed.
CREATE TABLE email_tokens (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('confirm_email', 'reset_password')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX email_tokens_by_user ON email_tokens (user_id, kind);

-- Failed sign-ins, for throttling by account and by client address.
CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    account_key TEXT,
    ip          TEXT    NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_account ON login_failures (account_key, at);
CREATE INDEX login_failures_by_ip ON login_failures (ip, at);
