-- The ledger's windows on a ten-year journal (issue 9, docs/PERFORMANCE.md).
--
-- The journal is listed newest first (date, then fiscal year and number): this index gives
-- that order (read backwards) with the entry's id, so a window of 200 is read from the index
-- alone instead of sorting the whole filtered journal before its OFFSET.
CREATE INDEX journal_entries_order ON journal_entries(entry_date, fiscal_year, number, id);
-- "Entries with a line on this account": one probe per entry while walking the order above,
-- and the count of those entries read from the index alone.
CREATE INDEX journal_lines_account_entry ON journal_lines(account_id, entry_id);
