//! Money as the store keeps it: integer minor units plus an ISO 4217 currency, computed with
//! `rust_decimal`, and crossing IPC and JSON as a decimal string (never a float).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorCode, Result};

/// Minor-unit exponent of a currency (ISO 4217): 2 for most, 0 for e.g. JPY/CLP, 3 for e.g. KWD.
pub fn exponent(currency: &str) -> Option<u32> {
    match currency {
        "CLP" | "JPY" | "KRW" | "PYG" | "ISK" | "UYI" => Some(0),
        "BHD" | "KWD" | "OMR" | "TND" | "JOD" | "LYD" | "IQD" => Some(3),
        c if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) => Some(2),
        _ => None,
    }
}

/// An amount in minor units of a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

impl Money {
    /// Parses a decimal string (`"1234.50"`), rounding half away from zero to the currency's
    /// minor unit; refuses amounts that do not fit.
    pub fn parse(amount: &str, currency: &str) -> Result<Money> {
        let exp = exponent(currency).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "currency",
                format!("unknown currency '{currency}'"),
            )
        })?;
        let plain = amount.trim();
        let digits = plain.strip_prefix('-').unwrap_or(plain);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        if int.is_empty()
            || frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(AppError::field(
                ErrorCode::InvalidFormat,
                "amount",
                format!("'{amount}' is not an amount: write digits with a point, like 1234.50"),
            ));
        }
        let d: Decimal = plain.parse().map_err(|_| {
            AppError::field(
                ErrorCode::InvalidFormat,
                "amount",
                format!("'{amount}' is not an amount"),
            )
        })?;
        Self::from_decimal(d, currency, exp)
    }

    fn from_decimal(d: Decimal, currency: &str, exp: u32) -> Result<Money> {
        let scaled = d
            .round_dp_with_strategy(exp, RoundingStrategy::MidpointAwayFromZero)
            .checked_mul(Decimal::from(10i64.pow(exp)))
            .and_then(|m| m.to_i64())
            .ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "amount", "the amount is too large")
            })?;
        Ok(Money {
            minor: scaled,
            currency: currency.to_string(),
        })
    }

    pub fn to_decimal(&self) -> Decimal {
        Decimal::new(self.minor, exponent(&self.currency).unwrap_or(2))
    }

    /// The decimal string that crosses IPC: `"1234.50"`.
    pub fn to_decimal_string(&self) -> String {
        self.to_decimal().to_string()
    }

    /// Converts at `rate` (units of `to` per unit of `self`), rounding half away from zero.
    pub fn convert(&self, rate: Decimal, to: &str) -> Result<Money> {
        let exp = exponent(to).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "currency",
                format!("unknown currency '{to}'"),
            )
        })?;
        let d = self.to_decimal().checked_mul(rate).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidValue, "amount", "the amount is too large")
        })?;
        Self::from_decimal(d, to, exp)
    }

    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        if self.currency != other.currency {
            return Err(AppError::new(
                ErrorCode::InvalidValue,
                "cannot add amounts in different currencies",
            ));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidValue, "the amount is too large"))?;
        Ok(Money {
            minor,
            currency: self.currency.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_and_format() {
        assert_eq!(
            Money::parse("1234.5", "USD").unwrap(),
            Money {
                minor: 123450,
                currency: "USD".into()
            }
        );
        assert_eq!(Money::parse("0.005", "USD").unwrap().minor, 1);
        assert_eq!(Money::parse("-0.005", "USD").unwrap().minor, -1);
        assert_eq!(Money::parse("1500", "CLP").unwrap().minor, 1500);
        assert_eq!(
            Money::parse("10.10", "MXN").unwrap().to_decimal_string(),
            "10.10"
        );
        for bad in ["x", "1e3", "1,000.00", "+5", ".5", "5.", "NaN", "", "- 1"] {
            assert_eq!(
                Money::parse(bad, "USD").unwrap_err().code,
                ErrorCode::InvalidFormat,
                "{bad}"
            );
        }
        assert_eq!(
            Money::parse("1", "usd").unwrap_err().field.as_deref(),
            Some("currency")
        );
        assert_eq!(
            Money::parse("99999999999999999999", "USD")
                .unwrap_err()
                .code,
            ErrorCode::InvalidValue
        );
    }

    #[test]
    fn sums_are_exact() {
        let a = Money::parse("0.10", "USD").unwrap();
        let b = Money::parse("0.20", "USD").unwrap();
        assert_eq!(a.checked_add(&b).unwrap().to_decimal_string(), "0.30");
        assert!(a.checked_add(&Money::parse("1", "MXN").unwrap()).is_err());
    }

    #[test]
    fn conversion_rounds_half_away_from_zero() {
        let usd = Money::parse("100.00", "USD").unwrap();
        let mxn = usd.convert("17.12345".parse().unwrap(), "MXN").unwrap();
        assert_eq!(mxn.to_decimal_string(), "1712.35");
    }
}
