-- Despacho schema v3: sessions of the bodies — composition (seats), sessions, attendance,
-- agendas (items, translations, attachments, revision log), minutes, resolutions and
-- action items. Body rules extend `bodies` (0002 is never edited).

-- How a body counts its quorum and numbers its resolutions.
--   quorum_rule: majority_of_voting | two_thirds_of_voting | fixed (quorum_fixed members)
--   membership:  seats (the voting members are the body's voting seats) |
--                all_members (every member institution that may vote: the General Assembly)
ALTER TABLE bodies ADD COLUMN quorum_rule TEXT NOT NULL DEFAULT 'majority_of_voting'
  CHECK (quorum_rule IN ('majority_of_voting','two_thirds_of_voting','fixed'));
ALTER TABLE bodies ADD COLUMN quorum_fixed INTEGER CHECK (quorum_fixed IS NULL OR quorum_fixed > 0);
ALTER TABLE bodies ADD COLUMN membership TEXT NOT NULL DEFAULT 'seats'
  CHECK (membership IN ('seats','all_members'));
ALTER TABLE bodies ADD COLUMN resolution_pattern TEXT NOT NULL DEFAULT '{body}/{year}/R-{n:02}';
UPDATE bodies SET membership = 'all_members' WHERE code = 'GA';

-- The default items a new agenda of the body starts from.
CREATE TABLE agenda_template_items (
  id                TEXT PRIMARY KEY NOT NULL,
  body_id           TEXT NOT NULL REFERENCES bodies(id),
  position          INTEGER NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('information','deliberation','decision','election')),
  title_es          TEXT NOT NULL,
  title_en          TEXT NOT NULL DEFAULT '',
  title_pt          TEXT NOT NULL DEFAULT '',
  title_fr          TEXT NOT NULL DEFAULT '',
  presenter         TEXT NOT NULL DEFAULT '',
  duration_minutes  INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  updated_by        TEXT,
  deleted_at        TEXT
);
CREATE INDEX agenda_template_items_body ON agenda_template_items(body_id, position);

-- A seat in a body: held by a member institution and/or a person, with voice and maybe vote.
CREATE TABLE seats (
  id           TEXT PRIMARY KEY NOT NULL,
  body_id      TEXT NOT NULL REFERENCES bodies(id),
  member_id    TEXT REFERENCES members(id),
  person_name  TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL CHECK (role IN ('president','vice_president','coordinator','secretary','technical_secretary','comptroller','director','representative','member')),
  has_vote     INTEGER NOT NULL CHECK (has_vote IN (0,1)),
  term_from    TEXT,
  term_to      TEXT,
  position     INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT,
  deleted_at   TEXT,
  CHECK (member_id IS NOT NULL OR person_name <> ''),
  CHECK (term_from IS NULL OR term_to IS NULL OR term_from <= term_to)
);
CREATE INDEX seats_body ON seats(body_id);
CREATE INDEX seats_term_to ON seats(term_to);

CREATE TABLE sessions (
  id                 TEXT PRIMARY KEY NOT NULL,
  body_id            TEXT NOT NULL REFERENCES bodies(id),
  ordinal            INTEGER NOT NULL CHECK (ordinal > 0),
  name               TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('ordinary','extraordinary')),
  starts_at          TEXT NOT NULL,   -- RFC 3339 with the zone's offset at that instant
  starts_at_utc      TEXT NOT NULL,   -- the same instant in UTC, for sorting and queries
  ends_at            TEXT,
  time_zone          TEXT NOT NULL,   -- IANA name
  venue              TEXT NOT NULL DEFAULT '',
  virtual_link       TEXT,
  languages          TEXT NOT NULL,   -- 'es,en': the first is the main language
  status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','convened','held','closed')),
  agenda_status      TEXT NOT NULL DEFAULT 'provisional' CHECK (agenda_status IN ('provisional','approved')),
  agenda_revision    INTEGER NOT NULL DEFAULT 1 CHECK (agenda_revision > 0),
  agenda_approved_at TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  updated_by         TEXT,
  deleted_at         TEXT
);
CREATE UNIQUE INDEX sessions_body_kind_ordinal ON sessions(body_id, kind, ordinal) WHERE deleted_at IS NULL;
CREATE INDEX sessions_starts_at ON sessions(starts_at_utc);

-- Who attended: per seat (seat bodies) or per member institution (all-members bodies).
CREATE TABLE attendance (
  id              TEXT PRIMARY KEY NOT NULL,
  session_id      TEXT NOT NULL REFERENCES sessions(id),
  seat_id         TEXT REFERENCES seats(id),
  member_id       TEXT REFERENCES members(id),
  status          TEXT NOT NULL CHECK (status IN ('present','absent','represented')),
  attendee        TEXT NOT NULL DEFAULT '',
  represented_by  TEXT NOT NULL DEFAULT '',
  with_vote       INTEGER NOT NULL CHECK (with_vote IN (0,1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT,
  deleted_at      TEXT,
  CHECK ((seat_id IS NULL) <> (member_id IS NULL))
);
CREATE UNIQUE INDEX attendance_seat ON attendance(session_id, seat_id) WHERE seat_id IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX attendance_member ON attendance(session_id, member_id) WHERE member_id IS NOT NULL AND deleted_at IS NULL;

-- Agenda items: order among siblings is `position`; numbers (1, 1.1…) are computed, never stored.
CREATE TABLE agenda_items (
  id                TEXT PRIMARY KEY NOT NULL,
  session_id        TEXT NOT NULL REFERENCES sessions(id),
  parent_id         TEXT REFERENCES agenda_items(id),
  position          INTEGER NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('information','deliberation','decision','election')),
  presenter         TEXT NOT NULL DEFAULT '',
  duration_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes BETWEEN 0 AND 1440),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  updated_by        TEXT,
  deleted_at        TEXT
);
CREATE INDEX agenda_items_session ON agenda_items(session_id, parent_id, position);

-- An item's title and annotation in one language.
CREATE TABLE agenda_item_texts (
  id          TEXT PRIMARY KEY NOT NULL,
  item_id     TEXT NOT NULL REFERENCES agenda_items(id),
  language    TEXT NOT NULL CHECK (language IN ('es','en','pt','fr')),
  title       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE UNIQUE INDEX agenda_item_texts_lang ON agenda_item_texts(item_id, language);

-- Documents attached to an item; the file is `<data dir>/attachments/<sha256>`.
CREATE TABLE agenda_attachments (
  id          TEXT PRIMARY KEY NOT NULL,
  item_id     TEXT NOT NULL REFERENCES agenda_items(id),
  title       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  size_bytes  INTEGER NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX agenda_attachments_item ON agenda_attachments(item_id);

-- The visible log of changes made to an agenda after its first approval.
CREATE TABLE agenda_changes (
  id          TEXT PRIMARY KEY NOT NULL,
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  revision    INTEGER NOT NULL,
  at          TEXT NOT NULL,
  user_id     TEXT,
  change      TEXT NOT NULL,
  summary     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX agenda_changes_session ON agenda_changes(session_id, at);

-- Minutes of a session; approved at a later session.
CREATE TABLE minutes (
  id                      TEXT PRIMARY KEY NOT NULL,
  session_id              TEXT NOT NULL UNIQUE REFERENCES sessions(id),
  status                  TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  approved_at_session_id  TEXT REFERENCES sessions(id),
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  updated_by              TEXT,
  deleted_at              TEXT
);
CREATE INDEX minutes_approved_at ON minutes(approved_at_session_id);

CREATE TABLE minutes_entries (
  id          TEXT PRIMARY KEY NOT NULL,
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  item_id     TEXT NOT NULL UNIQUE REFERENCES agenda_items(id),
  discussion  TEXT NOT NULL DEFAULT '',
  decision    TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);

-- Resolutions, numbered per body and year; `reference` is rendered from the body's pattern
-- when the resolution is adopted and never changes afterwards.
CREATE TABLE resolutions (
  id          TEXT PRIMARY KEY NOT NULL,
  body_id     TEXT NOT NULL REFERENCES bodies(id),
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  item_id     TEXT REFERENCES agenda_items(id),
  year        INTEGER NOT NULL,
  number      INTEGER NOT NULL CHECK (number > 0),
  reference   TEXT NOT NULL,
  title       TEXT NOT NULL,
  text        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE UNIQUE INDEX resolutions_number ON resolutions(body_id, year, number);

CREATE TABLE action_items (
  id           TEXT PRIMARY KEY NOT NULL,
  session_id   TEXT NOT NULL REFERENCES sessions(id),
  item_id      TEXT REFERENCES agenda_items(id),
  description  TEXT NOT NULL,
  owner_unit   TEXT NOT NULL CHECK (owner_unit IN ('secretary_general','chief_of_staff','managing_finances','linking_cooperation')),
  person       TEXT NOT NULL DEFAULT '',
  due_date     TEXT,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
  done_at      TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT,
  deleted_at   TEXT
);
CREATE INDEX action_items_open ON action_items(status, due_date);
