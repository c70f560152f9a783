-- Schema v15: each fiscal year's actuals per budget line, kept by triggers (issue 6: the desk's
-- budget execution summed a whole year of journal lines at every read, 10–12 ms on the
-- ten-year office). A sum derived from journal lines, no record of its own: not synced (no `id`;
-- each site keeps its own from the lines it holds), rebuilt here from what the store holds.
-- Only entries that are not closing entries count, as in the budget-vs-actual statement.
CREATE TABLE budget_actuals (
  fiscal_year     INTEGER NOT NULL,
  budget_line_id  TEXT NOT NULL,
  debit_rep       INTEGER NOT NULL,
  credit_rep      INTEGER NOT NULL,
  -- How many journal lines are summed here: a row at 0 is a line without figures that year.
  lines           INTEGER NOT NULL,
  PRIMARY KEY (fiscal_year, budget_line_id)
) WITHOUT ROWID;

INSERT INTO budget_actuals (fiscal_year, budget_line_id, debit_rep, credit_rep, lines)
SELECT e.fiscal_year, l.budget_line_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
WHERE e.kind <> 'closing' AND l.budget_line_id IS NOT NULL
GROUP BY e.fiscal_year, l.budget_line_id;

-- A line counts once its entry exists (a sync bundle may bring the line first: then the
-- entry's insert counts it).
CREATE TRIGGER budget_actuals_line_i AFTER INSERT ON journal_lines
WHEN NEW.budget_line_id IS NOT NULL
BEGIN
  INSERT INTO budget_actuals (fiscal_year, budget_line_id, debit_rep, credit_rep, lines)
  SELECT e.fiscal_year, NEW.budget_line_id, NEW.debit_rep, NEW.credit_rep, 1
  FROM journal_entries e WHERE e.id = NEW.entry_id AND e.kind <> 'closing'
  ON CONFLICT (fiscal_year, budget_line_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + 1;
END;

CREATE TRIGGER budget_actuals_line_d AFTER DELETE ON journal_lines
WHEN OLD.budget_line_id IS NOT NULL
BEGIN
  UPDATE budget_actuals SET
    debit_rep = debit_rep - OLD.debit_rep,
    credit_rep = credit_rep - OLD.credit_rep,
    lines = lines - 1
  WHERE budget_line_id = OLD.budget_line_id
    AND fiscal_year = (SELECT e.fiscal_year FROM journal_entries e
                       WHERE e.id = OLD.entry_id AND e.kind <> 'closing');
END;

CREATE TRIGGER budget_actuals_line_u AFTER UPDATE OF entry_id, budget_line_id, debit_rep, credit_rep ON journal_lines
BEGIN
  UPDATE budget_actuals SET
    debit_rep = debit_rep - OLD.debit_rep,
    credit_rep = credit_rep - OLD.credit_rep,
    lines = lines - 1
  WHERE OLD.budget_line_id IS NOT NULL AND budget_line_id = OLD.budget_line_id
    AND fiscal_year = (SELECT e.fiscal_year FROM journal_entries e
                       WHERE e.id = OLD.entry_id AND e.kind <> 'closing');
  INSERT INTO budget_actuals (fiscal_year, budget_line_id, debit_rep, credit_rep, lines)
  SELECT e.fiscal_year, NEW.budget_line_id, NEW.debit_rep, NEW.credit_rep, 1
  FROM journal_entries e
  WHERE NEW.budget_line_id IS NOT NULL AND e.id = NEW.entry_id AND e.kind <> 'closing'
  ON CONFLICT (fiscal_year, budget_line_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + 1;
END;

-- An entry's lines that arrived before it (sync), and an entry whose year or kind changes.
CREATE TRIGGER budget_actuals_entry_i AFTER INSERT ON journal_entries
WHEN NEW.kind <> 'closing'
BEGIN
  INSERT INTO budget_actuals (fiscal_year, budget_line_id, debit_rep, credit_rep, lines)
  SELECT NEW.fiscal_year, l.budget_line_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
  FROM journal_lines l WHERE l.entry_id = NEW.id AND l.budget_line_id IS NOT NULL
  GROUP BY l.budget_line_id
  ON CONFLICT (fiscal_year, budget_line_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + excluded.lines;
END;

CREATE TRIGGER budget_actuals_entry_u AFTER UPDATE OF fiscal_year, kind ON journal_entries
BEGIN
  UPDATE budget_actuals SET
    debit_rep = debit_rep - (SELECT sum(l.debit_rep) FROM journal_lines l
                             WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id),
    credit_rep = credit_rep - (SELECT sum(l.credit_rep) FROM journal_lines l
                               WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id),
    lines = lines - (SELECT count(*) FROM journal_lines l
                     WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id)
  WHERE OLD.kind <> 'closing' AND fiscal_year = OLD.fiscal_year
    AND budget_line_id IN (SELECT l.budget_line_id FROM journal_lines l WHERE l.entry_id = OLD.id);
  INSERT INTO budget_actuals (fiscal_year, budget_line_id, debit_rep, credit_rep, lines)
  SELECT NEW.fiscal_year, l.budget_line_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
  FROM journal_lines l
  WHERE NEW.kind <> 'closing' AND l.entry_id = NEW.id AND l.budget_line_id IS NOT NULL
  GROUP BY l.budget_line_id
  ON CONFLICT (fiscal_year, budget_line_id) DO UPDATE SET
    debit_rep = debit_rep + excluded.debit_rep,
    credit_rep = credit_rep + excluded.credit_rep,
    lines = lines + excluded.lines;
END;

CREATE TRIGGER budget_actuals_entry_d AFTER DELETE ON journal_entries
WHEN OLD.kind <> 'closing'
BEGIN
  UPDATE budget_actuals SET
    debit_rep = debit_rep - (SELECT sum(l.debit_rep) FROM journal_lines l
                             WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id),
    credit_rep = credit_rep - (SELECT sum(l.credit_rep) FROM journal_lines l
                               WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id),
    lines = lines - (SELECT count(*) FROM journal_lines l
                     WHERE l.entry_id = OLD.id AND l.budget_line_id = budget_actuals.budget_line_id)
  WHERE fiscal_year = OLD.fiscal_year
    AND budget_line_id IN (SELECT l.budget_line_id FROM journal_lines l WHERE l.entry_id = OLD.id);
END;
