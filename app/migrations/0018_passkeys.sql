-- Passkeys (issue 17): WebAuthn credentials, and the ceremonies under way.

-- The handle an account is known by to authenticators (`user.id` in WebAuthn): random, so it
-- says nothing about the account, and fixed for the account's life.
CREATE TABLE passkey_handles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle  TEXT    NOT NULL UNIQUE
) STRICT;

-- An account's passkeys. `credential` is webauthn-rs' stored form (public key, algorithm,
-- signature counter): written again after each sign-in with the new counter.
CREATE TABLE passkeys (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id BLOB    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    credential    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
) STRICT;
CREATE INDEX passkeys_by_user ON passkeys (user_id, id);

-- A registration or sign-in started and not finished: the challenge's state, used once (the
-- row is deleted as it is read) and for five minutes. `user_id` is set for a registration.
CREATE TABLE passkey_ceremonies (
    token_hash BLOB    PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('register', 'sign_in')),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies (expires_at);
