//! Order types shared by the shopper's and the seller's pages.

use crate::addresses::AddressFields;
use crate::error::{AppError, Field};
use crate::money::Money;
use serde::{Deserialize, Serialize};

pub use crate::domain::OrderNumber;

crate::code_enum!(OrderStatus {
    AwaitingPayment => "awaiting_payment", "Ожидает оплаты", "Awaiting payment";
    AwaitingShipment => "awaiting_shipment", "Ожидает отправки", "Awaiting shipment";
    Shipped => "shipped", "Отправлен", "Shipped";
    Delivered => "delivered", "Доставлен, ожидает подтверждения", "Delivered, awaiting confirmation";
    Completed => "completed", "Завершён", "Completed";
    Cancelled => "cancelled", "Отменён", "Cancelled";
    Closed => "closed", "Закрыт", "Closed";
});

crate::code_enum!(TrackingKind {
    HandedToCarrier => "handed_to_carrier", "Передан в службу доставки", "Handed to the carrier";
    InTransit => "in_transit", "В пути", "In transit";
    Customs => "customs", "Таможенное оформление", "Customs clearance";
    AtPickupPoint => "at_pickup_point", "Прибыл в пункт выдачи", "Arrived at the pick-up point";
    Delivered => "delivered", "Вручён", "Delivered";
});

impl TrackingKind {
    /// Parses a form value; unknown kinds are a field error.
    pub fn from_form(code: &str) -> Result<TrackingKind, AppError> {
        TrackingKind::parse(code.trim()).ok_or(AppError::InvalidChoice(Field::Kind))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub product_id: crate::ids::ProductId,
    pub title: String,
    pub unit_price: Money,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub kind: TrackingKind,
    pub note: String,
    pub at: i64,
}

/// An order with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub number: OrderNumber,
    pub status: OrderStatus,
    pub store_id: crate::ids::StoreId,
    pub store_name: String,
    pub buyer_name: String,
    pub items: Vec<OrderItem>,
    pub items_total: Money,
    pub shipping: Money,
    pub discount: Money,
    /// Each coupon's part of the discount: (what it was, amount).
    pub coupons: Vec<(String, Money)>,
    pub total: Money,
    pub address: AddressFields,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    /// In the deleted-orders bin since then.
    pub deleted_at: Option<i64>,
    /// Paid (by card) and refunded so far.
    pub paid: Money,
    pub refunded: Money,
    /// Each refund: when, and how much.
    pub refunds: Vec<(i64, Money)>,
    /// A delivered order confirms itself at this time (end of buyer protection).
    pub confirm_by: Option<i64>,
    /// Whole days left until then, counted on the server.
    pub confirm_days_left: Option<i64>,
    pub events: Vec<TrackingEvent>,
}

/// An order as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: OrderNumber,
    pub status: OrderStatus,
    pub store_name: String,
    pub buyer_name: String,
    pub first_title: String,
    /// The first item's product, for its picture.
    pub first_product_id: i64,
    pub units: i64,
    pub total: Money,
    pub created_at: i64,
    /// Where the next page starts after this order (keyset pagination).
    pub cursor: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_have_exactly_sixteen_digits() {
        assert_eq!(
            OrderNumber::parse("1234 5678 9012 3456").unwrap().get(),
            1_234_567_890_123_456
        );
        for bad in [
            "123",
            "0123456789012345",
            "12345678901234567",
            "12345678abcd3456",
            "",
        ] {
            assert_eq!(OrderNumber::parse(bad), Err(AppError::NotFound), "{bad}");
        }
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.code()), Some(*s));
        }
        assert_eq!(
            OrderStatus::Shipped.label(crate::i18n::Lang::Ru),
            "Отправлен"
        );
        assert_eq!(TrackingKind::parse("customs"), Some(TrackingKind::Customs));
        assert_eq!(TrackingKind::parse("lost"), None);
    }
}
