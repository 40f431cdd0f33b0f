-- Settings (issue 13): where each session was started, the sign-in history, known devices,
-- two-step sign-in, pending e-mail changes, the e-mail log and the shopper's e-mail choices.
-- All owned by `auth` (the e-mail log and choices by `notify`).

-- The device ("Chrome, Windows", from the user agent) and network ("203.0.113.0/24") a session
-- was started from. Sessions started before this migration show "unknown".
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN network TEXT NOT NULL DEFAULT '';

-- The last 50 sign-in attempts on each account (older rows are deleted as new ones come in).
CREATE TABLE sign_in_log (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    device  TEXT    NOT NULL,
    network TEXT    NOT NULL,
    result  TEXT    NOT NULL CHECK (result IN ('ok', 'wrong_password', 'wrong_code', 'throttled'))
) STRICT;
CREATE INDEX sign_in_log_by_user ON sign_in_log (user_id, id);

-- Browsers an account has signed in from: the SHA-256 of the long-lived `kabinet_device` cookie.
-- A sign-in from a browser not listed here e-mails the shopper once.
CREATE TABLE known_devices (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash BLOB    NOT NULL,
    first_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_hash)
) STRICT, WITHOUT ROWID;

-- Two-step sign-in (TOTP, RFC 6238): the shared secret; `enabled_at` NULL while the shopper has
-- not yet confirmed it with a first code. `last_step`: the newest 30-second step a code was
-- accepted for, so a code is never accepted twice. `fresh_codes`: the recovery codes just made,
-- in clear, until the page has shown them once.
CREATE TABLE two_step (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret      BLOB    NOT NULL,
    enabled_at  INTEGER,
    last_step   INTEGER NOT NULL DEFAULT 0,
    fresh_codes TEXT
) STRICT;

-- Ten single-use recovery codes per account, stored as SHA-256.
CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash BLOB    NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
) STRICT, WITHOUT ROWID;

-- A sign-in whose password was right and that waits for the second step (cookie
-- `kabinet_pending`, stored hashed, ten minutes).
CREATE TABLE pending_sign_ins (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A change of e-mail waiting for the link sent to the new address (stored hashed, 24 hours);
-- the old address stays in force until then.
CREATE TABLE email_changes (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_email  TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX email_changes_by_user ON email_changes (user_id);

-- Every e-mail sent to a shopper, as sent (links that sign in or reset are blanked out).
CREATE TABLE mail_log (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    body    TEXT    NOT NULL,
    sent_at INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_log_by_user ON mail_log (user_id, id);

-- Kinds of e-mail a shopper switched off (security e-mails cannot be).
CREATE TABLE mail_opt_outs (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

-- Profile: "about me" and the photo (re-encoded JPEG, square).
ALTER TABLE users ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN photo BLOB;

-- Public profiles: named by a random number (never the row id or the member ID, which signs
-- in), drawn for every new account by the trigger; the name is shown only if the shopper allows.
ALTER TABLE users ADD COLUMN public_id INTEGER;
ALTER TABLE users ADD COLUMN name_public INTEGER NOT NULL DEFAULT 0 CHECK (name_public IN (0, 1));
UPDATE users SET public_id = abs(random() / 2);
CREATE UNIQUE INDEX users_by_public_id ON users (public_id);
CREATE TRIGGER users_public_id AFTER INSERT ON users WHEN NEW.public_id IS NULL
BEGIN
    UPDATE users SET public_id = abs(random() / 2) WHERE id = NEW.id;
END;

-- Shoppers following shoppers (owned by `follows`).
CREATE TABLE user_follows (
    follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    PRIMARY KEY (follower_id, followed_id),
    CHECK (follower_id <> followed_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_follows_by_followed ON user_follows (followed_id, at);
