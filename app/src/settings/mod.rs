//! Settings (`/account/settings/…`): security (password, e-mail, two-step sign-in, sessions,
//! sign-in history) and the profile. Thin server functions over `auth::account` (auth owns the
//! account's tables); the e-mail page is `notify`'s.

mod forms;
mod photo;
mod profile;
mod security_views;
mod sessions_views;
mod two_step_views;

pub use photo::*;
pub use profile::*;
pub use security_views::*;

use crate::auth::security::SecurityData;
use crate::error::AppError;
use leptos::prelude::*;

/// The security page's address; forms come back to it with `?form=…&error=…`.
pub const SECURITY: &str = "/account/settings/security";

#[cfg(feature = "ssr")]
fn back(form: &str) -> String {
    format!("{SECURITY}?form={form}")
}

#[cfg(feature = "ssr")]
fn done(flag: &str) -> String {
    format!("{SECURITY}?done={flag}")
}

#[server(prefix = "/api", endpoint = "security")]
pub async fn load_security() -> Result<SecurityData, AppError> {
    let cx = crate::context::ctx()?;
    crate::platform::with_status(crate::auth::account::security_data(&cx).await)
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    code: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let code = code.unwrap_or_default();
        crate::auth::account::change_password(&cx, current_password, password, code).await
    }
    .await;
    crate::platform::answer(result, |_| done("password"), &back("password"))
}

#[server(prefix = "/api", endpoint = "change_email")]
pub async fn change_email(
    email: String,
    current_password: String,
    code: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let code = code.unwrap_or_default();
        crate::auth::account::change_email(&cx, email, current_password, code).await
    }
    .await;
    crate::platform::answer(result, |_| done("email"), &back("email"))
}

/// Signs out one of the shopper's other sessions; another shopper's id is "not found".
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::end_session(&cx, &id).await
    }
    .await;
    crate::platform::answer(result, |_| done("session"), &back("sessions"))
}

#[server(prefix = "/api", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::end_other_sessions(&cx).await
    }
    .await;
    crate::platform::answer(result, |_| done("sessions"), &back("sessions"))
}

#[server(prefix = "/api", endpoint = "two_step_start")]
pub async fn two_step_start() -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::two_step_start(&cx).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{SECURITY}#two-step"),
        &back("two_step"),
    )
}

#[server(prefix = "/api", endpoint = "two_step_confirm")]
pub async fn two_step_confirm(code: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::two_step_confirm(&cx, &code).await
    }
    .await;
    crate::platform::answer(result, |_| done("two_step_on"), &back("two_step"))
}

#[server(prefix = "/api", endpoint = "two_step_disable")]
pub async fn two_step_disable(code: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::two_step_disable(&cx, &code).await
    }
    .await;
    crate::platform::answer(result, |_| done("two_step_off"), &back("two_step"))
}

#[server(prefix = "/api", endpoint = "recovery_codes")]
pub async fn new_recovery_codes(code: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::account::new_recovery_codes(&cx, &code).await
    }
    .await;
    crate::platform::answer(result, |_| done("codes"), &back("codes"))
}
