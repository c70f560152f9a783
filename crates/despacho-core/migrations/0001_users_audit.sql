-- Despacho schema v1: settings, users and the audit log.
-- Conventions: UUIDv7 TEXT keys, explicit PRIMARY KEY, created_at/updated_at (UTC RFC 3339),
-- updated_by (user id), tombstones (deleted_at) for synced records.
CREATE TABLE settings (
  key         TEXT PRIMARY KEY NOT NULL,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

CREATE TABLE users (
  id             TEXT PRIMARY KEY NOT NULL,
  username       TEXT NOT NULL COLLATE NOCASE UNIQUE,
  full_name      TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('secretary_general','chief_of_staff','managing_finances','linking_cooperation','staff','auditor')),
  is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0,1)),
  password_hash  TEXT NOT NULL,
  language       TEXT NOT NULL DEFAULT 'es' CHECK (language IN ('es','en','pt','fr')),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT,
  deleted_at     TEXT
);

CREATE TABLE audit_log (
  id          TEXT PRIMARY KEY NOT NULL,
  at          TEXT NOT NULL,
  user_id     TEXT,
  operation   TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT,
  summary     TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
