//! The one error type every operation returns. It crosses IPC as `{ code, message, field? }`:
//! `code` is a closed set the UI translates, `message` is an English explanation for logs and
//! the CLI, and `field` names the input field at fault, if any.

use serde::Serialize;
use specta::Type;

/// The closed set of error codes. The UI holds one translated message per code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A required field is empty.
    Required,
    /// A field's value has the wrong shape (e-mail, URL, date, country code…).
    InvalidFormat,
    /// A field's value is well formed but not allowed (unknown category, future date…).
    InvalidValue,
    /// A field is longer than its limit.
    TooLong,
    /// The record would break a uniqueness rule (e.g. one acronym per country).
    Duplicate,
    /// The record does not exist (or was deleted).
    NotFound,
    /// The acting user's role does not allow the operation.
    Forbidden,
    /// No user is signed in.
    NotSignedIn,
    /// Wrong user name or password.
    InvalidCredentials,
    /// The store already has its first administrator.
    AlreadyInitialized,
    /// The store has no administrator yet.
    NotInitialized,
    /// An import file has errors; nothing was imported.
    ImportInvalid,
    /// The store could not be read or written.
    Storage,
    /// The operating system could not do it (no PDF viewer, no printer…).
    Unavailable,
    /// An unexpected failure.
    Internal,
    /// The store is encrypted and not unlocked yet: give the passphrase (or the recovery key).
    Locked,
    /// The passphrase or the recovery key does not unlock the store.
    WrongPassphrase,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::InvalidFormat => "invalid_format",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::TooLong => "too_long",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::AlreadyInitialized => "already_initialized",
            ErrorCode::NotInitialized => "not_initialized",
            ErrorCode::ImportInvalid => "import_invalid",
            ErrorCode::Storage => "storage",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Locked => "locked",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
        }
    }
}

/// An operation's failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            field: Some(field.to_string()),
        }
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        AppError::new(ErrorCode::NotFound, format!("{what} {id} does not exist"))
    }

    pub fn forbidden(what: &str) -> Self {
        AppError::new(
            ErrorCode::Forbidden,
            format!("your role does not allow you to {what}"),
        )
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::new(ErrorCode::Storage, format!("store error: {e}"))
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
