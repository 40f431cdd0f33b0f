//! Outgoing e-mail: delivered over SMTP when `SMTP_URL` is set; written as one `.eml` file into
//! `KABINET_MAIL_DIR` only when it is not (or when `KABINET_MAIL_FILES=1` asks), since a message
//! may hold a live reset link. The files are the owner's only (0600) and rotated: the newest
//! `KABINET_MAIL_KEEP` are kept. Sending never blocks the request.

use super::Config;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone)]
pub struct Mailer {
    dir: PathBuf,
    /// Write `.eml` files at all.
    files: bool,
    /// Files kept; the oldest beyond this are removed after each write.
    keep: usize,
    from: String,
    smtp: Option<Arc<AsyncSmtpTransport<Tokio1Executor>>>,
}

/// Writes a new file readable and writable by its owner only (mode 0600 on Unix).
pub async fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await?;
    Ok(())
}

/// One outgoing message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

impl Mailer {
    pub fn new(config: &Config) -> Mailer {
        let smtp = config.smtp_url.as_deref().and_then(|url| {
            match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
                Ok(builder) => Some(Arc::new(builder.build())),
                Err(e) => {
                    tracing::error!(error = %e, "SMTP_URL is not usable; e-mail goes to files only");
                    None
                }
            }
        });
        Mailer {
            dir: config.mail_dir.clone(),
            // An SMTP_URL that did not parse leaves files as the only copy.
            files: config.mail_files || smtp.is_none(),
            keep: config.mail_keep.max(1),
            from: std::env::var("KABINET_MAIL_FROM")
                .unwrap_or_else(|_| "Kabinet <no-reply@kabinet.local>".into()),
            smtp,
        }
    }

    /// Queues a message; failures are logged, never shown to the shopper.
    pub fn send(&self, mail: Mail) {
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(e) = this.deliver(mail).await {
                tracing::error!(error = %e, "e-mail not delivered");
            }
        });
    }

    async fn deliver(&self, mail: Mail) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let message = Message::builder()
            .from(self.from.parse()?)
            .to(mail.to.parse()?)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            // lettre picks the transfer encoding (quoted-printable or base64 for Russian text).
            .body(mail.body)?;
        if self.files {
            self.write_file(&message.formatted()).await?;
        }
        if let Some(smtp) = &self.smtp {
            smtp.send(message).await?;
        }
        Ok(())
    }

    /// Writes one message file and removes the oldest beyond `keep`. Names sort by time
    /// (seconds, nanoseconds, then a counter), so the oldest are the first in name order.
    async fn write_file(&self, bytes: &[u8]) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{:010}-{:09}-{:06}.eml",
            t.as_secs(),
            t.subsec_nanos(),
            SEQ.fetch_add(1, Ordering::Relaxed) % 1_000_000
        );
        let tmp = self.dir.join(format!(".{name}.tmp"));
        // Owner-only: a message may hold a live reset link.
        write_private(&tmp, bytes).await?;
        // Rename so a reader never sees a half-written file.
        tokio::fs::rename(&tmp, self.dir.join(&name)).await?;
        // One rotation at a time: concurrent sends would list and remove the same files.
        let _one = ROTATION.lock().await;
        let mut names = Vec::new();
        let mut entries = tokio::fs::read_dir(&self.dir).await?;
        while let Some(e) = entries.next_entry().await? {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".eml") && !n.starts_with('.') {
                names.push(n);
            }
        }
        if names.len() > self.keep {
            names.sort();
            for old in &names[..names.len() - self.keep] {
                if let Err(e) = tokio::fs::remove_file(self.dir.join(old)).await {
                    tracing::warn!(error = %e, file = %old, "old mail file not removed");
                }
            }
        }
        Ok(())
    }
}

static ROTATION: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
