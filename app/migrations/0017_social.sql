-- Sign in with Google, Facebook or VK (issue 17).

-- An account's identities at the providers: one per provider, and one account per identity.
CREATE TABLE social_identities (
    provider     TEXT    NOT NULL CHECK (provider IN ('google', 'facebook', 'vk')),
    subject      TEXT    NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    PRIMARY KEY (provider, subject),
    UNIQUE (user_id, provider)
) STRICT;

-- A provider sign-in under way: started here, waiting for the provider to send the browser
-- back. Only SHA-256 hashes of the `state` and of the browser's flow cookie are stored; the
-- PKCE verifier and the nonce live ten minutes and are used once (the row is deleted as it is
-- read). `user_id` is set when a signed-in shopper adds the provider to their account.
CREATE TABLE social_flows (
    state_hash   BLOB    PRIMARY KEY,
    browser_hash BLOB    NOT NULL,
    provider     TEXT    NOT NULL,
    verifier     TEXT    NOT NULL,
    nonce        TEXT    NOT NULL,
    next         TEXT    NOT NULL,
    user_id      INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX social_flows_by_expiry ON social_flows (expires_at);

-- A provider identity whose e-mail belongs to an existing account: linked only once that
-- account's password (and two-step code) is given in the same browser (its flow cookie).
CREATE TABLE social_link_waits (
    browser_hash BLOB    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider     TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    next         TEXT    NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX social_link_waits_by_expiry ON social_link_waits (expires_at);
