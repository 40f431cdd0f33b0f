//! Small pieces shared by list pages: pagination, star ratings, prices, empty states.

use crate::i18n::{use_lang, Lang};
use crate::money::Money;
use crate::texts;
use crate::zone::{use_zone, Zone};
use leptos::prelude::*;

texts! {
    pub enum W {
        Rating => "Рейтинг", "Rating";
    }
}

/// "4.7 ★" with an accessible label.
#[component]
pub fn Stars(rating_x10: i64) -> impl IntoView {
    let lang = use_lang();
    let text = format!("{}.{}", rating_x10 / 10, rating_x10 % 10);
    let label = format!("{}: {text} / 5", W::Rating.get(lang));
    view! { <span class="stars" role="img" aria-label=label>{text}" ★"</span> }
}

/// The price, with the old price crossed out and the percentage when discounted.
#[component]
pub fn Price(price: Money, old_price: Option<Money>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="price">
            <span class="price-now" data-testid="price">{price.format(lang)}</span>
            {old_price.map(|old| view! {
                " "<s class="price-old">{old.format(lang)}</s>
                " "<span class="badge badge-sale">{format!("−{}%", price.percent_off(old))}</span>
            })}
        </span>
    }
}

/// The word for `n` things: Russian has three forms (1 заказ, 2 заказа, 5 заказов), English two.
pub fn count_word(
    n: i64,
    lang: Lang,
    forms: [&'static str; 3],
    en: [&'static str; 2],
) -> &'static str {
    let n = n.unsigned_abs();
    match lang {
        Lang::Ru => match (n % 10, n % 100) {
            (1, m) if m != 11 => forms[0],
            (2..=4, m) if !(12..=14).contains(&m) => forms[1],
            _ => forms[2],
        },
        Lang::En => {
            if n == 1 {
                en[0]
            } else {
                en[1]
            }
        }
    }
}

/// "4 дн. осталось" / "1 day left", "4 days left".
pub fn days_left_text(left: i64, lang: Lang) -> String {
    let word = count_word(left, lang, ["дн. осталось"; 3], ["day left", "days left"]);
    format!("{left} {word}")
}

/// A plain date in the shopper's time zone (see [`use_zone`]): `25.11.2026` / `2026-11-25`.
pub fn format_date(secs: i64, lang: Lang) -> String {
    format_date_in(secs, lang, use_zone())
}

/// Date and time in the shopper's time zone, minutes precision.
pub fn format_date_time(secs: i64, lang: Lang) -> String {
    format_date_time_in(secs, lang, use_zone())
}

/// A plain date from Unix seconds, as the calendar reads in `zone`.
pub fn format_date_in(secs: i64, lang: Lang, zone: Zone) -> String {
    let (y, m, d) = civil_from_days(zone.shift(secs).div_euclid(86_400));
    match lang {
        Lang::Ru => format!("{d:02}.{m:02}.{y}"),
        Lang::En => format!("{y}-{m:02}-{d:02}"),
    }
}

/// Date and time from Unix seconds, as the clock reads in `zone`, minutes precision.
pub fn format_date_time_in(secs: i64, lang: Lang, zone: Zone) -> String {
    let s = zone.shift(secs).rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        format_date_in(secs, lang, zone),
        s / 3600,
        (s % 3600) / 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's method).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_local_way() {
        // 2026-11-25 10:30 UTC
        let t = 1_795_602_600;
        assert_eq!(format_date_in(t, Lang::Ru, Zone::UTC), "25.11.2026");
        assert_eq!(format_date_in(t, Lang::En, Zone::UTC), "2026-11-25");
        assert_eq!(
            format_date_time_in(t, Lang::Ru, Zone::UTC),
            "25.11.2026 10:30"
        );
        assert_eq!(format_date_in(0, Lang::En, Zone::UTC), "1970-01-01");
    }

    fn zone(minutes: i32) -> Zone {
        Zone::from_minutes(minutes).unwrap()
    }

    #[test]
    fn an_order_placed_at_one_in_the_night_in_moscow_shows_that_day() {
        // 2026-11-24 22:00 UTC is 01:00 on the 25th in Moscow.
        let t = 1_795_557_600;
        assert_eq!(format_date_in(t, Lang::Ru, Zone::MOSCOW), "25.11.2026");
        assert_eq!(
            format_date_time_in(t, Lang::Ru, Zone::MOSCOW),
            "25.11.2026 01:00"
        );
        assert_eq!(format_date_in(t, Lang::Ru, Zone::UTC), "24.11.2026");
        assert_eq!(
            format_date_time_in(t, Lang::En, Zone::UTC),
            "2026-11-24 22:00"
        );
    }

    #[test]
    fn zones_west_of_greenwich_show_the_day_before() {
        // 2026-11-25 02:15 UTC: still the 24th in New York (UTC−5) and Newfoundland (UTC−3:30).
        let t = 1_795_602_600 - 8 * 3600 - 15 * 60;
        assert_eq!(
            format_date_time_in(t, Lang::En, zone(-300)),
            "2026-11-24 21:15"
        );
        assert_eq!(
            format_date_time_in(t, Lang::Ru, zone(-210)),
            "24.11.2026 22:45"
        );
        assert_eq!(
            format_date_time_in(t, Lang::Ru, zone(-720)),
            "24.11.2026 14:15"
        );
    }

    #[test]
    fn months_and_years_turn_over_in_the_shoppers_zone() {
        // 2026-12-31 20:30 UTC: New Year in Kamchatka (UTC+12) and on Kiribati (UTC+14).
        let t = 1_798_749_000;
        assert_eq!(
            format_date_time_in(t, Lang::Ru, Zone::UTC),
            "31.12.2026 20:30"
        );
        assert_eq!(
            format_date_time_in(t, Lang::Ru, zone(720)),
            "01.01.2027 08:30"
        );
        assert_eq!(
            format_date_time_in(t, Lang::En, zone(840)),
            "2027-01-01 10:30"
        );
        assert_eq!(format_date_in(t, Lang::Ru, Zone::MOSCOW), "31.12.2026");
        // 2026-03-01 00:10 UTC is still February (28 days in 2026) in Brazil (UTC−3).
        let t = 1_772_323_800;
        assert_eq!(format_date_in(t, Lang::Ru, Zone::UTC), "01.03.2026");
        assert_eq!(
            format_date_time_in(t, Lang::Ru, zone(-180)),
            "28.02.2026 21:10"
        );
        // 2028 is a leap year: 29 February exists in India (UTC+5:30).
        let t = 1_835_380_800; // 2028-02-28 20:00 UTC
        assert_eq!(
            format_date_time_in(t, Lang::En, zone(330)),
            "2028-02-29 01:30"
        );
        // Before 1970 too: 1969-12-31 23:00 UTC is 1 January 1970 in Moscow.
        assert_eq!(format_date_in(-3600, Lang::Ru, Zone::MOSCOW), "01.01.1970");
        assert_eq!(
            format_date_time_in(-3600, Lang::En, Zone::UTC),
            "1969-12-31 23:00"
        );
    }

    #[test]
    fn dates_outside_a_page_use_the_russian_default_zone() {
        // No context, no request: the default language (Russian) and so Moscow time.
        let t = 1_795_557_600;
        assert_eq!(format_date_time(t, Lang::Ru), "25.11.2026 01:00");
    }

    #[test]
    fn counted_words_take_the_right_form() {
        let f = |n| {
            count_word(
                n,
                Lang::Ru,
                ["заказ", "заказа", "заказов"],
                ["order", "orders"],
            )
        };
        assert_eq!(
            [
                f(1),
                f(2),
                f(5),
                f(11),
                f(12),
                f(21),
                f(22),
                f(111),
                f(1875)
            ],
            [
                "заказ",
                "заказа",
                "заказов",
                "заказов",
                "заказов",
                "заказ",
                "заказа",
                "заказов",
                "заказов"
            ]
        );
        assert_eq!(
            count_word(1, Lang::En, ["", "", ""], ["order", "orders"]),
            "order"
        );
        assert_eq!(
            count_word(0, Lang::En, ["", "", ""], ["order", "orders"]),
            "orders"
        );
    }

    #[test]
    fn days_left_read_right_in_both_languages() {
        assert_eq!(days_left_text(1, Lang::En), "1 day left");
        assert_eq!(days_left_text(4, Lang::En), "4 days left");
        assert_eq!(days_left_text(21, Lang::Ru), "21 дн. осталось");
    }
}
