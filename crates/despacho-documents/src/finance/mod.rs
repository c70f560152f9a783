//! Financial reports — the IPSAS statements for the General Assembly, budget against actual,
//! the notes (dues receivable by member, with ageing) and the budget projection — printed to
//! PDF ([`render_financial_report`]), exported to XLSX ([`financial_report_xlsx`]) and, one
//! table at a time, to CSV ([`financial_report_csv`]).
//!
//! A generic model, independent of the finance module of `despacho-core`: a report is a list
//! of tables whose first column holds the row labels and whose other columns hold amounts
//! (decimal strings such as `"-1234.50"`, already rounded by the caller) or free text (the
//! explanation column of a budget comparison). Amounts are never floating point here: they
//! are validated and regrouped as text for print, and converted to `f64` only at the XLSX
//! cell boundary (a spreadsheet stores doubles).

mod number;
mod sheet;
mod view;

use serde::{Deserialize, Serialize};

use crate::model::{Lang, Letterhead};
use crate::DocumentError;

pub use number::format_amount;
pub use sheet::{financial_report_csv, financial_report_xlsx};
pub(crate) use view::report as report_view;

/// A printable financial report: one or more tables (the statements), then the notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialReport {
    #[serde(default)]
    pub letterhead: Letterhead,
    /// The language of the fixed strings and of the number format.
    pub language: Lang,
    /// E.g. "Estados financieros".
    pub title: String,
    /// E.g. "Ejercicio 2026, con cifras comparativas de 2025". May be empty.
    #[serde(default)]
    pub subtitle: String,
    /// ISO 4217 code printed as "Cifras en USD".
    pub currency: String,
    /// `YYYY-MM-DD`: printed, and the PDF's and workbook's creation date, so that identical
    /// input gives identical bytes.
    pub generated_on: String,
    /// The statements, each printed as a table starting on a new page.
    pub sections: Vec<ReportTable>,
    /// The notes to the statements, printed after them.
    #[serde(default)]
    pub notes: Vec<ReportNote>,
    /// A short document (a mission order): no table of contents, and the sections follow
    /// one another on the same page instead of each starting a new one.
    #[serde(default)]
    pub compact: bool,
}

/// What a column other than the label column holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Decimal strings, right-aligned, grouped per language, negatives in parentheses.
    #[default]
    Amount,
    /// Free text (an explanation of a difference, a note reference), left-aligned.
    Text,
}

/// How a table is laid on the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Landscape when the columns do not fit the width of a portrait A4 page.
    #[default]
    Auto,
    Portrait,
    Landscape,
}

/// One statement or schedule: a title, column headings and rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTable {
    pub title: String,
    /// Column headings; the first is the heading of the label column (may be empty).
    pub columns: Vec<String>,
    /// The kind of each column after the first. Empty: every one holds amounts.
    #[serde(default)]
    pub column_kinds: Vec<ColumnKind>,
    pub rows: Vec<ReportRow>,
    #[serde(default)]
    pub orientation: Orientation,
}

/// How a row is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStyle {
    #[default]
    Normal,
    /// A group heading ("Activos corrientes"), in bold, usually without values.
    Heading,
    /// Bold, with a rule above the amounts.
    Subtotal,
    /// Bold, with a rule above and a double rule below the amounts.
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub label: String,
    /// One value per column after the first (or none at all, e.g. for a heading): a decimal
    /// string such as `"1234.50"` or `"-80"` in an amount column (the scale is kept as
    /// given; empty prints nothing), any text in a text column.
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub style: RowStyle,
    /// Nesting level of the label (0 = flush left); at most 6 is used.
    #[serde(default)]
    pub indent: u8,
}

/// A note to the statements: a number, a title, paragraphs (separated by a blank line) and
/// optional tables (e.g. dues receivable by member, with ageing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportNote {
    /// As referenced in the statements: `"5"`.
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub tables: Vec<ReportTable>,
}

impl ReportTable {
    /// The kind of each value column (after the label column), checked against `columns`.
    pub(crate) fn kinds(&self) -> Result<Vec<ColumnKind>, DocumentError> {
        let Some(n) = self.columns.len().checked_sub(1) else {
            return Err(self.invalid("needs at least the label column"));
        };
        if self.column_kinds.is_empty() {
            return Ok(vec![ColumnKind::Amount; n]);
        }
        if self.column_kinds.len() != n {
            return Err(self.invalid(&format!(
                "has {n} value columns but {} column kinds",
                self.column_kinds.len()
            )));
        }
        Ok(self.column_kinds.clone())
    }

    /// Checks every row and returns the kinds; values of each row padded to the column count.
    pub(crate) fn checked(&self) -> Result<(Vec<ColumnKind>, Vec<Vec<&str>>), DocumentError> {
        let kinds = self.kinds()?;
        let mut rows = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            if !row.values.is_empty() && row.values.len() != kinds.len() {
                return Err(self.invalid(&format!(
                    "row {} ({:?}) has {} values for {} value columns",
                    i + 1,
                    row.label,
                    row.values.len(),
                    kinds.len()
                )));
            }
            let mut values: Vec<&str> = row.values.iter().map(String::as_str).collect();
            values.resize(kinds.len(), "");
            for (value, kind) in values.iter().zip(&kinds) {
                if *kind == ColumnKind::Amount && number::parse(value).is_none() {
                    return Err(self.invalid(&format!(
                        "row {} ({:?}): {value:?} is not a decimal amount such as \"-1234.50\"",
                        i + 1,
                        row.label
                    )));
                }
            }
            rows.push(values);
        }
        Ok((kinds, rows))
    }

    fn invalid(&self, what: &str) -> DocumentError {
        DocumentError::InvalidInput(format!("the table {:?} {what}", self.title))
    }
}

impl FinancialReport {
    /// Every table in print order: the sections, then each note's tables.
    pub fn tables(&self) -> impl Iterator<Item = &ReportTable> {
        self.sections
            .iter()
            .chain(self.notes.iter().flat_map(|n| n.tables.iter()))
    }
}
