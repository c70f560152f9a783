-- Despacho schema v12: the global search (migration 0008, ADR 0006) also covers obligations
-- (kind code 12), postulations (13) and regulation projects (14), with the same view-and-trigger
-- pattern: each trigger re-indexes the record it touches from its view, in the change's
-- transaction. The existing records are indexed here.

CREATE VIEW search_source_obligation AS
SELECT o.id AS record_id, NULL AS parent_id,
  o.title AS title,
  concat_ws(' ', nullif(o.description, ''), nullif(o.responsible_name, '')) AS body,
  o.updated_at, o.updated_by
FROM obligations o
WHERE o.deleted_at IS NULL;

INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'obligation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 12, v.updated_at, v.updated_by
  FROM search_source_obligation v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'obligation', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_obligation v JOIN search_docs d ON d.id = 'obligation:' || v.record_id;

CREATE TRIGGER search_obligations_ai AFTER INSERT ON obligations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'obligation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'obligation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'obligation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 12, v.updated_at, v.updated_by
    FROM search_source_obligation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'obligation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_obligation v JOIN search_docs d ON d.id = 'obligation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_obligations_au AFTER UPDATE OF title, description, responsible_name, deleted_at ON obligations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'obligation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'obligation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'obligation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 12, v.updated_at, v.updated_by
    FROM search_source_obligation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'obligation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_obligation v JOIN search_docs d ON d.id = 'obligation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_obligations_ad AFTER DELETE ON obligations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'obligation:' || OLD.id);
  DELETE FROM search_docs WHERE id = 'obligation:' || OLD.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'obligation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 12, v.updated_at, v.updated_by
    FROM search_source_obligation v WHERE v.record_id = OLD.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'obligation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_obligation v JOIN search_docs d ON d.id = 'obligation:' || v.record_id
    WHERE v.record_id = OLD.id;
END;

CREATE VIEW search_source_postulation AS
SELECT p.id AS record_id, p.call_id AS parent_id,
  p.candidate_name AS title,
  concat_ws(' ', c.title, p.nationality, nullif(p.notes, '')) AS body,
  p.updated_at, p.updated_by
FROM postulations p JOIN election_calls c ON c.id = p.call_id
WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL;

INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'postulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 13, v.updated_at, v.updated_by
  FROM search_source_postulation v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'postulation', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_postulation v JOIN search_docs d ON d.id = 'postulation:' || v.record_id;

CREATE TRIGGER search_postulations_ai AFTER INSERT ON postulations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'postulation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'postulation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'postulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 13, v.updated_at, v.updated_by
    FROM search_source_postulation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'postulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_postulation v JOIN search_docs d ON d.id = 'postulation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_postulations_au AFTER UPDATE OF candidate_name, nationality, notes, call_id, deleted_at ON postulations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'postulation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'postulation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'postulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 13, v.updated_at, v.updated_by
    FROM search_source_postulation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'postulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_postulation v JOIN search_docs d ON d.id = 'postulation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_postulations_ad AFTER DELETE ON postulations
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'postulation:' || OLD.id);
  DELETE FROM search_docs WHERE id = 'postulation:' || OLD.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'postulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 13, v.updated_at, v.updated_by
    FROM search_source_postulation v WHERE v.record_id = OLD.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'postulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_postulation v JOIN search_docs d ON d.id = 'postulation:' || v.record_id
    WHERE v.record_id = OLD.id;
END;

CREATE VIEW search_source_regulation AS
SELECT r.id AS record_id, NULL AS parent_id,
  concat_ws(' / ', r.title_es, nullif(r.title_en, ''), nullif(r.title_pt, ''), nullif(r.title_fr, '')) AS title,
  nullif(r.instrument, '') AS body,
  r.updated_at, r.updated_by
FROM regulation_projects r
WHERE r.deleted_at IS NULL;

INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'regulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 14, v.updated_at, v.updated_by
  FROM search_source_regulation v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'regulation', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_regulation v JOIN search_docs d ON d.id = 'regulation:' || v.record_id;

CREATE TRIGGER search_regulation_projects_ai AFTER INSERT ON regulation_projects
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'regulation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'regulation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'regulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 14, v.updated_at, v.updated_by
    FROM search_source_regulation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'regulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_regulation v JOIN search_docs d ON d.id = 'regulation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_regulation_projects_au AFTER UPDATE OF title_es, title_en, title_pt, title_fr, instrument, deleted_at ON regulation_projects
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'regulation:' || NEW.id);
  DELETE FROM search_docs WHERE id = 'regulation:' || NEW.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'regulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 14, v.updated_at, v.updated_by
    FROM search_source_regulation v WHERE v.record_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'regulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_regulation v JOIN search_docs d ON d.id = 'regulation:' || v.record_id
    WHERE v.record_id = NEW.id;
END;

CREATE TRIGGER search_regulation_projects_ad AFTER DELETE ON regulation_projects
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id = 'regulation:' || OLD.id);
  DELETE FROM search_docs WHERE id = 'regulation:' || OLD.id;
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'regulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + 1) * 16 + 14, v.updated_at, v.updated_by
    FROM search_source_regulation v WHERE v.record_id = OLD.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'regulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_regulation v JOIN search_docs d ON d.id = 'regulation:' || v.record_id
    WHERE v.record_id = OLD.id;
END;

CREATE TRIGGER search_election_calls_au AFTER UPDATE OF title, deleted_at ON election_calls
BEGIN
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'postulation:' || p.id FROM postulations p WHERE p.call_id = NEW.id));
  DELETE FROM search_docs WHERE id IN (SELECT 'postulation:' || p.id FROM postulations p WHERE p.call_id = NEW.id);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'postulation:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 13, v.updated_at, v.updated_by
    FROM search_source_postulation v WHERE v.parent_id = NEW.id;
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'postulation', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_postulation v JOIN search_docs d ON d.id = 'postulation:' || v.record_id
    WHERE v.parent_id = NEW.id;
END;
