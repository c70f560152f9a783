-- Schema v17: each calendar year's debits and credits per account, kept by triggers (issue 9:
-- the trial balance summed every line of the earlier years for its opening balances — 180,000
-- lines on the ten-year office, 190–590 ms). Like `budget_actuals` (0015): a sum derived from
-- the journal, no record of its own, not synced (no `id`), rebuilt here from the lines.
-- The year is the entry date's (the trial balance's periods are calendar years); every kind
-- of entry counts, closing entries included.
CREATE TABLE account_years (
  year        INTEGER NOT NULL,
  account_id  TEXT NOT NULL,
  debit_rep   INTEGER NOT NULL,
  credit_rep  INTEGER NOT NULL,
  -- How many journal lines are summed here: a row at 0 has no figures that year.
  lines       INTEGER NOT NULL,
  PRIMARY KEY (year, account_id)
) WITHOUT ROWID;

INSERT INTO account_years (year, account_id, debit_rep, credit_rep, lines)
SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER), l.account_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
GROUP BY 1, l.account_id;

-- A line counts once its entry exists (a sync bundle may bring the line first: then the
-- entry's insert counts it).
CREATE TRIGGER account_years_line_i AFTER INSERT ON journal_lines
BEGIN
  INSERT INTO account_years (year, account_id, debit_rep, credit_rep, lines)
  SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER), NEW.account_id, NEW.debit_rep, NEW.credit_rep, 1
  FROM journal_entries e WHERE e.id = NEW.entry_id
  ON CONFLICT (year, account_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + 1;
END;

CREATE TRIGGER account_years_line_d AFTER DELETE ON journal_lines
BEGIN
  UPDATE account_years SET
    debit_rep = debit_rep - OLD.debit_rep,
    credit_rep = credit_rep - OLD.credit_rep,
    lines = lines - 1
  WHERE account_id = OLD.account_id
    AND year = (SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER) FROM journal_entries e
                WHERE e.id = OLD.entry_id);
END;

CREATE TRIGGER account_years_line_u AFTER UPDATE OF entry_id, account_id, debit_rep, credit_rep ON journal_lines
BEGIN
  UPDATE account_years SET
    debit_rep = debit_rep - OLD.debit_rep,
    credit_rep = credit_rep - OLD.credit_rep,
    lines = lines - 1
  WHERE account_id = OLD.account_id
    AND year = (SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER) FROM journal_entries e
                WHERE e.id = OLD.entry_id);
  INSERT INTO account_years (year, account_id, debit_rep, credit_rep, lines)
  SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER), NEW.account_id, NEW.debit_rep, NEW.credit_rep, 1
  FROM journal_entries e WHERE e.id = NEW.entry_id
  ON CONFLICT (year, account_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + 1;
END;

-- An entry's lines that arrived before it (sync), an entry whose date moves to another year,
-- and an entry removed before its lines.
CREATE TRIGGER account_years_entry_i AFTER INSERT ON journal_entries
BEGIN
  INSERT INTO account_years (year, account_id, debit_rep, credit_rep, lines)
  SELECT CAST(substr(NEW.entry_date, 1, 4) AS INTEGER), l.account_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
  FROM journal_lines l WHERE l.entry_id = NEW.id
  GROUP BY l.account_id
  ON CONFLICT (year, account_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + excluded.lines;
END;

CREATE TRIGGER account_years_entry_u AFTER UPDATE OF entry_date ON journal_entries
WHEN substr(OLD.entry_date, 1, 4) <> substr(NEW.entry_date, 1, 4)
BEGIN
  UPDATE account_years SET
    debit_rep = debit_rep - (SELECT sum(l.debit_rep) FROM journal_lines l
                             WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id),
    credit_rep = credit_rep - (SELECT sum(l.credit_rep) FROM journal_lines l
                               WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id),
    lines = lines - (SELECT count(*) FROM journal_lines l
                     WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id)
  WHERE year = CAST(substr(OLD.entry_date, 1, 4) AS INTEGER)
    AND account_id IN (SELECT l.account_id FROM journal_lines l WHERE l.entry_id = OLD.id);
  INSERT INTO account_years (year, account_id, debit_rep, credit_rep, lines)
  SELECT CAST(substr(NEW.entry_date, 1, 4) AS INTEGER), l.account_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
  FROM journal_lines l WHERE l.entry_id = NEW.id
  GROUP BY l.account_id
  ON CONFLICT (year, account_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + excluded.lines;
END;

CREATE TRIGGER account_years_entry_d AFTER DELETE ON journal_entries
BEGIN
  UPDATE account_years SET
    debit_rep = debit_rep - (SELECT sum(l.debit_rep) FROM journal_lines l
                             WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id),
    credit_rep = credit_rep - (SELECT sum(l.credit_rep) FROM journal_lines l
                               WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id),
    lines = lines - (SELECT count(*) FROM journal_lines l
                     WHERE l.entry_id = OLD.id AND l.account_id = account_years.account_id)
  WHERE year = CAST(substr(OLD.entry_date, 1, 4) AS INTEGER)
    AND account_id IN (SELECT l.account_id FROM journal_lines l WHERE l.entry_id = OLD.id);
END;
