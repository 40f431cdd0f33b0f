-- Abuse limits (issue 15): registrations per network and recovery e-mails per address, counted
-- over a sliding hour. One row per counted event; rows older than the window are deleted as
-- new ones come in for the same key.
CREATE TABLE limit_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,          -- 'register' | 'recovery_mail'
    key TEXT NOT NULL,           -- network ("203.0.113.7", "2001:db8:1:2::/64") or e-mail address
    at INTEGER NOT NULL
);
CREATE INDEX limit_events_kind_key_at ON limit_events (kind, key, at);
