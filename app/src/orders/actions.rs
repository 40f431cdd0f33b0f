//! What a shopper can do with an order, each allowed only in the states where it makes sense:
//! cancel (before shipment; a paid order is refunded), confirm receipt, buy again, and the bin
//! (delete, restore, delete for good). Every change is one transaction that re-checks the state.

#[cfg(feature = "ssr")]
use super::OrderNumber;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Field;
use leptos::prelude::*;

/// Runs `action` for the signed-in shopper's order `number` and answers like a form.
#[cfg(feature = "ssr")]
async fn act<F, Fut>(number: &str, ok: &str, action: F) -> Result<(), AppError>
where
    F: FnOnce(sqlx::SqlitePool, crate::ids::UserId, OrderNumber) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let back = format!(
        "/account/orders/{}",
        crate::web::query_escape(number.trim())
    );
    let result = async {
        let number = OrderNumber::parse(number)?;
        let cx = crate::context::ctx()?;
        let user_id = cx.user()?;
        action(cx.state.pool.clone(), user_id, number).await
    }
    .await;
    let ok_url = if ok.starts_with('/') {
        ok.to_string()
    } else {
        format!("{back}?done={ok}")
    };
    crate::platform::answer(result, |_| ok_url, &back)
}

/// `?done=` values on the order page after an action posted without JavaScript.
pub const DONE_CANCELLED: &str = "cancelled";
pub const DONE_CONFIRMED: &str = "confirmed";

#[server(prefix = "/api", endpoint = "cancel_order")]
pub async fn cancel_order(number: String) -> Result<(), AppError> {
    act(&number, DONE_CANCELLED, ssr::cancel).await
}

/// Confirms receipt; `sure` must be ticked ("I have received the order").
#[server(prefix = "/api", endpoint = "confirm_receipt")]
pub async fn confirm_receipt(number: String, sure: Option<String>) -> Result<(), AppError> {
    act(&number, DONE_CONFIRMED, |pool, user, n| async move {
        if sure.is_none() {
            return Err(AppError::Required(Field::Confirm));
        }
        ssr::confirm(pool, user, n).await
    })
    .await
}

/// Puts the order's items back into the cart (as many as are in stock).
#[server(prefix = "/api", endpoint = "buy_again")]
pub async fn buy_again(number: String) -> Result<(), AppError> {
    act(&number, "/cart", ssr::buy_again).await
}

#[server(prefix = "/api", endpoint = "delete_order")]
pub async fn delete_order(number: String) -> Result<(), AppError> {
    act(&number, "/account/orders?deleted=1", ssr::delete).await
}

#[server(prefix = "/api", endpoint = "restore_order")]
pub async fn restore_order(number: String) -> Result<(), AppError> {
    let result = act(&number, "/account/orders/deleted?restored=1", ssr::restore).await;
    bin_answer(result)
}

/// Deletes from the bin for good; `sure` must be ticked.
#[server(prefix = "/api", endpoint = "purge_order")]
pub async fn purge_order(number: String, sure: Option<String>) -> Result<(), AppError> {
    let result = act(
        &number,
        "/account/orders/deleted?purged=1",
        |pool, user, n| async move {
            if sure.is_none() {
                return Err(AppError::Required(Field::Confirm));
            }
            ssr::purge(pool, user, n).await
        },
    )
    .await;
    bin_answer(result)
}

/// Errors from the bin's forms go back to the bin, not to the order page.
#[cfg(feature = "ssr")]
fn bin_answer(result: Result<(), AppError>) -> Result<(), AppError> {
    // Signed out: `answer` already sends the shopper to sign in and back.
    let plain =
        crate::platform::request_parts().is_ok_and(|p| crate::platform::is_plain_form_post(&p));
    if let (Err(e), true) = (&result, plain) {
        if *e == AppError::NotSignedIn {
            return result;
        }
        leptos_axum::redirect(&crate::web::with_query(
            "/account/orders/deleted",
            "error",
            &e.code(),
        ));
    }
    result
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::ids::{OrderId, UserId};
    use crate::orders::state::{self, CancelReason};
    use crate::orders::OrderStatus;
    use crate::platform::now;
    use sqlx::{SqliteConnection, SqlitePool};

    /// One of the shopper's orders, inside a transaction; "not found" for anyone else's.
    struct Own {
        id: OrderId,
        status: OrderStatus,
        deleted: bool,
        disputed: bool,
    }

    async fn own(
        tx: &mut SqliteConnection,
        user_id: UserId,
        n: OrderNumber,
    ) -> Result<Own, AppError> {
        let (id, status, deleted_at, in_dispute): (OrderId, OrderStatus, Option<i64>, i64) =
            sqlx::query_as(
                "SELECT id, status, deleted_at, in_dispute FROM orders
                 WHERE number = ? AND user_id = ? AND purged_at IS NULL",
            )
            .bind(n.get())
            .bind(user_id)
            .fetch_optional(tx)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Own {
            id,
            status,
            deleted: deleted_at.is_some(),
            disputed: in_dispute == 1,
        })
    }

    /// Cancels before shipment; a paid order is refunded (`state::cancel_in`).
    pub async fn cancel(pool: SqlitePool, user_id: UserId, n: OrderNumber) -> Result<(), AppError> {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let o = own(&mut tx, user_id, n).await?;
        state::cancel_in(&mut tx, o.id, CancelReason::Shopper, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn confirm(
        pool: SqlitePool,
        user_id: UserId,
        n: OrderNumber,
    ) -> Result<(), AppError> {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let o = own(&mut tx, user_id, n).await?;
        state::confirm_in(&mut tx, o.id, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn buy_again(
        pool: SqlitePool,
        user_id: UserId,
        n: OrderNumber,
    ) -> Result<(), AppError> {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let o = own(&mut tx, user_id, n).await?;
        // Each product on sale goes into the cart, up to what is in stock (and 999).
        let added = sqlx::query(
            "INSERT INTO cart_items (user_id, product_id, quantity, selected, added_at)
             SELECT ?, p.id, MIN(i.quantity, p.stock, 999), 1, ?
             FROM order_items i JOIN products p ON p.id = i.product_id
             WHERE i.order_id = ? AND p.active = 1 AND p.stock > 0
             ON CONFLICT (user_id, product_id) DO UPDATE SET selected = 1",
        )
        .bind(user_id)
        .bind(now())
        .bind(o.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            return Err(AppError::ProductUnavailable);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Into the bin: only an order that has ended and is not in dispute.
    pub async fn delete(pool: SqlitePool, user_id: UserId, n: OrderNumber) -> Result<(), AppError> {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let o = own(&mut tx, user_id, n).await?;
        if o.deleted || o.disputed || !state::ENDED.contains(&o.status) {
            return Err(AppError::OrderState);
        }
        sqlx::query("UPDATE orders SET deleted_at = ? WHERE id = ?")
            .bind(now())
            .bind(o.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets `change` on one of the shopper's orders in the bin; "not found" when it is not there.
    async fn in_bin(
        pool: SqlitePool,
        user_id: UserId,
        n: OrderNumber,
        change: &str,
    ) -> Result<(), AppError> {
        let sql = format!(
            "UPDATE orders SET {change}
             WHERE number = ? AND user_id = ? AND deleted_at IS NOT NULL AND purged_at IS NULL"
        );
        let changed = sqlx::query(&sql)
            .bind(n.get())
            .bind(user_id)
            .execute(&pool)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        Ok(())
    }

    pub async fn restore(
        pool: SqlitePool,
        user_id: UserId,
        n: OrderNumber,
    ) -> Result<(), AppError> {
        in_bin(pool, user_id, n, "deleted_at = NULL").await
    }

    /// Hidden from the bin too; the row stays (it still counts for money and points).
    pub async fn purge(pool: SqlitePool, user_id: UserId, n: OrderNumber) -> Result<(), AppError> {
        in_bin(pool, user_id, n, &format!("purged_at = {}", now())).await
    }
}
