-- Despacho schema v9: elections. A call for postulations for a General Assembly session, its
-- positions and requirements (a document, a declaration, or a rule checked from data), the
-- postulations with their nominating members and documents, the verdicts set by hand
-- (declarations and overrides of the automatic verdicts; the automatic ones are computed when
-- read, never stored), and the signed versions of the eligibility report (frozen snapshots).

CREATE TABLE election_calls (
  id                     TEXT PRIMARY KEY NOT NULL,
  session_id             TEXT NOT NULL REFERENCES sessions(id),
  title                  TEXT NOT NULL,
  opens_on               TEXT NOT NULL,
  closes_on              TEXT NOT NULL,
  -- open → closed → signed; an amendment moves a signed call back to closed.
  status                 TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','signed')),
  -- The nationality (ISO 3166-1 alpha-2) of the sitting Secretary-General, for the
  -- Comptroller rule when no Secretary-General is elected in this call.
  sitting_sg_nationality TEXT,
  notes                  TEXT NOT NULL DEFAULT '',
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  updated_by             TEXT,
  deleted_at             TEXT,
  CHECK (closes_on >= opens_on)
);
CREATE INDEX election_calls_session ON election_calls(session_id);

CREATE TABLE election_positions (
  id          TEXT PRIMARY KEY NOT NULL,
  call_id     TEXT NOT NULL REFERENCES election_calls(id),
  kind        TEXT NOT NULL CHECK (kind IN ('president','vice_president','secretary_general','comptroller','ciess_director','other')),
  -- The position's name when kind = 'other'.
  name        TEXT NOT NULL DEFAULT '',
  seats       INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 20),
  sort        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  CHECK (kind <> 'other' OR name <> '')
);
CREATE INDEX election_positions_call ON election_positions(call_id);

CREATE TABLE election_requirements (
  id          TEXT PRIMARY KEY NOT NULL,
  call_id     TEXT NOT NULL REFERENCES election_calls(id),
  -- NULL: the requirement applies to every position of the call.
  position_id TEXT REFERENCES election_positions(id),
  kind        TEXT NOT NULL CHECK (kind IN ('document','declaration','rule')),
  rule_code   TEXT CHECK (rule_code IS NULL OR rule_code IN ('received_before_closing','nominator_titular','nominator_current_in_dues','comptroller_nationality_differs_from_sg')),
  text_es     TEXT NOT NULL,
  text_en     TEXT NOT NULL DEFAULT '',
  text_pt     TEXT NOT NULL DEFAULT '',
  text_fr     TEXT NOT NULL DEFAULT '',
  sort        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  CHECK ((kind = 'rule') = (rule_code IS NOT NULL))
);
CREATE INDEX election_requirements_call ON election_requirements(call_id);

CREATE TABLE postulations (
  id             TEXT PRIMARY KEY NOT NULL,
  call_id        TEXT NOT NULL REFERENCES election_calls(id),
  position_id    TEXT NOT NULL REFERENCES election_positions(id),
  candidate_name TEXT NOT NULL,
  nationality    TEXT NOT NULL,
  received_on    TEXT NOT NULL,
  notes          TEXT NOT NULL DEFAULT '',
  withdrawn      INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0,1)),
  withdrawn_on   TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT,
  deleted_at     TEXT
);
CREATE INDEX postulations_call ON postulations(call_id, position_id);

-- The member institutions that nominate a postulation (replaced as a set: old rows tombstoned).
CREATE TABLE postulation_nominators (
  id             TEXT PRIMARY KEY NOT NULL,
  postulation_id TEXT NOT NULL REFERENCES postulations(id),
  member_id      TEXT NOT NULL REFERENCES members(id),
  sort           INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT,
  deleted_at     TEXT
);
CREATE INDEX postulation_nominators_postulation ON postulation_nominators(postulation_id);

-- Documents presented with a postulation; the file is `<data dir>/attachments/<sha256>`.
CREATE TABLE postulation_documents (
  id             TEXT PRIMARY KEY NOT NULL,
  postulation_id TEXT NOT NULL REFERENCES postulations(id),
  -- The requirement the document answers, if any.
  requirement_id TEXT REFERENCES election_requirements(id),
  title          TEXT NOT NULL,
  file_name      TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT,
  deleted_at     TEXT
);
CREATE INDEX postulation_documents_postulation ON postulation_documents(postulation_id);

-- Verdicts set by hand: a declaration's verdict, or an override of an automatic one (with its
-- note). Cleared verdicts are tombstoned and the automatic verdict applies again.
CREATE TABLE eligibility_verdicts (
  id             TEXT PRIMARY KEY NOT NULL,
  postulation_id TEXT NOT NULL REFERENCES postulations(id),
  requirement_id TEXT NOT NULL REFERENCES election_requirements(id),
  verdict        TEXT NOT NULL CHECK (verdict IN ('met','not_met','pending')),
  evidence       TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT,
  deleted_at     TEXT
);
CREATE UNIQUE INDEX eligibility_verdicts_cell ON eligibility_verdicts(postulation_id, requirement_id) WHERE deleted_at IS NULL;

-- Signed versions of an eligibility report: the report as it was signed, frozen as JSON.
CREATE TABLE eligibility_reports (
  id          TEXT PRIMARY KEY NOT NULL,
  call_id     TEXT NOT NULL REFERENCES election_calls(id),
  version     INTEGER NOT NULL CHECK (version >= 1),
  signed_by   TEXT NOT NULL REFERENCES users(id),
  signed_at   TEXT NOT NULL,
  snapshot    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  UNIQUE (call_id, version)
);
