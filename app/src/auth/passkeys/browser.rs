//! The browser's half of a ceremony: the server's options (WebAuthn JSON, binary values in
//! base64url) go through `PublicKeyCredential.parse*OptionsFromJSON` to
//! `navigator.credentials.create/get`, and the credential comes back as JSON (`toJSON`, which
//! `JSON.stringify` calls). Everything is reached by name through `js_sys::Reflect`, so no
//! web-sys feature is needed and a browser without these functions says so instead of failing.

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the browser gave no credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No WebAuthn JSON support (or no WebAuthn at all) in this browser.
    Unsupported,
    /// The shopper closed the dialog, or it timed out (`NotAllowedError`).
    Cancelled,
    /// This authenticator already holds one of the account's passkeys (`InvalidStateError`).
    Exists,
    /// Anything else; the browser's message goes to the console.
    Failed,
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, Refusal> {
    Reflect::get(target, &JsValue::from_str(key)).map_err(|_| Refusal::Unsupported)
}

fn function(target: &JsValue, key: &str) -> Result<Function, Refusal> {
    get(target, key)?
        .dyn_into::<Function>()
        .map_err(|_| Refusal::Unsupported)
}

/// Whether this browser can use passkeys the way the pages do.
pub fn supported() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(pkc) = get(&window, "PublicKeyCredential") else {
        return false;
    };
    !pkc.is_undefined()
        && function(&pkc, "parseCreationOptionsFromJSON").is_ok()
        && function(&pkc, "parseRequestOptionsFromJSON").is_ok()
}

/// `navigator.credentials.create` (`register`) or `.get` with the server's options JSON
/// (`{"publicKey": {…}}`); the credential as JSON.
pub async fn ceremony(options: &str, register: bool) -> Result<String, Refusal> {
    let window: JsValue = web_sys::window().ok_or(Refusal::Unsupported)?.into();
    let pkc = get(&window, "PublicKeyCredential")?;
    let parse = function(
        &pkc,
        if register {
            "parseCreationOptionsFromJSON"
        } else {
            "parseRequestOptionsFromJSON"
        },
    )?;
    let options = JSON::parse(options).map_err(|_| Refusal::Failed)?;
    let public_key = get(&options, "publicKey")?;
    let parsed = parse.call1(&pkc, &public_key).map_err(|e| {
        leptos::logging::error!("passkey options refused: {e:?}");
        Refusal::Failed
    })?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &parsed)
        .map_err(|_| Refusal::Failed)?;
    let credentials = get(&get(&window, "navigator")?, "credentials")?;
    let call = function(&credentials, if register { "create" } else { "get" })?;
    let promise: Promise = call
        .call1(&credentials, &request)
        .map_err(|_| Refusal::Failed)?
        .dyn_into()
        .map_err(|_| Refusal::Failed)?;
    let credential = JsFuture::from(promise).await.map_err(|e| {
        let name = get(&e, "name")
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "AbortError" => Refusal::Cancelled,
            "InvalidStateError" => Refusal::Exists,
            _ => {
                leptos::logging::warn!("passkey ceremony failed: {e:?}");
                Refusal::Failed
            }
        }
    })?;
    JSON::stringify(&credential)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(Refusal::Failed)
}
