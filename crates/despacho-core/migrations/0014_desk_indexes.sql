-- The desk's budget execution sums the year's journal lines per budget line (ten years of books:
-- ~20,000 lines a year). These two covering indexes let SQLite find the year's entries and
-- their lines' budget amounts without reading the table rows: 40 ms → 17 ms on a ten-year
-- store (docs/PERFORMANCE.md).
CREATE INDEX journal_entries_year_kind ON journal_entries(fiscal_year, kind, id);
CREATE INDEX journal_lines_budget_amounts ON journal_lines(entry_id, budget_line_id, debit_rep, credit_rep)
  WHERE budget_line_id IS NOT NULL;
