-- Despacho schema v6: the tamper-evident audit chain and account protection.
--
-- Audit chain: every row gets its place in the chain (`seq`, 1, 2, 3… in insertion order),
-- the hash of the previous row (`prev_hash`) and its own hash (`hash`, hex SHA-256 over a
-- canonical serialization of its fields and `prev_hash`). SQL cannot compute SHA-256, so the
-- rows that exist when this migration runs are sealed by Rust in the same transaction
-- (store::migrate → audit::seal_legacy), in their order by (at, id).
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log(seq);
CREATE INDEX audit_log_user ON audit_log(user_id, seq);
CREATE INDEX audit_log_operation ON audit_log(operation, seq);

-- Sign-in throttling, per user name as typed (normalized), whether or not an account has that
-- name, so that the answer never tells a known user name from an unknown one. Kept in the store
-- so that it survives restarts; a successful sign-in deletes the row.
CREATE TABLE sign_in_throttle (
  username      TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
  failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until  TEXT,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT
);

-- Set when an administrator resets a user's password: the UI asks the user to choose a new one.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1));

-- Security settings live in `settings`: 'security.idle_lock_minutes' (default 15, 1..240).
