//! Outgoing e-mail: every message is written as one `.eml` file into `KABINET_MAIL_DIR`, and
//! also delivered over SMTP when `SMTP_URL` is set. Sending never blocks the request.

use super::Config;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone)]
pub struct Mailer {
    dir: PathBuf,
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
        tokio::fs::create_dir_all(&self.dir).await?;
        let name = format!(
            "{}-{:06}.eml",
            super::now(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        let tmp = self.dir.join(format!(".{name}.tmp"));
        // Owner-only: a message may hold a live reset link.
        write_private(&tmp, &message.formatted()).await?;
        // Rename so a reader never sees a half-written file.
        tokio::fs::rename(&tmp, self.dir.join(&name)).await?;
        if let Some(smtp) = &self.smtp {
            smtp.send(message).await?;
        }
        Ok(())
    }
}
