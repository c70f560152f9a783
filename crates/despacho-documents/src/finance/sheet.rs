//! The financial reports as data: an XLSX workbook (one worksheet per table, real numeric
//! cells) and CSV (one table, RFC 4180).

use std::collections::HashSet;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::number::{self, Amount};
use super::{ColumnKind, FinancialReport, ReportTable, RowStyle};
use crate::strings::{finance_strings, Ymd};
use crate::DocumentError;

/// Rows above the column headings: the table's title, the report's title and currency, a gap.
const HEADER_ROW: u32 = 3;

fn xlsx_error(e: XlsxError) -> DocumentError {
    DocumentError::Spreadsheet(e.to_string())
}

/// The report as an XLSX workbook: one worksheet per table (the sections, then the notes'
/// tables), named after the table (sanitized, at most 31 characters, unique). On each sheet:
/// the table's title, the report's title and currency, then the bold column headings (frozen,
/// with the label column) and the rows; amounts are numeric cells formatted `#,##0.00` (as
/// many decimals as given), subtotals and totals bold with rules. Deterministic: the
/// workbook's creation date is `generated_on`.
pub fn financial_report_xlsx(report: &FinancialReport) -> Result<Vec<u8>, DocumentError> {
    let generated = Ymd::parse(&report.generated_on).ok_or_else(|| {
        DocumentError::InvalidInput(format!(
            "generated_on must be a date YYYY-MM-DD, not {:?}",
            report.generated_on
        ))
    })?;
    let t = finance_strings(report.language);
    let year = u16::try_from(generated.year)
        .map_err(|_| DocumentError::InvalidInput("generated_on is out of range".to_owned()))?;
    let created = ExcelDateTime::from_ymd(year, generated.month, generated.day)
        .map_err(|e| DocumentError::InvalidInput(format!("generated_on: {e}")))?;

    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(report.title.trim())
            .set_subject(report.subtitle.trim())
            .set_author(report.letterhead.organization.trim())
            .set_creation_datetime(&created),
    );
    let caption = [
        report.title.trim(),
        report.subtitle.trim(),
        &if report.currency.trim().is_empty() {
            String::new()
        } else {
            format!("{} {}", t.amounts_in, report.currency.trim())
        },
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" — ");

    let mut names = SheetNames::default();
    for (index, table) in report.tables().enumerate() {
        let (kinds, values) = table.checked()?;
        let name = names.claim(&table.title, &format!("{} {}", t.sheet, index + 1));
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        write_table(sheet, table, &kinds, &values, &caption).map_err(|e| match e {
            SheetError::Xlsx(e) => xlsx_error(e),
            SheetError::Input(e) => e,
        })?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

enum SheetError {
    Xlsx(XlsxError),
    Input(DocumentError),
}

impl From<XlsxError> for SheetError {
    fn from(e: XlsxError) -> Self {
        SheetError::Xlsx(e)
    }
}

fn number_format(frac_digits: usize) -> String {
    if frac_digits == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(frac_digits))
    }
}

fn write_table(
    sheet: &mut Worksheet,
    table: &ReportTable,
    kinds: &[ColumnKind],
    values: &[Vec<&str>],
    caption: &str,
) -> Result<(), SheetError> {
    sheet.write_string_with_format(
        0,
        0,
        table.title.trim(),
        &Format::new().set_bold().set_font_size(13),
    )?;
    if !caption.is_empty() {
        sheet.write_string(1, 0, caption)?;
    }

    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Bottom)
        .set_border_bottom(FormatBorder::Thin);
    for (col, title) in table.columns.iter().enumerate() {
        let format = match col.checked_sub(1).map(|i| kinds[i]) {
            Some(ColumnKind::Amount) => heading.clone().set_align(FormatAlign::Right),
            _ => heading.clone(),
        };
        sheet.write_string_with_format(HEADER_ROW, col as u16, title.trim(), &format)?;
    }

    let mut label_width = table.columns[0].chars().count();
    let mut widths: Vec<usize> = table.columns[1..]
        .iter()
        .map(|c| {
            c.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (r, (row, cells)) in table.rows.iter().zip(values).enumerate() {
        let y = HEADER_ROW + 1 + r as u32;
        let bold = row.style != RowStyle::Normal;
        let indent = row.indent.min(6);
        let mut label = Format::new().set_indent(indent);
        if bold {
            label = label.set_bold();
        }
        sheet.write_string_with_format(y, 0, row.label.trim(), &label)?;
        label_width = label_width.max(row.label.trim().chars().count() + 2 * usize::from(indent));

        for (i, (value, kind)) in cells.iter().zip(kinds).enumerate() {
            let x = (i + 1) as u16;
            let mut format = Format::new();
            if bold {
                format = format.set_bold();
            }
            match row.style {
                RowStyle::Subtotal => format = format.set_border_top(FormatBorder::Thin),
                RowStyle::Total => {
                    format = format
                        .set_border_top(FormatBorder::Thin)
                        .set_border_bottom(FormatBorder::Double)
                }
                _ => {}
            }
            match kind {
                ColumnKind::Amount => {
                    let amount = number::parse(value).unwrap_or(Amount::Empty);
                    let Amount::Value { int, frac, .. } = amount else {
                        if row.style == RowStyle::Subtotal || row.style == RowStyle::Total {
                            sheet.write_blank(y, x, &format)?;
                        }
                        continue;
                    };
                    let n = to_f64(value).ok_or_else(|| {
                        SheetError::Input(DocumentError::InvalidInput(format!(
                            "the amount {value:?} in {:?} is too large",
                            table.title
                        )))
                    })?;
                    sheet.write_number_with_format(
                        y,
                        x,
                        n,
                        &format.set_num_format(number_format(frac.len())),
                    )?;
                    // Digits, group separators, decimals, a sign.
                    widths[i] = widths[i].max(int.len() + int.len() / 3 + frac.len() + 3);
                }
                ColumnKind::Text => {
                    let text = value.trim();
                    if !text.is_empty() {
                        sheet.write_string_with_format(
                            y,
                            x,
                            text,
                            &format.set_text_wrap().set_align(FormatAlign::Top),
                        )?;
                    } else if row.style == RowStyle::Total {
                        sheet.write_blank(y, x, &format)?;
                    }
                    widths[i] = widths[i].max(text.chars().count());
                }
            }
        }
    }

    sheet.set_column_width(0, label_width.clamp(24, 60) as f64 + 1.0)?;
    for (i, (w, kind)) in widths.iter().zip(kinds).enumerate() {
        let width = match kind {
            ColumnKind::Amount => (*w).clamp(12, 22),
            ColumnKind::Text => (*w).clamp(8, 50),
        };
        sheet.set_column_width((i + 1) as u16, width as f64 + 1.0)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_paper_size(9); // A4
    if kinds.len() > 3 {
        sheet.set_landscape();
    }
    Ok(())
}

/// The amount as a double, exactly as a spreadsheet stores it (negative zero as zero).
fn to_f64(value: &str) -> Option<f64> {
    let d: Decimal = value.trim().parse().ok()?;
    if d.is_zero() {
        return Some(0.0);
    }
    d.to_f64()
}

/// Worksheet names as Excel accepts them: no `[]:*?/\`, not starting or ending with an
/// apostrophe, at most 31 UTF-16 units, unique regardless of case, not "History".
#[derive(Default)]
struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    fn claim(&mut self, title: &str, fallback: &str) -> String {
        let cleaned: String = title
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        let base = if cleaned.is_empty() {
            fallback
        } else {
            cleaned
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let name = format!("{}{suffix}", truncate_utf16(base, 31 - suffix.len()))
                .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
                .to_owned();
            let key = name.to_lowercase();
            if !name.is_empty() && key != "history" && self.taken.insert(key) {
                return name;
            }
            n += 1;
        }
    }
}

fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// One table as CSV (RFC 4180): the column headings, then one record per row — the label and
/// each value as given (amounts keep their machine form, `-1234.50`, with a decimal point).
/// Fields with a comma, a quote or a line break are quoted; lines end with CRLF; no BOM.
pub fn financial_report_csv(table: &ReportTable) -> String {
    let width = table.columns.len().max(1);
    let mut out = String::new();
    push_record(&mut out, width, table.columns.iter().map(String::as_str));
    for row in &table.rows {
        let fields = std::iter::once(row.label.as_str()).chain(row.values.iter().map(|v| v.trim()));
        push_record(&mut out, width, fields);
    }
    out
}

/// One record of exactly `width` fields (missing ones empty), ended by CRLF.
fn push_record<'a>(out: &mut String, width: usize, fields: impl Iterator<Item = &'a str>) {
    let mut fields = fields;
    for i in 0..width {
        if i > 0 {
            out.push(',');
        }
        push_field(out, fields.next().unwrap_or(""));
    }
    out.push_str("\r\n");
}

fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(
            names.claim("Estado de situación financiera", "Hoja 1"),
            "Estado de situación financiera"
        );
        let long = "Estado de rendimiento financiero por naturaleza del gasto";
        let a = names.claim(long, "Hoja 2");
        let b = names.claim(long, "Hoja 3");
        assert_eq!(a.encode_utf16().count(), 31);
        assert!(b.ends_with(" (2)") && b.encode_utf16().count() <= 31, "{b}");
        assert_ne!(a.to_lowercase(), b.to_lowercase());
        assert_eq!(names.claim("a/b: [c]*?\\", "x"), "a b c");
        assert_eq!(names.claim("'quoted'", "x"), "quoted");
        assert_eq!(names.claim("  ", "Hoja 7"), "Hoja 7");
        assert_eq!(names.claim("HISTORY", "x"), "HISTORY (2)");
        assert_eq!(
            names.claim("ESTADO DE SITUACIÓN FINANCIERA", "x"),
            "ESTADO DE SITUACIÓN FINANCI (2)"
        );
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let table = ReportTable {
            title: "T".to_owned(),
            columns: vec!["".to_owned(), "2026".to_owned(), "Nota".to_owned()],
            column_kinds: vec![ColumnKind::Amount, ColumnKind::Text],
            rows: vec![
                super::super::ReportRow {
                    label: "Cuotas, \"netas\"\nde provisión".to_owned(),
                    values: vec!["-1234.50".to_owned(), "5".to_owned()],
                    style: RowStyle::Normal,
                    indent: 1,
                },
                super::super::ReportRow {
                    label: "Activos".to_owned(),
                    values: vec![],
                    style: RowStyle::Heading,
                    indent: 0,
                },
            ],
            orientation: Default::default(),
        };
        assert_eq!(
            financial_report_csv(&table),
            ",2026,Nota\r\n\"Cuotas, \"\"netas\"\"\nde provisión\",-1234.50,5\r\nActivos,,\r\n"
        );
    }
}
