//! Input parsed once into types that carry meaning. Constructors refuse bad input with an
//! [`AppError`] naming the field, so the message can be shown next to it.

use crate::error::{AppError, Field};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid e-mail address, trimmed, at most 254 characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, AppError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AppError::Required(Field::Email));
        }
        if s.len() > Self::MAX_LEN {
            return Err(AppError::TooLong(Field::Email, Self::MAX_LEN as u32));
        }
        let (local, domain) = s.rsplit_once('@').ok_or(AppError::InvalidEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Email(s.to_string()))
        } else {
            Err(AppError::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep addresses out of logs: show the domain only.
        let domain = self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        write!(f, "Email(***@{domain})")
    }
}

/// The shopper's public numeric member ID (9 digits, never starting with 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemberId(i64);

impl MemberId {
    pub const MIN: i64 = 100_000_000;
    pub const MAX: i64 = 999_999_999;

    pub fn new(value: i64) -> Option<MemberId> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(MemberId(value))
    }

    /// Parses user input: digits only (spaces ignored).
    pub fn parse(raw: &str) -> Option<MemberId> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() || digits.len() > 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().and_then(MemberId::new)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a shopper types into "E-mail or member ID".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginId {
    Email(Email),
    Member(MemberId),
}

impl LoginId {
    pub fn parse(raw: &str) -> Result<LoginId, AppError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AppError::Required(Field::LoginId));
        }
        if s.len() > Email::MAX_LEN {
            return Err(AppError::TooLong(Field::LoginId, Email::MAX_LEN as u32));
        }
        if s.chars().all(|c| c.is_ascii_digit() || c == ' ') {
            return MemberId::parse(s)
                .map(LoginId::Member)
                .ok_or(AppError::InvalidLoginId);
        }
        Email::parse(s)
            .map(LoginId::Email)
            .map_err(|_| AppError::InvalidLoginId)
    }

    /// A stable key for throttling failures against one account, known or not.
    pub fn throttle_key(&self) -> String {
        match self {
            LoginId::Email(e) => format!("e:{}", e.as_str().to_lowercase()),
            LoginId::Member(m) => format!("m:{m}"),
        }
    }
}

/// A display name: 1–100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<PersonName, AppError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AppError::Required(Field::Name));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(AppError::TooLong(Field::Name, Self::MAX_CHARS as u32));
        }
        if s.chars().any(char::is_control) {
            return Err(AppError::InvalidName);
        }
        Ok(PersonName(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8–128 characters and at most 128 bytes·4, checked before any hashing.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<NewPassword, AppError> {
        check_password_size(raw)?;
        if raw.chars().count() < Self::MIN_CHARS {
            return Err(AppError::PasswordTooShort);
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Refuses empty or oversized passwords before they reach the (expensive) hash.
pub fn check_password_size(raw: &str) -> Result<(), AppError> {
    if raw.is_empty() {
        return Err(AppError::Required(Field::Password));
    }
    if raw.len() > NewPassword::MAX_CHARS || raw.chars().count() > NewPassword::MAX_CHARS {
        return Err(AppError::TooLong(
            Field::Password,
            NewPassword::MAX_CHARS as u32,
        ));
    }
    Ok(())
}

/// Password strength from 0 (very weak) to 4 (strong), shown by the meter while typing.
pub fn password_strength(pw: &str) -> u8 {
    let len = pw.chars().count();
    if len == 0 {
        return 0;
    }
    let classes = [
        pw.chars().any(|c| c.is_lowercase()),
        pw.chars().any(|c| c.is_uppercase()),
        pw.chars().any(|c| c.is_numeric()),
        pw.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let distinct = {
        let mut v: Vec<char> = pw.chars().collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let mut score: i32 = match len {
        0..=7 => 0,
        8..=10 => 1,
        11..=14 => 2,
        _ => 3,
    };
    score += match classes {
        0 | 1 => 0,
        2 | 3 => 1,
        _ => 2,
    };
    if distinct < 5 {
        score -= 2;
    }
    if len < NewPassword::MIN_CHARS {
        score = score.min(0);
    }
    score.clamp(0, 4) as u8
}

/// A same-site path to return to after signing in. Anything else becomes `/`.
pub fn safe_next(raw: Option<&str>) -> String {
    let Some(p) = raw.map(str::trim).filter(|p| !p.is_empty()) else {
        return "/".into();
    };
    let ok = p.starts_with('/')
        && !p.starts_with("//")
        && !p.starts_with("/\\")
        && !p.contains("://")
        && !p.chars().any(|c| c.is_control() || c == '\\')
        && p.len() <= 2048
        && !p.starts_with("/api/");
    if ok {
        p.to_string()
    } else {
        "/".into()
    }
}

/// Where to go after signing in or registering: like [`safe_next`], but never back to a sign-in page.
pub fn after_sign_in(raw: Option<&str>) -> String {
    let next = safe_next(raw);
    let auth_page = ["/login", "/register", "/password/", "/email/"]
        .iter()
        .any(|p| next.starts_with(p));
    if auth_page {
        "/".into()
    } else {
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_parse_and_malformed_ones_are_refused() {
        assert!(Email::parse(" yulia@example.ru ").is_ok());
        assert!(Email::parse("a.b+tag@mail.example.com").is_ok());
        for bad in [
            "", "no-at", "a@b", "a@@b.ru", "a b@c.ru", ".a@b.ru", "a@-b.ru", "a@b..ru",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            Email::parse(&long),
            Err(AppError::TooLong(Field::Email, 254))
        );
    }

    #[test]
    fn digits_are_a_member_id_and_anything_with_at_is_an_email() {
        assert!(matches!(
            LoginId::parse("123456789"),
            Ok(LoginId::Member(_))
        ));
        assert!(matches!(LoginId::parse("x@y.ru"), Ok(LoginId::Email(_))));
        assert_eq!(LoginId::parse("12"), Err(AppError::InvalidLoginId));
        assert_eq!(
            LoginId::parse("  "),
            Err(AppError::Required(Field::LoginId))
        );
    }

    #[test]
    fn names_are_trimmed_and_limited_to_one_hundred_characters() {
        assert_eq!(PersonName::parse("  Юлия ").unwrap().as_str(), "Юлия");
        assert!(PersonName::parse(&"я".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"я".repeat(101)),
            Err(AppError::TooLong(Field::Name, 100))
        );
    }

    #[test]
    fn passwords_need_eight_characters_and_at_most_128_bytes() {
        assert_eq!(NewPassword::parse("short"), Err(AppError::PasswordTooShort));
        assert!(NewPassword::parse("long enough").is_ok());
        assert!(NewPassword::parse(&"ж".repeat(100)).is_err(), "200 bytes");
        assert!(NewPassword::parse(&"a".repeat(129)).is_err());
    }

    #[test]
    fn the_meter_rates_long_varied_passwords_above_short_repetitive_ones() {
        assert_eq!(password_strength(""), 0);
        assert_eq!(password_strength("aaaaaaaaaaaa"), 0);
        assert!(password_strength("password") <= 1);
        assert!(password_strength("Korova-Molоko-2026!") >= 4);
    }

    #[test]
    fn return_paths_must_stay_on_this_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("/search?q=чай")), "/search?q=чай");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "/api/logout",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(
            safe_next(Some("/login?next=/account")),
            "/login?next=/account"
        );
        assert_eq!(after_sign_in(Some("/login?next=/account")), "/");
        assert_eq!(after_sign_in(Some("/account")), "/account");
    }
}

/// A 16-digit order number, unique in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrderNumber(i64);

impl OrderNumber {
    pub const MIN: i64 = 1_000_000_000_000_000;
    pub const MAX: i64 = 9_999_999_999_999_999;

    pub fn new(n: i64) -> Option<OrderNumber> {
        (Self::MIN..=Self::MAX)
            .contains(&n)
            .then_some(OrderNumber(n))
    }

    /// Sixteen digits; spaces (as in "1234 5678 …") are allowed and dropped.
    pub fn parse(input: &str) -> Result<OrderNumber, AppError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 16 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(AppError::NotFound);
        }
        digits
            .parse()
            .ok()
            .and_then(OrderNumber::new)
            .ok_or(AppError::NotFound)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
