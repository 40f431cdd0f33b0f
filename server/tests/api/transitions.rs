//! Every state transition of orders and disputes, tried from every state: it applies from the
//! states its owner lists and is refused from all others (the state stays as it was).

use super::helpers::*;
use app::disputes::ssr::{self as disputes, Answer, Move, Transition as DisputeMove};
use app::disputes::DisputeStatus;
use app::error::AppError;
use app::ids::{DisputeId, OrderId, StoreId, UserId};
use app::money::Money;
use app::orders::state::{self as orders, CancelReason, Transition};
use app::orders::OrderStatus;
use sqlx::SqliteConnection;

const NOW: i64 = 1_800_000_000;

struct World {
    app: TestApp,
    user: i64,
    store: i64,
    product: i64,
    next: i64,
}

impl World {
    async fn new() -> World {
        let app = spawn_app().await;
        let (_, user) = app.shopper("matrix@example.ru").await;
        let store = app.store("Матрица", None).await;
        let product = app.product(store, "Чайник", "Kettle", 500, 100).await;
        World {
            app,
            user,
            store,
            product,
            next: 0,
        }
    }

    /// A paid order of 5.00 (unless still awaiting payment) in `status`.
    async fn order(&mut self, status: OrderStatus) -> (OrderId, i64) {
        self.next += 1;
        let number = 3_000_000_000_000_000 + self.next;
        let id: OrderId = sqlx::query_scalar(
            "INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total, total,
                    ship_recipient, ship_country, ship_region, ship_city, ship_street, ship_flat,
                    ship_postcode, ship_phone, created_at, delivered_at)
             VALUES (?, ?, ?, ?, ?, 500, 500, 'Ю', 'RU', 'М', 'М', 'у', '', '101000',
                     '+79001234567', ?, ?) RETURNING id",
        )
        .bind(number)
        .bind(self.user)
        .bind(self.store)
        .bind(format!("matrix-{}", self.next))
        .bind(status)
        .bind(NOW - 30 * 86_400)
        .bind((status == OrderStatus::Delivered).then_some(NOW - 20 * 86_400))
        .fetch_one(&self.app.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
             VALUES (?, ?, 'Чайник', 'Kettle', 500, 1)",
        )
        .bind(id)
        .bind(self.product)
        .execute(&self.app.pool)
        .await
        .unwrap();
        if status != OrderStatus::AwaitingPayment {
            sqlx::query(
                "INSERT INTO payments (order_id, amount, method, created_at) VALUES (?, 500, 'card', ?)",
            )
            .bind(id)
            .bind(NOW - 30 * 86_400)
            .execute(&self.app.pool)
            .await
            .unwrap();
        }
        (id, number)
    }

    async fn order_status(&self, id: OrderId) -> OrderStatus {
        sqlx::query_scalar("SELECT status FROM orders WHERE id = ?")
            .bind(id)
            .fetch_one(&self.app.pool)
            .await
            .unwrap()
    }

    /// A dispute for 5.00 in `status` on a new shipped, paid order (an offer of 1.00 made).
    async fn dispute(&mut self, status: DisputeStatus) -> DisputeId {
        let (order, _) = self.order(OrderStatus::Shipped).await;
        sqlx::query_scalar(
            "INSERT INTO disputes (order_id, user_id, store_id, reason, refund_asked, return_goods,
                    description, status, offer_amount, club_level, deadline, created_at)
             VALUES (?, ?, ?, 'damaged', 500, 0, 'Разбит', ?, 100, 1, ?, ?) RETURNING id",
        )
        .bind(order)
        .bind(self.user)
        .bind(self.store)
        .bind(status)
        .bind(NOW + 86_400 * 1000)
        .bind(NOW)
        .fetch_one(&self.app.pool)
        .await
        .unwrap()
    }

    async fn dispute_status(&self, id: DisputeId) -> DisputeStatus {
        sqlx::query_scalar("SELECT status FROM disputes WHERE id = ?")
            .bind(id)
            .fetch_one(&self.app.pool)
            .await
            .unwrap()
    }
}

async fn run(t: Transition, conn: &mut SqliteConnection, id: OrderId) -> Result<(), AppError> {
    match t.name {
        "pay" => orders::pay_in(conn, id, NOW, app::zone::Zone::MOSCOW).await,
        "cancel" => orders::cancel_in(conn, id, CancelReason::Shopper, NOW).await,
        "ship" => orders::ship_in(conn, id, "Почта России", "RA123456789RU", NOW).await,
        "deliver" => orders::deliver_in(conn, id, NOW).await,
        "confirm" => orders::confirm_in(conn, id, NOW).await,
        "close_refunded" => orders::close_refunded_in(conn, id, NOW).await,
        other => panic!("no test drives the order transition {other}"),
    }
}

#[tokio::test]
async fn every_order_transition_applies_from_its_states_and_is_refused_from_all_others() {
    let mut w = World::new().await;
    for t in orders::ALL {
        for &from in OrderStatus::ALL {
            let (id, _) = w.order(from).await;
            let mut tx = w.app.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            let result = run(t, &mut tx, id).await;
            tx.commit().await.unwrap();
            if t.from.contains(&from) {
                assert_eq!(result, Ok(()), "{} from {from:?}", t.name);
                assert_eq!(w.order_status(id).await, t.to, "{} from {from:?}", t.name);
            } else {
                assert_eq!(
                    result,
                    Err(AppError::OrderState),
                    "{} from {from:?}",
                    t.name
                );
                assert_eq!(w.order_status(id).await, from, "{} from {from:?}", t.name);
            }
        }
    }
}

#[tokio::test]
async fn the_jobs_move_only_unpaid_and_delivered_orders() {
    let mut w = World::new().await;
    let mut orders_by_status = Vec::new();
    for &s in OrderStatus::ALL {
        orders_by_status.push((s, w.order(s).await.0));
    }
    let day = std::time::Duration::from_secs(86_400);
    let pass = app::jobs::run_once(&w.app.state, NOW, day, 15 * day)
        .await
        .unwrap();
    assert_eq!((pass.cancelled, pass.completed), (1, 1));
    for (s, id) in orders_by_status {
        let expected = match s {
            OrderStatus::AwaitingPayment => OrderStatus::Cancelled,
            OrderStatus::Delivered => OrderStatus::Completed,
            other => other,
        };
        assert_eq!(w.order_status(id).await, expected, "from {s:?}");
    }
}

#[tokio::test]
async fn every_dispute_move_applies_from_its_states_and_is_refused_from_all_others() {
    let mut w = World::new().await;
    let (store, user) = (StoreId(w.store), UserId(w.user));
    let refuse = || Answer::Refuse {
        reason: "Товар целый".into(),
    };
    let offer = || Answer::Offer {
        amount: Money(100),
        note: "Скидка".into(),
    };
    type Act = (DisputeMove, u8);
    let acts: [Act; 6] = [
        (disputes::STORE_ACCEPT, 0),
        (disputes::REFUSE, 1),
        (disputes::OFFER, 2),
        (disputes::TAKE_OFFER, 3),
        (disputes::ESCALATE, 4),
        (disputes::WITHDRAW, 5),
    ];
    for (t, act) in acts {
        for &from in DisputeStatus::ALL {
            let id = w.dispute(from).await;
            let pool = &w.app.pool;
            let result = match act {
                0 => disputes::answer(pool, store, id, Answer::Accept).await,
                1 => disputes::answer(pool, store, id, refuse()).await,
                2 => disputes::answer(pool, store, id, offer()).await,
                3 => disputes::shopper_move(pool, user, id, Move::AcceptOffer).await,
                4 => disputes::shopper_move(pool, user, id, Move::Escalate).await,
                _ => disputes::shopper_move(pool, user, id, Move::Withdraw).await,
            };
            if t.from.contains(&from) {
                assert_eq!(result, Ok(()), "{} from {from:?}", t.name);
                assert_eq!(w.dispute_status(id).await, t.to, "{} from {from:?}", t.name);
            } else {
                assert_eq!(
                    result,
                    Err(AppError::DisputeState),
                    "{} from {from:?}",
                    t.name
                );
                assert_eq!(w.dispute_status(id).await, from, "{} from {from:?}", t.name);
            }
        }
    }
    // Every dispute transition a person makes is in the table above; the rest are deadlines.
    let people: Vec<&str> = acts.iter().map(|(t, _)| t.name).collect();
    for t in disputes::ALL {
        assert!(
            people.contains(&t.name) || t.from.iter().all(|s| s.is_open()),
            "{} is driven by nobody",
            t.name
        );
    }
}

#[tokio::test]
async fn deadlines_move_open_disputes_only() {
    let mut w = World::new().await;
    let mut all = Vec::new();
    for &s in DisputeStatus::ALL {
        all.push((s, w.dispute(s).await));
    }
    sqlx::query("UPDATE disputes SET deadline = ?")
        .bind(NOW - 1)
        .execute(&w.app.pool)
        .await
        .unwrap();
    let moved = disputes::run_due(&w.app.pool, NOW).await.unwrap();
    assert_eq!(moved.len(), 4);
    for (s, id) in all {
        let expected = match s {
            DisputeStatus::AwaitingStore | DisputeStatus::Offered => DisputeStatus::Refunded,
            DisputeStatus::Refused => DisputeStatus::Rejected,
            // Escalated, no photos, store answered (an offer): the offer is refunded.
            DisputeStatus::Escalated => DisputeStatus::Refunded,
            closed => closed,
        };
        assert_eq!(w.dispute_status(id).await, expected, "from {s:?}");
    }
}
