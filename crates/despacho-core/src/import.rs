//! What every import (member institutions, agenda items) shares: the per-row issue type, the
//! text decoding (UTF-8 with or without BOM) and the choice of delimiter (`,` or `;`).

use serde::Serialize;
use specta::Type;

use crate::error::{AppError, ErrorCode};

/// One problem found in a row of an import file.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ImportIssue {
    /// Line in the file (the header is line 1).
    pub line: u32,
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
}

impl ImportIssue {
    /// A problem of the whole file (reported on line 1).
    pub fn file(message: impl Into<String>) -> ImportIssue {
        ImportIssue {
            line: 1,
            code: ErrorCode::ImportInvalid,
            field: None,
            message: message.into(),
        }
    }

    /// A problem of one row.
    pub fn at(line: u32, e: AppError) -> ImportIssue {
        ImportIssue {
            line,
            code: e.code,
            field: e.field,
            message: e.message,
        }
    }
}

/// The text of an import file: the UTF-8 BOM removed; an issue if it is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, ImportIssue> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map_err(|_| ImportIssue::file("the file is not UTF-8 text; save it as 'CSV UTF-8'"))
}

/// `;` when the header line holds more semicolons than commas (spreadsheets in Spanish,
/// Portuguese and French locales), else `,`.
pub fn delimiter(text: &str) -> u8 {
    let header_line = text.lines().next().unwrap_or("");
    if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The error an all-or-nothing import returns when the preview found problems.
pub fn refused(issues: &[ImportIssue]) -> AppError {
    let detail: Vec<String> = issues
        .iter()
        .take(20)
        .map(|i| format!("line {}: {}", i.line, i.message))
        .collect();
    AppError::new(
        ErrorCode::ImportInvalid,
        format!(
            "nothing was imported; {} problem(s): {}",
            issues.len(),
            detail.join("; ")
        ),
    )
}
