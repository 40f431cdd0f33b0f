//! Money and quantities: the numbers that checkout trusts only after parsing them here.

use crate::error::AppError;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// An amount in US cents. Never a float; sums saturate instead of wrapping.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money(pub i64);

impl Money {
    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn times(self, n: u32) -> Money {
        Money(self.0.saturating_mul(n as i64))
    }

    pub fn plus(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// The price a shopper pays, and the crossed-out one when discounted (cents from the
    /// catalogue's `price` and `discount_price`).
    pub fn prices(price: i64, discount: Option<i64>) -> (Money, Option<Money>) {
        match discount {
            Some(d) => (Money(d), Some(Money(price))),
            None => (Money(price), None),
        }
    }

    /// `1234.50`: what a form field shows and [`Money::parse_amount`] reads back.
    pub fn plain(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0.unsigned_abs() % 100)
    }

    /// `1 234,50 $` in Russian, `$1,234.50` in English.
    pub fn format(self, lang: Lang) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let digits = whole.to_string();
        let sep = lang.pick("\u{a0}", ",");
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(sep);
            }
            grouped.push(ch);
        }
        match lang {
            Lang::Ru => format!("{sign}{grouped},{cents:02}\u{a0}$"),
            Lang::En => format!("{sign}${grouped}.{cents:02}"),
        }
    }

    /// Parses an amount a shopper typed: `12`, `12.5`, `12,50`, `1 234,50`, `$12.50`. Above zero,
    /// at most two decimals, at most a million.
    pub fn parse_amount(input: &str) -> Result<Money, AppError> {
        let cleaned: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '$' && *c != '\u{a0}')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole)
            || (!frac.is_empty() && !digits(frac))
            || frac.len() > 2
            || whole.len() > 7
        {
            return Err(AppError::InvalidAmount);
        }
        let whole: i64 = whole.parse().map_err(|_| AppError::InvalidAmount)?;
        let frac: i64 = format!("{frac:0<2}")
            .parse()
            .map_err(|_| AppError::InvalidAmount)?;
        let cents = whole * 100 + frac;
        if cents <= 0 || cents > 100_000_000 {
            return Err(AppError::InvalidAmount);
        }
        Ok(Money(cents))
    }

    /// Percentage saved going from `was` to `self` (rounded down).
    pub fn percent_off(self, was: Money) -> u32 {
        if was.0 <= 0 || self.0 >= was.0 {
            return 0;
        }
        ((was.0 - self.0) * 100 / was.0) as u32
    }
}

/// How many units of one product: 1 to 999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity(u32);

impl Quantity {
    pub const MAX: u32 = 999;

    /// Parses what a shopper typed; zero, negatives, fractions and words are refused.
    pub fn parse(input: &str) -> Result<Quantity, AppError> {
        match input.trim().parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Quantity(n)),
            _ => Err(AppError::InvalidQuantity),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Checks the quantity against what is in stock.
    pub fn within_stock(self, stock: i64) -> Result<Quantity, AppError> {
        if (self.0 as i64) <= stock {
            Ok(self)
        } else {
            Err(AppError::NotEnoughStock {
                available: stock.clamp(0, u32::MAX as i64) as u32,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_formatted_for_each_language() {
        assert_eq!(Money(123_456).format(Lang::En), "$1,234.56");
        assert_eq!(Money(123_456).format(Lang::Ru), "1\u{a0}234,56\u{a0}$");
        assert_eq!(Money(5).format(Lang::En), "$0.05");
        assert_eq!(Money(100_000_000).format(Lang::En), "$1,000,000.00");
        assert_eq!(Money(750).percent_off(Money(1000)), 25);
    }

    #[test]
    fn amounts_are_read_in_either_notation_and_refused_when_odd() {
        assert_eq!(Money::parse_amount("12,50"), Ok(Money(1250)));
        assert_eq!(Money::parse_amount(" $1 234.5 "), Ok(Money(123_450)));
        assert_eq!(Money::parse_amount("7"), Ok(Money(700)));
        for bad in [
            "", "0", "0,00", "-5", "1.234", "abc", "1e3", "1.2.3", "99999999",
        ] {
            assert_eq!(
                Money::parse_amount(bad),
                Err(AppError::InvalidAmount),
                "{bad}"
            );
        }
    }

    #[test]
    fn quantities_outside_one_to_999_are_refused() {
        for bad in ["0", "-1", "abc", "1.5", "", "1000", "99999999999"] {
            assert_eq!(
                Quantity::parse(bad),
                Err(AppError::InvalidQuantity),
                "{bad}"
            );
        }
        assert_eq!(Quantity::parse(" 3 ").unwrap().get(), 3);
        assert_eq!(
            Quantity::parse("5").unwrap().within_stock(2),
            Err(AppError::NotEnoughStock { available: 2 })
        );
    }
}
