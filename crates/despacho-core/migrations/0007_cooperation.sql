-- Despacho schema v7: Linking & Cooperation. Agreements with their documents; technical
-- assistance requests (experts, deliverables, and every change as an event row); missions
-- (travellers, links to requests, sessions and agreements, itinerary, report documents,
-- events, estimated and actual cost in minor units, the journal entry that posted it);
-- information products (language versions, files), dissemination lists (saved filters,
-- resolved to recipients when read) and the dissemination log.

CREATE TABLE agreements (
  id               TEXT PRIMARY KEY NOT NULL,
  -- The counterpart: a member institution, or another organization named in counterpart_name.
  member_id        TEXT REFERENCES members(id),
  counterpart_name TEXT NOT NULL DEFAULT '',
  subject          TEXT NOT NULL,
  signed_on        TEXT,
  valid_from       TEXT,
  valid_to         TEXT,
  -- Days before valid_to by which the office decides on renewal.
  notice_days      INTEGER CHECK (notice_days IS NULL OR notice_days BETWEEN 0 AND 3650),
  renewal_date     TEXT,
  status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','in_force','expired','terminated','renewed')),
  notes            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  updated_by       TEXT,
  deleted_at       TEXT,
  CHECK (member_id IS NOT NULL OR counterpart_name <> '')
);
CREATE INDEX agreements_valid_to ON agreements(status, valid_to) WHERE deleted_at IS NULL;
CREATE INDEX agreements_member ON agreements(member_id) WHERE member_id IS NOT NULL;

-- Documents of a record of this module; the file is `<data dir>/attachments/<sha256>`.
CREATE TABLE cooperation_documents (
  id          TEXT PRIMARY KEY NOT NULL,
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('agreement','mission','publication')),
  owner_id    TEXT NOT NULL,
  -- For publication files: the language version the file belongs to.
  language    TEXT CHECK (language IS NULL OR language IN ('es','en','pt','fr')),
  title       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX cooperation_documents_owner ON cooperation_documents(owner_kind, owner_id);

CREATE TABLE assistance_requests (
  id              TEXT PRIMARY KEY NOT NULL,
  received_on     TEXT NOT NULL,
  member_id       TEXT NOT NULL REFERENCES members(id),
  contact_id      TEXT REFERENCES contacts(id),
  -- The CASS area (a body of kind 'commission').
  area_id         TEXT REFERENCES bodies(id),
  title           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','under_assessment','approved','declined','in_progress','closed')),
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_on      TEXT,
  outcome         TEXT NOT NULL DEFAULT '',
  closed_on       TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT,
  deleted_at      TEXT
);
CREATE INDEX assistance_requests_status ON assistance_requests(status) WHERE deleted_at IS NULL;

CREATE TABLE assistance_experts (
  id          TEXT PRIMARY KEY NOT NULL,
  request_id  TEXT NOT NULL REFERENCES assistance_requests(id),
  name        TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT '',
  external    INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0,1)),
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX assistance_experts_request ON assistance_experts(request_id);

CREATE TABLE assistance_deliverables (
  id            TEXT PRIMARY KEY NOT NULL,
  request_id    TEXT NOT NULL REFERENCES assistance_requests(id),
  title         TEXT NOT NULL,
  due_on        TEXT,
  delivered_on  TEXT,
  position      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT,
  deleted_at    TEXT
);
CREATE INDEX assistance_deliverables_request ON assistance_deliverables(request_id);

-- The history of requests and missions: one row per change, with the date it happened.
CREATE TABLE cooperation_events (
  id          TEXT PRIMARY KEY NOT NULL,
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('request','mission')),
  owner_id    TEXT NOT NULL,
  on_date     TEXT NOT NULL,
  at          TEXT NOT NULL,
  kind        TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT '',
  user_id     TEXT REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX cooperation_events_owner ON cooperation_events(owner_kind, owner_id, on_date);

CREATE TABLE missions (
  id                  TEXT PRIMARY KEY NOT NULL,
  purpose             TEXT NOT NULL,
  country             TEXT NOT NULL CHECK (length(country) = 2),
  city                TEXT NOT NULL,
  start_date          TEXT NOT NULL,
  end_date            TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','approved','under_way','completed','report_filed','cancelled')),
  estimated_minor     INTEGER,
  estimated_currency  TEXT CHECK (estimated_currency IS NULL OR length(estimated_currency) = 3),
  actual_minor        INTEGER,
  actual_currency     TEXT CHECK (actual_currency IS NULL OR length(actual_currency) = 3),
  actual_paid_on      TEXT,
  actual_budget_line  TEXT,
  actual_entry_id     TEXT REFERENCES journal_entries(id),
  report              TEXT NOT NULL DEFAULT '',
  report_filed_on     TEXT,
  notes               TEXT NOT NULL DEFAULT '',
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  updated_by          TEXT,
  deleted_at          TEXT,
  CHECK (end_date >= start_date)
);
CREATE INDEX missions_dates ON missions(status, start_date, end_date) WHERE deleted_at IS NULL;

CREATE TABLE mission_travellers (
  id          TEXT PRIMARY KEY NOT NULL,
  mission_id  TEXT NOT NULL REFERENCES missions(id),
  name        TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX mission_travellers_mission ON mission_travellers(mission_id);

CREATE TABLE mission_legs (
  id          TEXT PRIMARY KEY NOT NULL,
  mission_id  TEXT NOT NULL REFERENCES missions(id),
  on_date     TEXT NOT NULL,
  from_place  TEXT NOT NULL,
  to_place    TEXT NOT NULL,
  transport   TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX mission_legs_mission ON mission_legs(mission_id);

-- A mission's links to technical assistance requests, sessions and agreements.
CREATE TABLE mission_links (
  id          TEXT PRIMARY KEY NOT NULL,
  mission_id  TEXT NOT NULL REFERENCES missions(id),
  kind        TEXT NOT NULL CHECK (kind IN ('request','session','agreement')),
  target_id   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE UNIQUE INDEX mission_links_unique ON mission_links(mission_id, kind, target_id) WHERE deleted_at IS NULL;
CREATE INDEX mission_links_target ON mission_links(kind, target_id) WHERE deleted_at IS NULL;

CREATE TABLE publications (
  id               TEXT PRIMARY KEY NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('publication','bulletin','report','statement')),
  status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','review','approved','disseminated')),
  published_on     TEXT,
  notes            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  updated_by       TEXT,
  deleted_at       TEXT
);

CREATE TABLE publication_versions (
  id              TEXT PRIMARY KEY NOT NULL,
  publication_id  TEXT NOT NULL REFERENCES publications(id),
  language        TEXT NOT NULL CHECK (language IN ('es','en','pt','fr')),
  title           TEXT NOT NULL,
  summary         TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT,
  deleted_at      TEXT
);
CREATE UNIQUE INDEX publication_versions_language ON publication_versions(publication_id, language) WHERE deleted_at IS NULL;

-- A dissemination list is a saved filter; its recipients are resolved when it is read.
-- Each criterion is a comma-separated set (empty = any).
CREATE TABLE dissemination_lists (
  id          TEXT PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  categories  TEXT NOT NULL DEFAULT '',
  countries   TEXT NOT NULL DEFAULT '',
  subregions  TEXT NOT NULL DEFAULT '',
  languages   TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE UNIQUE INDEX dissemination_lists_name ON dissemination_lists(name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE dissemination_log (
  id              TEXT PRIMARY KEY NOT NULL,
  publication_id  TEXT NOT NULL REFERENCES publications(id),
  list_id         TEXT REFERENCES dissemination_lists(id),
  list_name       TEXT NOT NULL DEFAULT '',
  channel         TEXT NOT NULL CHECK (channel IN ('email','post','web')),
  sent_on         TEXT NOT NULL,
  sent_by         TEXT REFERENCES users(id),
  recipients      INTEGER NOT NULL DEFAULT 0,
  notes           TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT
);
CREATE INDEX dissemination_log_publication ON dissemination_log(publication_id);
