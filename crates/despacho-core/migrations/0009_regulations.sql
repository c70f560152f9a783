-- Despacho schema v9: regulation projects. A draft (title per language, the instrument it
-- amends or creates, working languages) made of ordered articles (number, heading and text
-- per language); saved versions that snapshot the articles and never change; comments per
-- article; submissions to a Standing Committee session (the agenda item they added, linked
-- both ways) with the committee's decision.

CREATE TABLE regulation_projects (
  id          TEXT PRIMARY KEY NOT NULL,
  title_es    TEXT NOT NULL,
  title_en    TEXT NOT NULL DEFAULT '',
  title_pt    TEXT NOT NULL DEFAULT '',
  title_fr    TEXT NOT NULL DEFAULT '',
  -- The instrument it amends or creates (free text: "Reglamento Financiero").
  instrument  TEXT NOT NULL DEFAULT '',
  -- Working languages, comma-separated, Spanish first ("es,en").
  languages   TEXT NOT NULL DEFAULT 'es',
  status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','returned')),
  created_at  TEXT NOT NULL,
  created_by  TEXT REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX regulation_projects_status ON regulation_projects(status) WHERE deleted_at IS NULL;

-- The working copy's articles. A removed article is a tombstone, so saved versions keep
-- pointing at its id (the comparison matches articles by id, not by number).
CREATE TABLE regulation_articles (
  id          TEXT PRIMARY KEY NOT NULL,
  project_id  TEXT NOT NULL REFERENCES regulation_projects(id),
  position    INTEGER NOT NULL,
  number      TEXT NOT NULL,
  heading_es  TEXT NOT NULL DEFAULT '',
  heading_en  TEXT NOT NULL DEFAULT '',
  heading_pt  TEXT NOT NULL DEFAULT '',
  heading_fr  TEXT NOT NULL DEFAULT '',
  text_es     TEXT NOT NULL,
  text_en     TEXT NOT NULL DEFAULT '',
  text_pt     TEXT NOT NULL DEFAULT '',
  text_fr     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX regulation_articles_project ON regulation_articles(project_id, position) WHERE deleted_at IS NULL;

-- Saved versions, numbered 1, 2, 3… per project. Immutable (the triggers below).
CREATE TABLE regulation_versions (
  id          TEXT PRIMARY KEY NOT NULL,
  project_id  TEXT NOT NULL REFERENCES regulation_projects(id),
  number      INTEGER NOT NULL CHECK (number >= 1),
  label       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  created_by  TEXT REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  UNIQUE (project_id, number)
);

-- The articles as they were when a version was saved.
CREATE TABLE regulation_version_articles (
  id          TEXT PRIMARY KEY NOT NULL,
  version_id  TEXT NOT NULL REFERENCES regulation_versions(id),
  article_id  TEXT NOT NULL REFERENCES regulation_articles(id),
  position    INTEGER NOT NULL,
  number      TEXT NOT NULL,
  heading_es  TEXT NOT NULL DEFAULT '',
  heading_en  TEXT NOT NULL DEFAULT '',
  heading_pt  TEXT NOT NULL DEFAULT '',
  heading_fr  TEXT NOT NULL DEFAULT '',
  text_es     TEXT NOT NULL,
  text_en     TEXT NOT NULL DEFAULT '',
  text_pt     TEXT NOT NULL DEFAULT '',
  text_fr     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  UNIQUE (version_id, article_id)
);
CREATE INDEX regulation_version_articles_version ON regulation_version_articles(version_id, position);

CREATE TRIGGER regulation_versions_immutable_u BEFORE UPDATE ON regulation_versions
BEGIN SELECT RAISE(ABORT, 'a saved version of a regulation project never changes'); END;
CREATE TRIGGER regulation_versions_immutable_d BEFORE DELETE ON regulation_versions
BEGIN SELECT RAISE(ABORT, 'a saved version of a regulation project never changes'); END;
CREATE TRIGGER regulation_version_articles_immutable_u BEFORE UPDATE ON regulation_version_articles
BEGIN SELECT RAISE(ABORT, 'a saved version of a regulation project never changes'); END;
CREATE TRIGGER regulation_version_articles_immutable_d BEFORE DELETE ON regulation_version_articles
BEGIN SELECT RAISE(ABORT, 'a saved version of a regulation project never changes'); END;

CREATE TABLE regulation_comments (
  id          TEXT PRIMARY KEY NOT NULL,
  project_id  TEXT NOT NULL REFERENCES regulation_projects(id),
  article_id  TEXT NOT NULL REFERENCES regulation_articles(id),
  author_id   TEXT REFERENCES users(id),
  body        TEXT NOT NULL,
  resolved    INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  resolved_at TEXT,
  resolved_by TEXT REFERENCES users(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX regulation_comments_article ON regulation_comments(project_id, article_id);

-- Each submission to a Standing Committee session: the version submitted, the agenda item it
-- added (so the item finds its project), and the committee's decision.
CREATE TABLE regulation_submissions (
  id             TEXT PRIMARY KEY NOT NULL,
  project_id     TEXT NOT NULL REFERENCES regulation_projects(id),
  version_number INTEGER NOT NULL,
  session_id     TEXT NOT NULL REFERENCES sessions(id),
  agenda_item_id TEXT NOT NULL REFERENCES agenda_items(id),
  attachment_id  TEXT REFERENCES agenda_attachments(id),
  submitted_at   TEXT NOT NULL,
  submitted_by   TEXT REFERENCES users(id),
  decision       TEXT CHECK (decision IS NULL OR decision IN ('approved','returned')),
  decision_note  TEXT NOT NULL DEFAULT '',
  decided_on     TEXT,
  decided_by     TEXT REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT
);
CREATE INDEX regulation_submissions_project ON regulation_submissions(project_id, submitted_at);
CREATE UNIQUE INDEX regulation_submissions_item ON regulation_submissions(agenda_item_id);
