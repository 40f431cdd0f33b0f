//! Shipping addresses (`/account/addresses`): several per shopper, one default, picked at
//! checkout. Parsing rules in `parse`; SQL in `ssr`; pages in `views`.

// `save_address` takes each form field as its own argument, so the form can post flat fields
// (also without JavaScript); the client stub the macro generates can't carry an allow of its own.
#![allow(clippy::too_many_arguments)]

mod parse;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use parse::*;
pub use views::*;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// At most this many addresses per shopper.
pub const MAX_ADDRESSES: i64 = 20;

/// A saved address as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub id: i64,
    #[serde(flatten)]
    pub fields: AddressFields,
    pub is_default: bool,
}

#[server(prefix = "/api", endpoint = "addresses")]
pub async fn addresses() -> Result<Vec<Address>, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    ssr::list(&crate::platform::state()?.pool, user_id).await
}

#[server(prefix = "/api", endpoint = "address")]
pub async fn get_address(id: i64) -> Result<Address, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    ssr::get(&crate::platform::state()?.pool, user_id, id).await
}

/// Adds an address (no `id`) or changes one; goes to `next` (the list, or back to checkout).
#[server(prefix = "/api", endpoint = "save_address")]
pub async fn save_address(
    id: Option<i64>,
    recipient: String,
    country: String,
    region: String,
    city: String,
    street: String,
    flat: Option<String>,
    postcode: String,
    phone: String,
    make_default: Option<String>,
    next: Option<String>,
) -> Result<i64, AppError> {
    let next = crate::domain::safe_next(next.as_deref().or(Some("/account/addresses")));
    let form = match id {
        Some(id) => format!("/account/addresses/{id}"),
        None => "/account/addresses/new".into(),
    };
    let back = crate::web::with_query(
        &crate::web::with_query(&form, "next", &next),
        "form",
        "address",
    );
    let result = async {
        let fields = AddressFields::parse(RawAddress {
            recipient,
            country,
            region,
            city,
            street,
            flat: flat.unwrap_or_default(),
            postcode,
            phone,
        })?;
        let user_id = crate::context::ctx()?.user()?;
        let pool = crate::platform::state()?.pool.clone();
        ssr::save(&pool, user_id, id, &fields, make_default.is_some()).await
    }
    .await;
    crate::platform::answer(
        result,
        |id| crate::web::with_query(&next, "saved", &id.to_string()),
        &back,
    )
}

#[server(prefix = "/api", endpoint = "delete_address")]
pub async fn delete_address(id: i64) -> Result<(), AppError> {
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        ssr::delete(&crate::platform::state()?.pool, user_id, id).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/addresses?deleted=1".into(),
        "/account/addresses",
    )
}

#[server(prefix = "/api", endpoint = "set_default_address")]
pub async fn set_default_address(id: i64) -> Result<(), AppError> {
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        ssr::set_default(&crate::platform::state()?.pool, user_id, id).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/addresses".into(),
        "/account/addresses",
    )
}
