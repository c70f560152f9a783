-- Despacho schema v9: offline sync between installations (ADR 0007).
--
-- Every table here is LOCAL: it is never synced itself (sync.rs lists the local-only tables).
-- The capture triggers (`sync_i_<table>`, `sync_u_<table>`, `sync_d_<table>`) are not created
-- here but by Rust at every open (sync::capture::install), generated from sqlite_master, so
-- that a table added by a later migration is captured without a code change.

-- This installation: its site id, name and ed25519 public key (hex; the private key is a file
-- beside the store, `<store>.sync-key`, so that backups and snapshots never carry it).
CREATE TABLE sync_site (
  id          TEXT PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  public_key  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- The hybrid logical clock and the counters of the change log (one row, id 'local').
-- hlc: milliseconds since 1970 shifted left 16 bits, plus a logical counter in the low bits.
CREATE TABLE sync_clock (
  id          TEXT PRIMARY KEY NOT NULL,
  site        TEXT NOT NULL,              -- this site's id (the triggers read it here)
  hlc         INTEGER NOT NULL,
  next_oseq   INTEGER NOT NULL,           -- the next number of a change made here
  next_seq    INTEGER NOT NULL,           -- the next place in the local log
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- The change log: one row per changed row, made here (by the triggers) or received in a bundle
-- (kept so that it can be relayed to other sites). id = '<origin site>:<origin seq, 12 digits>'.
CREATE TABLE sync_log (
  id          TEXT PRIMARY KEY NOT NULL,
  seq         INTEGER NOT NULL UNIQUE,    -- the local order
  origin      TEXT NOT NULL,              -- the site where the change was made
  oseq        INTEGER NOT NULL,           -- its number at that site (1, 2, 3…)
  hlc         INTEGER NOT NULL,
  tbl         TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  op          TEXT NOT NULL CHECK (op IN ('I','U','D')),
  data        TEXT NOT NULL,              -- JSON {column: new value}
  cols        TEXT,                       -- U made here: the changed columns (a,b,c); else all of data
  prev        TEXT,                       -- JSON {column: stamp} what the origin had before
  updated_at  TEXT NOT NULL,              -- wall time of the change
  updated_by  TEXT                        -- the user who made it (the row's updated_by)
) WITHOUT ROWID;
CREATE INDEX sync_log_row ON sync_log(tbl, row_id, seq);

-- For each other site, the last change of theirs this store holds (this site: sync_clock).
CREATE TABLE sync_vector (
  id          TEXT PRIMARY KEY NOT NULL,  -- origin site id
  oseq        INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- Present (one row) only while a bundle is applied: the capture triggers stay quiet.
CREATE TABLE sync_applying (
  id          TEXT PRIMARY KEY NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- Enrolled peers.
CREATE TABLE sync_peers (
  id                  TEXT PRIMARY KEY NOT NULL,   -- the peer's site id
  name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
  public_key          TEXT NOT NULL,
  last_sent_seq       INTEGER NOT NULL DEFAULT 0,  -- the last bundle written for it
  last_received_seq   INTEGER NOT NULL DEFAULT 0,  -- the last bundle of its imported here
  acked               TEXT NOT NULL DEFAULT '{}',  -- JSON {origin: oseq} what it holds
  last_export_at      TEXT,
  last_import_at      TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  updated_by          TEXT
);

-- Bundles written and imported (history for `sync status`).
CREATE TABLE sync_bundles (
  id          TEXT PRIMARY KEY NOT NULL,
  peer_id     TEXT NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('out','in')),
  seq         INTEGER NOT NULL,
  changes     INTEGER NOT NULL,
  files       INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  path        TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX sync_bundles_peer ON sync_bundles(peer_id, direction, seq);

-- Conflicts found here while applying bundles. The id is computed from what conflicted, so
-- every site that sees the same conflict gives it the same id. Side a is the earlier stamp,
-- side b the later one (the provisional winner of a same-field conflict).
CREATE TABLE sync_conflicts (
  id          TEXT PRIMARY KEY NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('field','edit_delete','unique')),
  tbl         TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  field       TEXT NOT NULL,
  a_value     TEXT,                       -- JSON
  a_stamp     TEXT,
  a_site      TEXT,
  a_user      TEXT,
  a_at        TEXT,
  b_value     TEXT,
  b_stamp     TEXT,
  b_site      TEXT,
  b_user      TEXT,
  b_at        TEXT,
  local_side  TEXT NOT NULL CHECK (local_side IN ('a','b')),
  other_row   TEXT,                       -- unique: the other record
  detail      TEXT NOT NULL DEFAULT '',
  detected_at TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- How a conflict was resolved. An ordinary SYNCED table: a resolution made on one site
-- travels, and every site marks its conflict entry resolved.
CREATE TABLE conflict_resolutions (
  id          TEXT PRIMARY KEY NOT NULL,  -- the conflict's id
  take        TEXT NOT NULL,              -- 'a' or 'b': the side chosen
  value       TEXT,                       -- JSON, the value chosen
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- The rows seeded by earlier migrations (fixed ids, the same on every store) were stamped with
-- the time each store was created. Two offices installed apart would then differ in them for
-- ever (they were never changed, so no change of theirs can travel). The ones never edited get
-- one fixed time, so that every store agrees on them. Rows seeded by later migrations must use
-- a fixed time too (ADR 0007).
UPDATE bodies SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'
  WHERE id LIKE '01940000-0000-7000-8000-%' AND updated_by IS NULL AND created_at = updated_at;
UPDATE units SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'
  WHERE id LIKE '01940000-0000-7000-8001-%' AND updated_by IS NULL AND created_at = updated_at;
UPDATE accounts SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'
  WHERE id LIKE '01940000-0000-7000-8002-%' AND updated_by IS NULL AND created_at = updated_at;
UPDATE budget_chapters SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'
  WHERE id LIKE '01940000-0000-7000-8003-%' AND updated_by IS NULL AND created_at = updated_at;
UPDATE budget_lines SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'
  WHERE id LIKE '01940000-0000-7000-8004-%' AND updated_by IS NULL AND created_at = updated_at;
