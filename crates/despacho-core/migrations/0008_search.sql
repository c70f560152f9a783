-- Despacho schema v8: global search. One FTS5 index over every kind of record, accent- and
-- case-insensitive (unicode61, remove_diacritics 2: "aprobacion" finds "Aprobación"), kept up to
-- date by triggers, so that the index changes in the same transaction as the record.
--
-- * search_index   the FTS5 table: kind, record_id and parent_id are stored, not indexed; title
--                  and body are indexed (search.rs weighs a title hit ten times a body hit).
-- * search_docs    which FTS5 rowid ("doc") holds which record, keyed '<kind>:<record id>'.
--                  FTS5 can only find a row quickly by its rowid, and the records' keys are
--                  UUIDs; without this map every change would scan the whole index. `doc` is an
--                  explicit column (not the table's rowid) so that VACUUM cannot renumber it;
--                  its low four bits are the kind.
-- * search_source_<kind>  one view per kind: what the index holds for each live record (and
--                  only for live ones: a tombstoned record, or one whose session or member is
--                  tombstoned, is not in it). Archived members stay searchable; search.rs marks
--                  them.
--
-- Each trigger re-indexes the records a change touches: it removes their rows and inserts
-- them again from the view (so a record that is no longer live just leaves the index).
-- Titles that exist in several languages go into the title, the main language first.

CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,
  record_id UNINDEXED,
  parent_id UNINDEXED,
  title,
  body,
  tokenize = "unicode61 remove_diacritics 2"
);

CREATE TABLE search_docs (
  id          TEXT PRIMARY KEY NOT NULL,   -- '<kind>:<record id>'
  -- The record's rowid in search_index: a sequence number times 16 plus the kind's code
  -- (0 member, 1 contact, 2 session, 3 agenda_item, 4 minutes, 5 resolution, 6 action_item,
  -- 7 agreement, 8 request, 9 mission, 10 publication, 11 budget_line), so that ranking can
  -- group the matches by kind without reading their stored columns.
  doc         INTEGER NOT NULL UNIQUE,
  updated_at  TEXT NOT NULL,               -- the record's, when it was indexed
  updated_by  TEXT
);

CREATE VIEW search_source_member AS
SELECT m.id AS record_id, NULL AS parent_id,
  m.name || ' (' || m.acronym || ')' AS title,
  concat_ws(' ', m.country, nullif(m.notes, '')) AS body,
  m.updated_at, m.updated_by
FROM members m
WHERE m.deleted_at IS NULL;

CREATE VIEW search_source_contact AS
SELECT c.id AS record_id, c.member_id AS parent_id,
  c.name AS title,
  concat_ws(' ', nullif(c.position, ''), c.email, m.acronym) AS body,
  c.updated_at, c.updated_by
FROM contacts c JOIN members m ON m.id = c.member_id
WHERE c.deleted_at IS NULL AND m.deleted_at IS NULL;

CREATE VIEW search_source_session AS
SELECT s.id AS record_id, s.body_id AS parent_id,
  s.name AS title,
  s.venue AS body,
  s.updated_at, s.updated_by
FROM sessions s
WHERE s.deleted_at IS NULL;

CREATE VIEW search_source_agenda_item AS
SELECT i.id AS record_id, i.session_id AS parent_id,
  (SELECT group_concat(t.title, ' / ' ORDER BY t.language <> substr(s.languages, 1, 2), instr('es en pt fr', t.language))
     FROM agenda_item_texts t WHERE t.item_id = i.id AND t.deleted_at IS NULL AND t.title <> '') AS title,
  concat_ws(' ', nullif(i.presenter, ''), (SELECT group_concat(t.note, ' / ' ORDER BY t.language <> substr(s.languages, 1, 2), instr('es en pt fr', t.language))
     FROM agenda_item_texts t WHERE t.item_id = i.id AND t.deleted_at IS NULL AND t.note <> '')) AS body,
  i.updated_at, i.updated_by
FROM agenda_items i JOIN sessions s ON s.id = i.session_id
WHERE i.deleted_at IS NULL AND s.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM agenda_item_texts t WHERE t.item_id = i.id AND t.deleted_at IS NULL AND t.title <> '');

CREATE VIEW search_source_minutes AS
SELECT e.id AS record_id, e.session_id AS parent_id,
  coalesce((SELECT group_concat(t.title, ' / ' ORDER BY t.language <> substr(s.languages, 1, 2), instr('es en pt fr', t.language))
     FROM agenda_item_texts t WHERE t.item_id = i.id AND t.deleted_at IS NULL AND t.title <> ''), '') AS title,
  concat_ws(' ', nullif(e.discussion, ''), nullif(e.decision, '')) AS body,
  e.updated_at, e.updated_by
FROM minutes_entries e JOIN sessions s ON s.id = e.session_id JOIN agenda_items i ON i.id = e.item_id
WHERE e.deleted_at IS NULL AND s.deleted_at IS NULL AND i.deleted_at IS NULL
  AND (e.discussion <> '' OR e.decision <> '');

CREATE VIEW search_source_resolution AS
SELECT r.id AS record_id, r.session_id AS parent_id,
  r.reference || ' ' || r.title AS title,
  r.text AS body,
  r.updated_at, r.updated_by
FROM resolutions r JOIN sessions s ON s.id = r.session_id
WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL;

CREATE VIEW search_source_action_item AS
SELECT a.id AS record_id, a.session_id AS parent_id,
  a.description AS title,
  a.person AS body,
  a.updated_at, a.updated_by
FROM action_items a JOIN sessions s ON s.id = a.session_id
WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL;

CREATE VIEW search_source_agreement AS
SELECT g.id AS record_id, g.member_id AS parent_id,
  g.subject AS title,
  concat_ws(' ', nullif(g.counterpart_name, ''), m.acronym, m.name, nullif(g.notes, '')) AS body,
  g.updated_at, g.updated_by
FROM agreements g LEFT JOIN members m ON m.id = g.member_id
WHERE g.deleted_at IS NULL;

CREATE VIEW search_source_request AS
SELECT q.id AS record_id, q.member_id AS parent_id,
  q.title AS title,
  concat_ws(' ', m.acronym, m.name, nullif(q.description, ''), nullif(q.decision_reason, ''), nullif(q.outcome, '')) AS body,
  q.updated_at, q.updated_by
FROM assistance_requests q JOIN members m ON m.id = q.member_id
WHERE q.deleted_at IS NULL;

CREATE VIEW search_source_mission AS
SELECT x.id AS record_id, NULL AS parent_id,
  x.purpose AS title,
  concat_ws(' ', x.city, x.country, (SELECT group_concat(t.name, ', ' ORDER BY t.position, t.id)
     FROM mission_travellers t WHERE t.mission_id = x.id AND t.deleted_at IS NULL), nullif(x.notes, ''), nullif(x.report, '')) AS body,
  x.updated_at, x.updated_by
FROM missions x
WHERE x.deleted_at IS NULL;

CREATE VIEW search_source_publication AS
SELECT p.id AS record_id, NULL AS parent_id,
  (SELECT group_concat(v.title, ' / ' ORDER BY instr('es en pt fr', v.language))
     FROM publication_versions v WHERE v.publication_id = p.id AND v.deleted_at IS NULL) AS title,
  concat_ws(' ', (SELECT group_concat(v.summary, ' / ' ORDER BY instr('es en pt fr', v.language))
     FROM publication_versions v WHERE v.publication_id = p.id AND v.deleted_at IS NULL AND v.summary <> ''), nullif(p.notes, '')) AS body,
  p.updated_at, p.updated_by
FROM publications p
WHERE p.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM publication_versions v WHERE v.publication_id = p.id AND v.deleted_at IS NULL);

CREATE VIEW search_source_budget_line AS
SELECT b.id AS record_id, b.chapter_id AS parent_id,
  b.code || ' ' || b.name_es || ' / ' || b.name_en || ' / ' || b.name_pt || ' / ' || b.name_fr AS title,
  '' AS body,
  b.updated_at, b.updated_by
FROM budget_lines b
WHERE b.deleted_at IS NULL;

-- Backfill: every live record already in the store.
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'member:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 0, v.updated_at, v.updated_by
  FROM search_source_member v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'member', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_member v JOIN search_docs d ON d.id = 'member:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'contact:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 1, v.updated_at, v.updated_by
  FROM search_source_contact v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'contact', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_contact v JOIN search_docs d ON d.id = 'contact:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'session:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 2, v.updated_at, v.updated_by
  FROM search_source_session v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'session', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_session v JOIN search_docs d ON d.id = 'session:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
  FROM search_source_agenda_item v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
  FROM search_source_minutes v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'resolution:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 5, v.updated_at, v.updated_by
  FROM search_source_resolution v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'resolution', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_resolution v JOIN search_docs d ON d.id = 'resolution:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'action_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 6, v.updated_at, v.updated_by
  FROM search_source_action_item v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'action_item', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_action_item v JOIN search_docs d ON d.id = 'action_item:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'agreement:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 7, v.updated_at, v.updated_by
  FROM search_source_agreement v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'agreement', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_agreement v JOIN search_docs d ON d.id = 'agreement:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'request:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 8, v.updated_at, v.updated_by
  FROM search_source_request v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'request', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_request v JOIN search_docs d ON d.id = 'request:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
  FROM search_source_mission v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
  FROM search_source_publication v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id;
INSERT INTO search_docs (id, doc, updated_at, updated_by)
  SELECT 'budget_line:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 11, v.updated_at, v.updated_by
  FROM search_source_budget_line v;
INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
  SELECT d.doc, 'budget_line', v.record_id, v.parent_id, v.title, v.body
  FROM search_source_budget_line v JOIN search_docs d ON d.id = 'budget_line:' || v.record_id;

-- Keeping the index current.

CREATE TRIGGER search_members_ai AFTER INSERT ON members
BEGIN
  -- member
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'member:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 0, v.updated_at, v.updated_by
    FROM search_source_member v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'member', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_member v JOIN search_docs d ON d.id = 'member:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_members_au AFTER UPDATE OF name, acronym, country, notes, deleted_at ON members
BEGIN
  -- member
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'member:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 0, v.updated_at, v.updated_by
    FROM search_source_member v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'member', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_member v JOIN search_docs d ON d.id = 'member:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_members_ad AFTER DELETE ON members
BEGIN
  -- member
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'member:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'member:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 0, v.updated_at, v.updated_by
    FROM search_source_member v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'member', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_member v JOIN search_docs d ON d.id = 'member:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_members_au_related AFTER UPDATE OF name, acronym, deleted_at ON members
WHEN OLD.name IS NOT NEW.name OR OLD.acronym IS NOT NEW.acronym OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
  -- contact
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT id FROM contacts WHERE member_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT id FROM contacts WHERE member_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'contact:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 1, v.updated_at, v.updated_by
    FROM search_source_contact v WHERE v.record_id IN (SELECT id FROM contacts WHERE member_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'contact', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_contact v JOIN search_docs d ON d.id = 'contact:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM contacts WHERE member_id = NEW.id);
  -- agreement
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT id FROM agreements WHERE member_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT id FROM agreements WHERE member_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agreement:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 7, v.updated_at, v.updated_by
    FROM search_source_agreement v WHERE v.record_id IN (SELECT id FROM agreements WHERE member_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agreement', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agreement v JOIN search_docs d ON d.id = 'agreement:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM agreements WHERE member_id = NEW.id);
  -- request
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT id FROM assistance_requests WHERE member_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT id FROM assistance_requests WHERE member_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'request:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 8, v.updated_at, v.updated_by
    FROM search_source_request v WHERE v.record_id IN (SELECT id FROM assistance_requests WHERE member_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'request', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_request v JOIN search_docs d ON d.id = 'request:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM assistance_requests WHERE member_id = NEW.id);
END;

CREATE TRIGGER search_contacts_ai AFTER INSERT ON contacts
BEGIN
  -- contact
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'contact:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 1, v.updated_at, v.updated_by
    FROM search_source_contact v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'contact', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_contact v JOIN search_docs d ON d.id = 'contact:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_contacts_au AFTER UPDATE OF member_id, name, position, email, deleted_at ON contacts
BEGIN
  -- contact
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'contact:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 1, v.updated_at, v.updated_by
    FROM search_source_contact v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'contact', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_contact v JOIN search_docs d ON d.id = 'contact:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_contacts_ad AFTER DELETE ON contacts
BEGIN
  -- contact
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'contact:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'contact:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 1, v.updated_at, v.updated_by
    FROM search_source_contact v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'contact', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_contact v JOIN search_docs d ON d.id = 'contact:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_sessions_ai AFTER INSERT ON sessions
BEGIN
  -- session
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'session:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 2, v.updated_at, v.updated_by
    FROM search_source_session v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'session', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_session v JOIN search_docs d ON d.id = 'session:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_sessions_au AFTER UPDATE OF body_id, name, venue, deleted_at ON sessions
BEGIN
  -- session
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'session:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 2, v.updated_at, v.updated_by
    FROM search_source_session v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'session', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_session v JOIN search_docs d ON d.id = 'session:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_sessions_ad AFTER DELETE ON sessions
BEGIN
  -- session
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'session:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'session:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 2, v.updated_at, v.updated_by
    FROM search_source_session v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'session', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_session v JOIN search_docs d ON d.id = 'session:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_sessions_au_related AFTER UPDATE OF deleted_at, languages ON sessions
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.languages IS NOT NEW.languages
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT id FROM agenda_items WHERE session_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT id FROM agenda_items WHERE session_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT id FROM agenda_items WHERE session_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM agenda_items WHERE session_id = NEW.id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE session_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE session_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE session_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE session_id = NEW.id);
  -- resolution
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT id FROM resolutions WHERE session_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT id FROM resolutions WHERE session_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'resolution:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 5, v.updated_at, v.updated_by
    FROM search_source_resolution v WHERE v.record_id IN (SELECT id FROM resolutions WHERE session_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'resolution', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_resolution v JOIN search_docs d ON d.id = 'resolution:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM resolutions WHERE session_id = NEW.id);
  -- action_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT id FROM action_items WHERE session_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT id FROM action_items WHERE session_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'action_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 6, v.updated_at, v.updated_by
    FROM search_source_action_item v WHERE v.record_id IN (SELECT id FROM action_items WHERE session_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'action_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_action_item v JOIN search_docs d ON d.id = 'action_item:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM action_items WHERE session_id = NEW.id);
END;

CREATE TRIGGER search_agenda_items_ai AFTER INSERT ON agenda_items
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_agenda_items_au AFTER UPDATE OF session_id, presenter, deleted_at ON agenda_items
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id = NEW.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id = NEW.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id = NEW.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id = NEW.id);
END;

CREATE TRIGGER search_agenda_items_ad AFTER DELETE ON agenda_items
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id = OLD.id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id = OLD.id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id = OLD.id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id = OLD.id);
END;

CREATE TRIGGER search_agenda_item_texts_ai AFTER INSERT ON agenda_item_texts
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.item_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT NEW.item_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT NEW.item_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.item_id AS id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT NEW.item_id AS id)) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT NEW.item_id AS id)) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT NEW.item_id AS id));
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT NEW.item_id AS id));
END;

CREATE TRIGGER search_agenda_item_texts_au AFTER UPDATE OF item_id, language, title, note, deleted_at ON agenda_item_texts
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.item_id AS id UNION SELECT NEW.item_id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.item_id AS id UNION SELECT NEW.item_id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id)) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id)) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id));
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id UNION SELECT NEW.item_id));
END;

CREATE TRIGGER search_agenda_item_texts_ad AFTER DELETE ON agenda_item_texts
BEGIN
  -- agenda_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.item_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agenda_item:' || x.id FROM (SELECT OLD.item_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agenda_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 3, v.updated_at, v.updated_by
    FROM search_source_agenda_item v WHERE v.record_id IN (SELECT OLD.item_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agenda_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agenda_item v JOIN search_docs d ON d.id = 'agenda_item:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.item_id AS id);
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id)) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id)) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id));
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT id FROM minutes_entries WHERE item_id IN (SELECT OLD.item_id AS id));
END;

CREATE TRIGGER search_minutes_entries_ai AFTER INSERT ON minutes_entries
BEGIN
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_minutes_entries_au AFTER UPDATE OF session_id, item_id, discussion, decision, deleted_at ON minutes_entries
BEGIN
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_minutes_entries_ad AFTER DELETE ON minutes_entries
BEGIN
  -- minutes
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'minutes:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'minutes:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 4, v.updated_at, v.updated_by
    FROM search_source_minutes v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'minutes', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_minutes v JOIN search_docs d ON d.id = 'minutes:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_resolutions_ai AFTER INSERT ON resolutions
BEGIN
  -- resolution
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'resolution:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 5, v.updated_at, v.updated_by
    FROM search_source_resolution v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'resolution', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_resolution v JOIN search_docs d ON d.id = 'resolution:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_resolutions_au AFTER UPDATE OF session_id, reference, title, text, deleted_at ON resolutions
BEGIN
  -- resolution
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'resolution:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 5, v.updated_at, v.updated_by
    FROM search_source_resolution v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'resolution', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_resolution v JOIN search_docs d ON d.id = 'resolution:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_resolutions_ad AFTER DELETE ON resolutions
BEGIN
  -- resolution
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'resolution:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'resolution:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 5, v.updated_at, v.updated_by
    FROM search_source_resolution v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'resolution', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_resolution v JOIN search_docs d ON d.id = 'resolution:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_action_items_ai AFTER INSERT ON action_items
BEGIN
  -- action_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'action_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 6, v.updated_at, v.updated_by
    FROM search_source_action_item v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'action_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_action_item v JOIN search_docs d ON d.id = 'action_item:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_action_items_au AFTER UPDATE OF session_id, description, person, deleted_at ON action_items
BEGIN
  -- action_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'action_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 6, v.updated_at, v.updated_by
    FROM search_source_action_item v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'action_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_action_item v JOIN search_docs d ON d.id = 'action_item:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_action_items_ad AFTER DELETE ON action_items
BEGIN
  -- action_item
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'action_item:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'action_item:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 6, v.updated_at, v.updated_by
    FROM search_source_action_item v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'action_item', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_action_item v JOIN search_docs d ON d.id = 'action_item:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_agreements_ai AFTER INSERT ON agreements
BEGIN
  -- agreement
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agreement:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 7, v.updated_at, v.updated_by
    FROM search_source_agreement v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agreement', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agreement v JOIN search_docs d ON d.id = 'agreement:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_agreements_au AFTER UPDATE OF member_id, counterpart_name, subject, notes, deleted_at ON agreements
BEGIN
  -- agreement
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agreement:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 7, v.updated_at, v.updated_by
    FROM search_source_agreement v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agreement', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agreement v JOIN search_docs d ON d.id = 'agreement:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_agreements_ad AFTER DELETE ON agreements
BEGIN
  -- agreement
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'agreement:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'agreement:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 7, v.updated_at, v.updated_by
    FROM search_source_agreement v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'agreement', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_agreement v JOIN search_docs d ON d.id = 'agreement:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_assistance_requests_ai AFTER INSERT ON assistance_requests
BEGIN
  -- request
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'request:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 8, v.updated_at, v.updated_by
    FROM search_source_request v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'request', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_request v JOIN search_docs d ON d.id = 'request:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_assistance_requests_au AFTER UPDATE OF member_id, title, description, decision_reason, outcome, deleted_at ON assistance_requests
BEGIN
  -- request
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'request:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 8, v.updated_at, v.updated_by
    FROM search_source_request v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'request', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_request v JOIN search_docs d ON d.id = 'request:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_assistance_requests_ad AFTER DELETE ON assistance_requests
BEGIN
  -- request
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'request:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'request:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 8, v.updated_at, v.updated_by
    FROM search_source_request v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'request', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_request v JOIN search_docs d ON d.id = 'request:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_missions_ai AFTER INSERT ON missions
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_missions_au AFTER UPDATE OF purpose, country, city, notes, report, deleted_at ON missions
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_missions_ad AFTER DELETE ON missions
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_mission_travellers_ai AFTER INSERT ON mission_travellers
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.mission_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT NEW.mission_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT NEW.mission_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.mission_id AS id);
END;

CREATE TRIGGER search_mission_travellers_au AFTER UPDATE OF mission_id, name, position, deleted_at ON mission_travellers
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.mission_id AS id UNION SELECT NEW.mission_id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.mission_id AS id UNION SELECT NEW.mission_id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT OLD.mission_id AS id UNION SELECT NEW.mission_id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.mission_id AS id UNION SELECT NEW.mission_id);
END;

CREATE TRIGGER search_mission_travellers_ad AFTER DELETE ON mission_travellers
BEGIN
  -- mission
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.mission_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'mission:' || x.id FROM (SELECT OLD.mission_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'mission:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 9, v.updated_at, v.updated_by
    FROM search_source_mission v WHERE v.record_id IN (SELECT OLD.mission_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'mission', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_mission v JOIN search_docs d ON d.id = 'mission:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.mission_id AS id);
END;

CREATE TRIGGER search_publications_ai AFTER INSERT ON publications
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_publications_au AFTER UPDATE OF notes, deleted_at ON publications
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_publications_ad AFTER DELETE ON publications
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;

CREATE TRIGGER search_publication_versions_ai AFTER INSERT ON publication_versions
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.publication_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT NEW.publication_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT NEW.publication_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.publication_id AS id);
END;

CREATE TRIGGER search_publication_versions_au AFTER UPDATE OF publication_id, language, title, summary, deleted_at ON publication_versions
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.publication_id AS id UNION SELECT NEW.publication_id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.publication_id AS id UNION SELECT NEW.publication_id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT OLD.publication_id AS id UNION SELECT NEW.publication_id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.publication_id AS id UNION SELECT NEW.publication_id);
END;

CREATE TRIGGER search_publication_versions_ad AFTER DELETE ON publication_versions
BEGIN
  -- publication
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.publication_id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'publication:' || x.id FROM (SELECT OLD.publication_id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'publication:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 10, v.updated_at, v.updated_by
    FROM search_source_publication v WHERE v.record_id IN (SELECT OLD.publication_id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'publication', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_publication v JOIN search_docs d ON d.id = 'publication:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.publication_id AS id);
END;

CREATE TRIGGER search_budget_lines_ai AFTER INSERT ON budget_lines
BEGIN
  -- budget_line
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'budget_line:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 11, v.updated_at, v.updated_by
    FROM search_source_budget_line v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'budget_line', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_budget_line v JOIN search_docs d ON d.id = 'budget_line:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_budget_lines_au AFTER UPDATE OF chapter_id, code, name_es, name_en, name_pt, name_fr, deleted_at ON budget_lines
BEGIN
  -- budget_line
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT NEW.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT NEW.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'budget_line:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 11, v.updated_at, v.updated_by
    FROM search_source_budget_line v WHERE v.record_id IN (SELECT NEW.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'budget_line', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_budget_line v JOIN search_docs d ON d.id = 'budget_line:' || v.record_id
    WHERE v.record_id IN (SELECT NEW.id AS id);
END;

CREATE TRIGGER search_budget_lines_ad AFTER DELETE ON budget_lines
BEGIN
  -- budget_line
  DELETE FROM search_index WHERE rowid IN
    (SELECT doc FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT OLD.id AS id) x));
  DELETE FROM search_docs WHERE id IN (SELECT 'budget_line:' || x.id FROM (SELECT OLD.id AS id) x);
  INSERT INTO search_docs (id, doc, updated_at, updated_by)
    SELECT 'budget_line:' || v.record_id, ((SELECT coalesce(max(doc), 0) FROM search_docs) / 16 + row_number() OVER ()) * 16 + 11, v.updated_at, v.updated_by
    FROM search_source_budget_line v WHERE v.record_id IN (SELECT OLD.id AS id);
  INSERT INTO search_index (rowid, kind, record_id, parent_id, title, body)
    SELECT d.doc, 'budget_line', v.record_id, v.parent_id, v.title, v.body
    FROM search_source_budget_line v JOIN search_docs d ON d.id = 'budget_line:' || v.record_id
    WHERE v.record_id IN (SELECT OLD.id AS id);
END;
