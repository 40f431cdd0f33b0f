//! Passwords nobody should choose (issue 15, ASVS 6.2.4 and 6.2.11): the 10,000 most common ones
//! (`app/common-passwords.txt`, the head of zxcvbn-ts's frequency list, MIT) and passwords made
//! of the shopper's own name, e-mail or the site's name. Server only: the list never reaches the
//! WASM.

use crate::domain::NewPassword;
use crate::error::AppError;
use std::collections::HashSet;
use std::sync::OnceLock;

const COMMON: &str = include_str!("../../common-passwords.txt");

/// The site's own names, which guessers try first.
const SITE_WORDS: [&str; 2] = ["kabinet", "кабинет"];

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Refuses a password from the common list (ignoring case), or one that is mostly a context
/// word: what remains once the shopper's name, the e-mail's local part (and its parts between
/// dots, dashes…) and the site's name are taken out would be shorter than the minimum length.
/// Longer words are taken out first.
pub fn check_not_common(password: &str, name: &str, email: &str) -> Result<(), AppError> {
    let lower = password.to_lowercase();
    if common().contains(lower.as_str()) {
        return Err(AppError::PasswordCommon);
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let mut words: Vec<String> = SITE_WORDS.iter().map(|w| w.to_string()).collect();
    words.extend(
        local
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string),
    );
    words.push(local);
    words.extend(name.split_whitespace().map(str::to_lowercase));
    words.push(name.to_lowercase());
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut rest = lower.clone();
    let mut found = false;
    for w in words.iter().filter(|w| w.chars().count() >= 3) {
        if rest.contains(w.as_str()) {
            rest = rest.replace(w.as_str(), "");
            found = true;
        }
    }
    if found && rest.chars().count() < NewPassword::MIN_CHARS {
        return Err(AppError::PasswordCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_ten_thousand_passwords() {
        assert_eq!(common().len(), 10_000);
        assert!(common().contains("password"));
    }

    #[test]
    fn common_and_context_passwords_are_refused() {
        let check = |pw| check_not_common(pw, "Юлия Иванова", "yulia.ivanova@example.ru");
        for pw in [
            "password",
            "PassWord1",
            "qwertyuiop",
            "1qaz2wsx",
            "kabinet2026",
            "Кабинет123",
            "yulia.ivanova1",
            "юлияиванова",
            "Иванова2026!",
            "ivanova-2026",
        ] {
            assert_eq!(check(pw), Err(AppError::PasswordCommon), "{pw}");
        }
        for pw in [
            "Korova-Moloko-2026",
            "Иванова-любит-чай",
            "kabinet-is-my-shop-2026",
        ] {
            assert_eq!(check(pw), Ok(()), "{pw}");
        }
    }
}
