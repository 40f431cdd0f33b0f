//! What the security settings show of an account's sign-in machinery: its sessions, its sign-in
//! history and the state of two-step sign-in. Shared by the server and the browser.

use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// How one sign-in attempt ended.
    SignInResult {
        Ok => "ok", "вход выполнен", "signed in";
        WrongPassword => "wrong_password", "неверный пароль", "wrong password";
        WrongCode => "wrong_code", "неверный код второго шага", "wrong two-step code";
        Throttled => "throttled", "отклонён: слишком много попыток", "refused: too many attempts";
    }
}

/// One signed-in browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Names the session in "sign out" forms: the first 16 hex digits of the stored hash of its
    /// cookie (never the cookie).
    pub id: String,
    /// "Chrome, Windows"; empty when unknown.
    pub device: String,
    /// "203.0.113.0/24"; empty when unknown.
    pub network: String,
    pub started_at: i64,
    pub last_seen_at: i64,
    /// The browser asking.
    pub current: bool,
}

/// One sign-in attempt on the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInEntry {
    pub at: i64,
    pub device: String,
    pub network: String,
    pub result: SignInResult,
}

/// Two-step sign-in, as the settings page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TwoStep {
    Off,
    /// Started, waiting for a first code: the key to type and its QR code (a `data:` URL).
    Pending {
        key: String,
        qr: String,
    },
    /// On, with this many unused recovery codes.
    On {
        codes_left: i64,
    },
}

/// Everything `/account/settings/security` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityData {
    pub email: String,
    /// A change of e-mail waiting for its link: the new address.
    pub pending_email: Option<String>,
    pub sessions: Vec<SessionInfo>,
    pub history: Vec<SignInEntry>,
    pub two_step: TwoStep,
    /// Recovery codes just made, shown this once.
    pub fresh_codes: Vec<String>,
}

/// "Chrome, Windows" from a `User-Agent` header: the browser, then the system; words it does not
/// know are left out ("" when neither is known).
pub fn device_of(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("YaBrowser/") {
        Some("Yandex Browser")
    } else if ua.contains("Edg/") || ua.contains("Edge/") {
        Some("Edge")
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        Some("Opera")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/") {
        Some("Chrome")
    } else if ua.contains("Safari/") && ua.contains("Version/") {
        Some("Safari")
    } else if ua.starts_with("curl/") {
        Some("curl")
    } else {
        None
    };
    let system = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("CrOS") {
        Some("ChromeOS")
    } else if ua.contains("Linux") || ua.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    [browser, system]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::device_of;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let cases = [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome, Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox, Linux"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari, iOS"),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "Chrome, Android"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0", "Edge, Windows"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1 Safari/537.36", "Yandex Browser, macOS"),
            ("", ""),
            ("<script>", ""),
        ];
        for (ua, want) in cases {
            assert_eq!(device_of(ua), want, "{ua}");
        }
    }
}
