//! Secrets the server has to read back (the TOTP keys of two-step sign-in) are kept sealed in
//! the database: ChaCha20-Poly1305 under a key that is not in the database, with the row's owner
//! as associated data, so a copied database (a backup, a stolen file) gives no one's second
//! factor, and a sealed value moved to another row does not open.
//!
//! The key is `KABINET_SECRET_KEY` (64 hex digits) or, when that is unset, a file beside the
//! database (`kabinet.db` → `kabinet.db.key`), made on the first start and readable by its owner
//! only. Keep it with the database's backups: without it, two-step sign-in must be set up again.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use std::path::Path;
use std::sync::Arc;

/// The first byte of a sealed value: the format (a nonce, then the ciphertext and its tag).
const FORMAT: u8 = 1;
pub const KEY_LEN: usize = 32;

#[derive(Clone)]
pub struct SealKey(Arc<LessSafeKey>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    fn from_bytes(bytes: &[u8; KEY_LEN]) -> SealKey {
        let key = UnboundKey::new(&CHACHA20_POLY1305, bytes).expect("a 32-byte key");
        SealKey(Arc::new(LessSafeKey::new(key)))
    }

    /// A fresh random key (tests; a database with no file beside it).
    pub fn random() -> SealKey {
        SealKey::from_bytes(&random_bytes())
    }

    /// 64 hex digits; anything else is `None`.
    pub fn from_hex(hex: &str) -> Option<SealKey> {
        let hex = hex.trim();
        if hex.len() != KEY_LEN * 2 || !hex.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; KEY_LEN];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(SealKey::from_bytes(&bytes))
    }

    /// The key in `path`, or a new one written there (mode 0600) when the file does not exist.
    pub fn load_or_create(path: &Path) -> std::io::Result<SealKey> {
        match std::fs::read_to_string(path) {
            Ok(text) => SealKey::from_hex(&text).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} does not hold 64 hex digits", path.display()),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let bytes = random_bytes();
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                write_private(path, &hex)?;
                Ok(SealKey::from_bytes(&bytes))
            }
            Err(e) => Err(e),
        }
    }

    /// Seals `plain`, bound to `owner` (e.g. `two_step:<user id>`).
    pub fn seal(&self, plain: &[u8], owner: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
        let mut body = plain.to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(owner.as_bytes()),
                &mut body,
            )
            .expect("sealing a short secret");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + body.len());
        out.push(FORMAT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        out
    }

    /// The secret sealed by [`seal`](Self::seal) for the same `owner`; `None` if it was sealed
    /// under another key or owner, or altered.
    pub fn open(&self, sealed: &[u8], owner: &str) -> Option<Vec<u8>> {
        let (&format, rest) = sealed.split_first()?;
        if format != FORMAT || rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut body = body.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut body)
            .ok()?;
        Some(plain.to_vec())
    }

    /// Whether `value` is in the sealed format (a value stored before sealing is not).
    pub fn is_sealed(value: &[u8]) -> bool {
        value.first() == Some(&FORMAT) && value.len() > 1 + NONCE_LEN
    }
}

fn random_bytes() -> [u8; KEY_LEN] {
    let mut bytes = [0u8; KEY_LEN];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    bytes
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// The key file beside a `sqlite:` database URL's file; `None` for an in-memory database.
pub fn key_path(database_url: &str) -> Option<std::path::PathBuf> {
    let rest = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))?;
    let file = rest.split('?').next().unwrap_or("");
    (!file.is_empty() && file != ":memory:").then(|| format!("{file}.key").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_owner() {
        let key = SealKey::random();
        let sealed = key.seal(b"twenty bytes secret!", "two_step:7");
        assert!(SealKey::is_sealed(&sealed));
        assert!(!sealed.windows(6).any(|w| w == b"twenty"), "not in clear");
        assert_eq!(
            key.open(&sealed, "two_step:7").as_deref(),
            Some(&b"twenty bytes secret!"[..])
        );
        assert_eq!(key.open(&sealed, "two_step:8"), None, "another row's");
        assert_eq!(SealKey::random().open(&sealed, "two_step:7"), None);
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(key.open(&altered, "two_step:7"), None);
        assert!(!SealKey::is_sealed(b"twenty bytes secret!"));
    }

    #[test]
    fn the_key_file_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db.key");
        let first = SealKey::load_or_create(&path).unwrap();
        let sealed = first.seal(b"x", "o");
        let again = SealKey::load_or_create(&path).unwrap();
        assert_eq!(again.open(&sealed, "o").as_deref(), Some(&b"x"[..]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(SealKey::from_hex("zz").is_none());
        assert_eq!(
            key_path("sqlite://data/kabinet.db?mode=rwc").unwrap(),
            std::path::PathBuf::from("data/kabinet.db.key")
        );
        assert_eq!(key_path("sqlite::memory:"), None);
    }
}
