-- Despacho schema v2: the bodies of the organization, member institutions and their contacts.
CREATE TABLE bodies (
  id          TEXT PRIMARY KEY NOT NULL,
  code        TEXT NOT NULL UNIQUE,
  name_es     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_pt     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('assembly','committee','board','commission','other')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);

CREATE TABLE members (
  id              TEXT PRIMARY KEY NOT NULL,
  name            TEXT NOT NULL,
  acronym         TEXT NOT NULL,
  country         TEXT NOT NULL CHECK (length(country) = 2),
  category        TEXT NOT NULL CHECK (category IN ('titular','associate','adherent','linked')),
  subregion       INTEGER CHECK (subregion BETWEEN 1 AND 5),
  admission_date  TEXT,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','withdrawn')),
  website         TEXT,
  email           TEXT,
  notes           TEXT NOT NULL DEFAULT '',
  archived_at     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT,
  deleted_at      TEXT
);
-- One acronym per country (case-insensitive) among live records.
CREATE UNIQUE INDEX members_country_acronym ON members(country, acronym COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX members_name ON members(name COLLATE NOCASE);

CREATE TABLE contacts (
  id          TEXT PRIMARY KEY NOT NULL,
  member_id   TEXT NOT NULL REFERENCES members(id),
  name        TEXT NOT NULL,
  position    TEXT NOT NULL DEFAULT '',
  email       TEXT,
  phone       TEXT,
  languages   TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX contacts_member ON contacts(member_id);
