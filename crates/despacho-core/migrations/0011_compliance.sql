-- Despacho schema: compliance. The organization's instruments (Statute, Regulations,
-- Headquarters Agreement, Presidency determinations, resolutions of the bodies) and their
-- articles; obligations drawn from articles, with a responsible unit and person and a
-- recurrence; the occurrences of an obligation that someone acted on (status, evidence,
-- sign-off). Occurrences nobody touched yet are computed from the recurrence when read and
-- written the first time they change, keyed by (obligation, key): the due date for calendar
-- recurrences, 's:<session id>' for those relative to a body's sessions (so a session that
-- moves keeps its occurrence, with the new due date).

CREATE TABLE instruments (
  id          TEXT PRIMARY KEY NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('statute','regulations','headquarters_agreement','presidency_determination','body_resolution','other')),
  title       TEXT NOT NULL,
  -- The body that adopted a resolution.
  body_id     TEXT REFERENCES bodies(id),
  adopted_on  TEXT,
  notes       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);

CREATE TABLE instrument_articles (
  id            TEXT PRIMARY KEY NOT NULL,
  instrument_id TEXT NOT NULL REFERENCES instruments(id),
  -- As printed: '12', '12 bis', 'Transitorio 1'.
  number        TEXT NOT NULL,
  text          TEXT NOT NULL DEFAULT '',
  position      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT,
  deleted_at    TEXT
);
CREATE UNIQUE INDEX instrument_articles_number ON instrument_articles(instrument_id, number) WHERE deleted_at IS NULL;

CREATE TABLE obligations (
  id                  TEXT PRIMARY KEY NOT NULL,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL DEFAULT '',
  -- The responsible unit (a cost centre of the ledger) and person.
  unit_id             TEXT REFERENCES units(id),
  responsible_name    TEXT NOT NULL DEFAULT '',
  responsible_user_id TEXT REFERENCES users(id),
  recurrence          TEXT NOT NULL CHECK (recurrence IN ('once','yearly','monthly','quarterly','before_sessions')),
  -- once: the date.
  due_on              TEXT,
  -- yearly: month and day; monthly: day; quarterly: day and the first month of the cycle.
  month               INTEGER CHECK (month IS NULL OR month BETWEEN 1 AND 12),
  day                 INTEGER CHECK (day IS NULL OR day BETWEEN 1 AND 31),
  -- before_sessions: the body, days before each session (negative: after), ordinary only?
  body_id             TEXT REFERENCES bodies(id),
  days_before         INTEGER CHECK (days_before IS NULL OR days_before BETWEEN -366 AND 366),
  ordinary_only       INTEGER NOT NULL DEFAULT 0 CHECK (ordinary_only IN (0,1)),
  -- Occurrences are due from starts_on (and until ends_on, if set).
  starts_on           TEXT NOT NULL,
  ends_on             TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  updated_by          TEXT,
  deleted_at          TEXT
);

-- The source articles of an obligation (many to many).
CREATE TABLE obligation_articles (
  id            TEXT PRIMARY KEY NOT NULL,
  obligation_id TEXT NOT NULL REFERENCES obligations(id),
  article_id    TEXT NOT NULL REFERENCES instrument_articles(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT,
  deleted_at    TEXT
);
CREATE UNIQUE INDEX obligation_articles_pair ON obligation_articles(obligation_id, article_id) WHERE deleted_at IS NULL;
CREATE INDEX obligation_articles_article ON obligation_articles(article_id);

CREATE TABLE obligation_occurrences (
  id              TEXT PRIMARY KEY NOT NULL,
  obligation_id   TEXT NOT NULL REFERENCES obligations(id),
  -- 'YYYY-MM-DD' (calendar recurrences) or 's:<session id>'.
  key             TEXT NOT NULL,
  session_id      TEXT REFERENCES sessions(id),
  -- The due date when written; for session occurrences the session's date rules when read.
  due_on          TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','in_progress','done','waived')),
  -- Why it was waived, or what was done.
  note            TEXT NOT NULL DEFAULT '',
  completed_by    TEXT REFERENCES users(id),
  completed_at    TEXT,
  signed_off_by   TEXT REFERENCES users(id),
  signed_off_at   TEXT,
  sign_off_note   TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT,
  deleted_at      TEXT,
  CHECK (status <> 'waived' OR note <> ''),
  CHECK (signed_off_by IS NULL OR status IN ('done','waived'))
);
CREATE UNIQUE INDEX obligation_occurrences_key ON obligation_occurrences(obligation_id, key) WHERE deleted_at IS NULL;

-- Evidence of an occurrence: a file (kept in `<data dir>/attachments/<sha256>`) or a note,
-- with the date it takes effect.
CREATE TABLE obligation_evidence (
  id            TEXT PRIMARY KEY NOT NULL,
  occurrence_id TEXT NOT NULL REFERENCES obligation_occurrences(id),
  title         TEXT NOT NULL DEFAULT '',
  file_name     TEXT,
  sha256        TEXT,
  size_bytes    INTEGER,
  note          TEXT NOT NULL DEFAULT '',
  effective_on  TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT,
  deleted_at    TEXT,
  CHECK (sha256 IS NOT NULL OR note <> '')
);
CREATE INDEX obligation_evidence_occurrence ON obligation_evidence(occurrence_id);
