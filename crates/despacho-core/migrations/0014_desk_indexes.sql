-- Indexes for the desk on a ten-year store (docs/PERFORMANCE.md).
--
-- The budget execution sums the year's journal lines per budget line (~20,000 lines a year):
-- these two covering indexes find the year's entries and their lines' budget amounts without
-- reading the table rows.
CREATE INDEX journal_entries_year_kind ON journal_entries(fiscal_year, kind, id);
CREATE INDEX journal_lines_budget_amounts ON journal_lines(entry_id, budget_line_id, debit_rep, credit_rep)
  WHERE budget_line_id IS NOT NULL;
-- What is due and overdue skips an obligation's done and waived occurrences by their keys,
-- read from this index alone.
CREATE INDEX obligation_occurrences_closed ON obligation_occurrences(obligation_id, status, due_on, session_id, key)
  WHERE deleted_at IS NULL;
