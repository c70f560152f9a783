//! What `statements.typ` receives as `/data.json`: every amount already formatted for the
//! language, each column's width decided, the orientation of each table chosen.

use serde::Serialize;

use super::number::{self, Amount};
use super::{ColumnKind, FinancialReport, Orientation, ReportTable, RowStyle};
use crate::strings::{finance_strings, FinanceStrings, Ymd};
use crate::view::LetterheadView;
use crate::DocumentError;

/// Usable width of an A4 page with the 2.3 cm side margins of `common.typ`, in points.
const PORTRAIT_WIDTH: f64 = 595.28 - 2.0 * 65.2;
/// Narrowest label column worth printing in portrait before turning the page.
const LABEL_MIN: f64 = 140.0;
/// Narrowest wide text column (an explanation).
const TEXT_MIN: f64 = 130.0;
/// A text column whose longest entry is at most this many characters gets its natural width.
const SHORT_TEXT: usize = 14;

/// A column width for Typst: points, a fraction of the remaining room, or natural.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
enum Width {
    Pt(f64),
    Fr(f64),
    Auto,
}

#[derive(Debug, Serialize)]
struct RowView {
    label: String,
    cells: Vec<String>,
    style: &'static str,
    indent: u8,
}

#[derive(Debug, Serialize)]
pub(crate) struct TableView {
    title: String,
    columns: Vec<String>,
    /// `"amount"` or `"text"` per value column.
    kinds: Vec<&'static str>,
    widths: Vec<Width>,
    landscape: bool,
    rows: Vec<RowView>,
}

#[derive(Debug, Serialize)]
struct NoteView {
    number: String,
    title: String,
    paragraphs: Vec<String>,
    tables: Vec<TableView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReportView {
    lang: &'static str,
    t: FinanceStrings,
    letterhead: LetterheadView,
    title: String,
    subtitle: String,
    amounts_in: String,
    generated: String,
    /// Print a table of contents on the first page.
    contents: bool,
    /// Sections follow one another without page breaks.
    compact: bool,
    sections: Vec<TableView>,
    notes: Vec<NoteView>,
}

/// Estimated printed width of a formatted amount at 9 pt in Libertinus Serif (tabular
/// figures): a digit is about half an em, punctuation and parentheses less.
fn amount_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii_digit() { 4.5 } else { 2.4 })
        .sum()
}

fn table(t: &ReportTable, lang: crate::Lang) -> Result<TableView, DocumentError> {
    let (kinds, values) = t.checked()?;
    let rows: Vec<RowView> = t
        .rows
        .iter()
        .zip(values)
        .map(|(row, values)| RowView {
            label: row.label.clone(),
            cells: values
                .iter()
                .zip(&kinds)
                .map(|(v, k)| match k {
                    ColumnKind::Amount => {
                        number::format(lang, number::parse(v).unwrap_or(Amount::Empty))
                    }
                    ColumnKind::Text => v.trim().to_owned(),
                })
                .collect(),
            style: match row.style {
                RowStyle::Normal => "normal",
                RowStyle::Heading => "heading",
                RowStyle::Subtotal => "subtotal",
                RowStyle::Total => "total",
            },
            indent: row.indent.min(6),
        })
        .collect();
    // Every amount column of a table has the width of its widest amount (at least 2 cm),
    // so that the figures line up and never wrap; headings wrap above them.
    let widest = rows
        .iter()
        .flat_map(|r| r.cells.iter().zip(&kinds))
        .filter(|(_, k)| **k == ColumnKind::Amount)
        .map(|(c, _)| amount_width(c))
        .fold(0.0, f64::max);
    // + the room a positive figure leaves for a closing parenthesis, + the cell's inset.
    let amount = (widest + 14.0).max(54.0);
    let mut needed = LABEL_MIN;
    let mut widths = vec![Width::Fr(1.0)];
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            ColumnKind::Amount => {
                needed += amount;
                widths.push(Width::Pt(amount));
            }
            ColumnKind::Text => {
                let longest = rows
                    .iter()
                    .map(|r| r.cells[i].chars().count())
                    .chain(
                        t.columns[i + 1]
                            .split_whitespace()
                            .map(|w| w.chars().count()),
                    )
                    .max()
                    .unwrap_or(0);
                if longest <= SHORT_TEXT {
                    needed += longest as f64 * 5.0 + 10.0;
                    widths.push(Width::Auto);
                } else {
                    needed += TEXT_MIN;
                    widths.push(Width::Fr(0.9));
                }
            }
        }
    }
    let landscape = match t.orientation {
        Orientation::Portrait => false,
        Orientation::Landscape => true,
        Orientation::Auto => needed > PORTRAIT_WIDTH,
    };
    Ok(TableView {
        title: t.title.clone(),
        columns: t.columns.clone(),
        kinds: kinds
            .iter()
            .map(|k| match k {
                ColumnKind::Amount => "amount",
                ColumnKind::Text => "text",
            })
            .collect(),
        widths,
        landscape,
        rows,
    })
}

pub(crate) fn report(r: &FinancialReport) -> Result<ReportView, DocumentError> {
    let lang = r.language;
    let generated = Ymd::parse(&r.generated_on).ok_or_else(|| {
        DocumentError::InvalidInput(format!(
            "generated_on must be a date YYYY-MM-DD, not {:?}",
            r.generated_on
        ))
    })?;
    let t = finance_strings(lang);
    let currency = r.currency.trim();
    let sections = r
        .sections
        .iter()
        .map(|s| table(s, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let notes = r
        .notes
        .iter()
        .map(|n| {
            Ok(NoteView {
                number: n.number.trim().to_owned(),
                title: n.title.clone(),
                paragraphs: paragraphs(&n.text),
                tables: n
                    .tables
                    .iter()
                    .map(|s| table(s, lang))
                    .collect::<Result<Vec<_>, _>>()?,
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    Ok(ReportView {
        lang: lang.code(),
        amounts_in: if currency.is_empty() {
            String::new()
        } else {
            format!("{} {currency}", t.amounts_in)
        },
        t,
        letterhead: LetterheadView::new(&r.letterhead),
        title: r.title.trim().to_owned(),
        subtitle: r.subtitle.trim().to_owned(),
        generated: generated.long(lang),
        contents: !r.compact && sections.len() + usize::from(!notes.is_empty()) > 1,
        compact: r.compact,
        sections,
        notes,
    })
}

/// Paragraphs separated by blank lines; single line breaks inside one are kept as spaces.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}
