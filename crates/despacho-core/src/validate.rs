//! Field validation shared by every operation. Each check names the field at fault.

use chrono::NaiveDate;

use crate::error::{AppError, ErrorCode, Result};

/// Trims `value`; refuses it empty, too long, or holding control characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = optional_text(field, value, max)?;
    if v.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            format!("{field} is required"),
        ));
    }
    Ok(v)
}

/// Trims `value` (may be empty); refuses it too long or holding control characters.
/// Multi-line text fields use [`long_text`].
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::field(
            ErrorCode::TooLong,
            field,
            format!("{field} has more than {max} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} holds control characters"),
        ));
    }
    Ok(v.to_string())
}

/// Free text that may span lines (notes): tabs and line breaks allowed, other controls refused.
pub fn long_text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::field(
            ErrorCode::TooLong,
            field,
            format!("{field} has more than {max} characters"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} holds control characters"),
        ));
    }
    Ok(v.to_string())
}

/// `None` for an empty value, else a syntactically valid e-mail address.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not a valid e-mail address"),
        )
    };
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = v.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty() || local.contains('@') || local.len() > 64 {
        return Err(bad());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
        || !labels
            .iter()
            .all(|l| l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err(bad());
    }
    Ok(Some(v.to_string()))
}

/// `None` for an empty value, else an `http(s)://host…` address. A bare `www.example.org`
/// is accepted and stored with `https://`.
pub fn url(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not a valid web address"),
        )
    };
    if v.len() > 2000 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let lower = v.to_ascii_lowercase();
    let (full, rest) = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        (v.to_string(), rest.to_string())
    } else if lower.contains("://") {
        return Err(bad());
    } else {
        (format!("https://{v}"), lower.clone())
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = host.split(':').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err(bad());
    }
    Ok(Some(full))
}

/// `None` for an empty value, else an ISO `YYYY-MM-DD` calendar date.
pub fn date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.len() != 10 {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not a date (YYYY-MM-DD)"),
        ));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            AppError::field(
                ErrorCode::InvalidFormat,
                field,
                format!("'{v}' is not a date (YYYY-MM-DD)"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "a@b.org",
            "presidencia@imss.gob.mx",
            "x.y+z@sub.example.com",
            "josé@ejemplo.mx",
        ] {
            assert_eq!(email("e", Some(ok)).unwrap().as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "a",
            "a@",
            "@b.org",
            "a@b",
            "a b@c.org",
            "a@b..org",
            "a@@b.org",
            "a@-b.org",
        ] {
            let e = email("e", Some(bad)).unwrap_err();
            assert_eq!(
                (e.code, e.field.as_deref()),
                (ErrorCode::InvalidFormat, Some("e")),
                "{bad}"
            );
        }
        assert_eq!(email("e", Some("  ")).unwrap(), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            url("w", Some("https://www.ciss-bienestar.org/"))
                .unwrap()
                .unwrap(),
            "https://www.ciss-bienestar.org/"
        );
        assert_eq!(
            url("w", Some("www.imss.gob.mx")).unwrap().unwrap(),
            "https://www.imss.gob.mx"
        );
        for bad in [
            "ftp://x.org",
            "http://",
            "no spaces.org",
            "localhost",
            "https://a..b",
        ] {
            assert_eq!(
                url("w", Some(bad)).unwrap_err().code,
                ErrorCode::InvalidFormat,
                "{bad}"
            );
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            date("d", Some("2024-02-29")).unwrap().unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "01/02/2024",
            "2024-1-1",
            "20240101",
        ] {
            assert_eq!(
                date("d", Some(bad)).unwrap_err().code,
                ErrorCode::InvalidFormat,
                "{bad}"
            );
        }
    }

    #[test]
    fn text_limits() {
        assert_eq!(required_text("n", "  IMSS ", 10).unwrap(), "IMSS");
        assert_eq!(
            required_text("n", "   ", 10).unwrap_err().code,
            ErrorCode::Required
        );
        assert_eq!(
            required_text("n", &"x".repeat(11), 10).unwrap_err().code,
            ErrorCode::TooLong
        );
        assert_eq!(
            required_text("n", "a\u{0}b", 10).unwrap_err().code,
            ErrorCode::InvalidFormat
        );
        assert_eq!(
            long_text("n", "line 1\nline 2", 100).unwrap(),
            "line 1\nline 2"
        );
    }
}
