-- Indexes for the desk on a ten-year store (docs/PERFORMANCE.md).
--
-- The budget execution sums the year's journal lines per budget line (~20,000 lines a year):
-- these two covering indexes find the year's entries and their lines' budget amounts without
-- reading the table rows.
CREATE INDEX journal_entries_year_kind ON journal_entries(fiscal_year, kind, id);
CREATE INDEX journal_lines_budget_amounts ON journal_lines(entry_id, budget_line_id, debit_rep, credit_rep)
  WHERE budget_line_id IS NOT NULL;
-- What is due and overdue reads the open occurrences (a few) by the first index, and skips the
-- done and waived ones by their keys, read in order from the second alone (ten years of them).
CREATE INDEX obligation_occurrences_open ON obligation_occurrences(status)
  WHERE deleted_at IS NULL AND status IN ('pending','in_progress');
CREATE INDEX obligation_occurrences_keys ON obligation_occurrences(obligation_id, key, status, due_on, session_id, deleted_at)
  WHERE deleted_at IS NULL;
