//! Amounts as printed: decimal strings regrouped per language, negatives in parentheses.
//! Pure text work: no floating point between the caller's decimal string and the page.

use crate::model::Lang;
use crate::DocumentError;

/// A validated amount cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Amount<'a> {
    Empty,
    Value {
        negative: bool,
        /// Digits before the point, without leading zeros ("" for zero).
        int: &'a str,
        /// Digits after the point, as given (the scale is kept).
        frac: &'a str,
    },
}

/// Parses `-?[0-9]+(\.[0-9]+)?` (surrounding spaces allowed); an empty string is no amount.
pub(crate) fn parse(s: &str) -> Option<Amount<'_>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(Amount::Empty);
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.unwrap_or("");
    let zero = int.is_empty() && frac.bytes().all(|b| b == b'0');
    Some(Amount::Value {
        negative: negative && !zero,
        int,
        frac,
    })
}

/// The thousands separator and the decimal mark of a language.
fn separators(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        // English, and Spanish as printed in Mexico, where the CISS has its seat: 1,234.50.
        Lang::En | Lang::Es => (",", "."),
        // Portuguese as printed in Brazil: 1.234,50.
        Lang::Pt => (".", ","),
        // French: a narrow no-break space groups the thousands, 1 234,50.
        Lang::Fr => ("\u{202F}", ","),
    }
}

pub(crate) fn format(lang: Lang, amount: Amount<'_>) -> String {
    let Amount::Value {
        negative,
        int,
        frac,
    } = amount
    else {
        return String::new();
    };
    let (group, mark) = separators(lang);
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::with_capacity(int.len() + frac.len() + 8);
    if negative {
        out.push('(');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push_str(mark);
        out.push_str(frac);
    }
    if negative {
        out.push(')');
    }
    out
}

/// An amount as printed in `lang`: `"-1234.50"` gives `(1,234.50)` in English,
/// `(1.234,50)` in Spanish and Portuguese, `(1 234,50)` in French (narrow no-break space).
/// The scale is kept as given; an empty string gives an empty string.
pub fn format_amount(lang: Lang, value: &str) -> Result<String, DocumentError> {
    parse(value).map(|a| format(lang, a)).ok_or_else(|| {
        DocumentError::InvalidInput(format!(
            "{value:?} is not a decimal amount such as \"-1234.50\""
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(lang: Lang, s: &str) -> String {
        format_amount(lang, s).unwrap()
    }

    #[test]
    fn amounts_per_language() {
        assert_eq!(f(Lang::En, "1234.50"), "1,234.50");
        assert_eq!(f(Lang::En, "-1234.50"), "(1,234.50)");
        assert_eq!(f(Lang::Es, "-1234567.5"), "(1,234,567.5)");
        assert_eq!(f(Lang::Pt, "1234567890"), "1.234.567.890");
        assert_eq!(f(Lang::Fr, "1234.50"), "1\u{202F}234,50");
        assert_eq!(f(Lang::En, "123"), "123");
        assert_eq!(f(Lang::En, "123456"), "123,456");
        assert_eq!(f(Lang::En, "0.00"), "0.00");
        assert_eq!(f(Lang::En, "-0.00"), "0.00");
        assert_eq!(f(Lang::En, "-000012.30"), "(12.30)");
        assert_eq!(f(Lang::En, " 7.25 "), "7.25");
        assert_eq!(f(Lang::Es, ""), "");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in [
            "1,234.50", "1e5", "+5", "--5", ".5", "5.", "12a", "−5", "NaN", "1 000", "-",
        ] {
            assert!(format_amount(Lang::En, bad).is_err(), "{bad:?} accepted");
        }
    }
}
