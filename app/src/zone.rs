//! The shopper's time zone: a fixed offset from UTC in minutes, remembered in the `tz` cookie.
//!
//! Times are stored as Unix seconds; only showing them needs a zone. Without a cookie the zone is
//! Moscow for Russian and UTC for English; the page then writes the browser's own offset into the
//! cookie (see [`BROWSER_ZONE_SCRIPT`]), so from the next page on it is the browser's zone. The
//! footer offers a choice that works without JavaScript (`POST /tz`).

use crate::i18n::{use_lang, Lang};
use crate::texts;
use leptos::prelude::*;

/// Name of the cookie that remembers the zone: minutes east of UTC, e.g. `180` for Moscow.
pub const TZ_COOKIE: &str = "tz";

/// Attribute on `<html>` that carries the zone the server rendered with, for hydration.
pub const HTML_ATTR: &str = "data-tz";

/// Run in the page head when the request had no usable `tz` cookie: remembers the browser's
/// offset for a year. The page itself is not reloaded; the next one uses the zone.
pub const BROWSER_ZONE_SCRIPT: &str = "document.cookie=\"tz=\"+(-(new Date().getTimezoneOffset()))\
+\";Path=/;Max-Age=31536000;SameSite=Lax\"+(location.protocol==\"https:\"?\";Secure\":\"\");";

/// A fixed offset from UTC, in whole minutes east of Greenwich, between UTC−12 and UTC+14.
/// Only [`Zone::from_minutes`] and [`Zone::parse`] make one, so every `Zone` is in range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zone(i16);

texts! {
    enum Z {
        Kaliningrad => "Калининград", "Kaliningrad";
        Moscow => "Москва", "Moscow";
        Samara => "Самара", "Samara";
        Yekaterinburg => "Екатеринбург", "Yekaterinburg";
        Omsk => "Омск", "Omsk";
        Novosibirsk => "Новосибирск", "Novosibirsk";
        Irkutsk => "Иркутск", "Irkutsk";
        Yakutsk => "Якутск", "Yakutsk";
        Vladivostok => "Владивосток", "Vladivostok";
        Magadan => "Магадан", "Magadan";
        Kamchatka => "Камчатка", "Kamchatka";
    }
}

/// The half and quarter hours in use somewhere today, besides the whole hours.
const PART_HOURS: [i16; 11] = [-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765];

impl Zone {
    /// Lowest offset accepted: UTC−12:00.
    pub const MIN_MINUTES: i32 = -720;
    /// Highest offset accepted: UTC+14:00.
    pub const MAX_MINUTES: i32 = 840;
    pub const UTC: Zone = Zone(0);
    pub const MOSCOW: Zone = Zone(180);

    /// The zone `minutes` east of UTC, if that is a real offset (UTC−12 … UTC+14).
    pub fn from_minutes(minutes: i32) -> Option<Zone> {
        (Self::MIN_MINUTES..=Self::MAX_MINUTES)
            .contains(&minutes)
            .then_some(Zone(minutes as i16))
    }

    /// Parses a cookie or form value: minutes east of UTC, e.g. `180`, `-210`, `+330`.
    pub fn parse(text: &str) -> Option<Zone> {
        // A short, plain number only: no spaces, no "1e3", nothing that only looks like one.
        if text.is_empty() || text.len() > 5 {
            return None;
        }
        text.parse::<i32>().ok().and_then(Zone::from_minutes)
    }

    /// Minutes east of UTC.
    pub fn minutes(self) -> i32 {
        i32::from(self.0)
    }

    /// The zone when the shopper has not chosen one and the browser has not said: Moscow for
    /// Russian, UTC for English.
    pub fn default_for(lang: Lang) -> Zone {
        match lang {
            Lang::Ru => Zone::MOSCOW,
            Lang::En => Zone::UTC,
        }
    }

    /// Seconds to add to a Unix time to get the wall-clock time in this zone.
    pub fn shift(self, secs: i64) -> i64 {
        secs + i64::from(self.0) * 60
    }

    /// `UTC`, `UTC+3`, `UTC+5:30`, `UTC−3:30` (with a real minus sign).
    pub fn offset_text(self) -> String {
        let m = self.minutes();
        if m == 0 {
            return "UTC".into();
        }
        let sign = if m < 0 { '−' } else { '+' };
        let (h, min) = (m.abs() / 60, m.abs() % 60);
        if min == 0 {
            format!("UTC{sign}{h}")
        } else {
            format!("UTC{sign}{h}:{min:02}")
        }
    }

    /// What the choice is called: `Москва (UTC+3)` for Russia's zones, otherwise the offset.
    pub fn label(self, lang: Lang) -> String {
        match self.city() {
            Some(city) => format!("{} ({})", city.get(lang), self.offset_text()),
            None => self.offset_text(),
        }
    }

    /// Russia keeps no summer time, so its zones are fixed offsets and can be named by a city.
    fn city(self) -> Option<Z> {
        Some(match self.0 {
            120 => Z::Kaliningrad,
            180 => Z::Moscow,
            240 => Z::Samara,
            300 => Z::Yekaterinburg,
            360 => Z::Omsk,
            420 => Z::Novosibirsk,
            480 => Z::Irkutsk,
            540 => Z::Yakutsk,
            600 => Z::Vladivostok,
            660 => Z::Magadan,
            720 => Z::Kamchatka,
            _ => return None,
        })
    }

    /// The zones offered in the footer, west to east: every whole hour from UTC−12 to UTC+14 and
    /// the half and quarter hours in use; `current` is added when it is none of these.
    pub fn choices(current: Zone) -> Vec<Zone> {
        let mut zones: Vec<Zone> = (-12..=14)
            .map(|h| Zone(h * 60))
            .chain(PART_HOURS.iter().map(|&m| Zone(m)))
            .collect();
        if !zones.contains(&current) {
            zones.push(current);
        }
        zones.sort();
        zones
    }
}

/// The footer picker's `<option>`s as HTML, `current` selected. The usual list is built once
/// per language; a zone outside it (an odd cookie) gets its own list.
pub fn options_html(lang: Lang, current: Zone) -> String {
    fn build(lang: Lang, zones: Vec<Zone>) -> String {
        zones
            .into_iter()
            .map(|z| {
                format!(
                    "<option value=\"{}\">{}</option>",
                    z.minutes(),
                    z.label(lang)
                )
            })
            .collect()
    }
    static RU: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static EN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let usual = Zone::choices(Zone::UTC);
    if !usual.contains(&current) {
        return build(lang, Zone::choices(current)).replace(
            &format!("value=\"{}\">", current.minutes()),
            &format!("value=\"{}\" selected>", current.minutes()),
        );
    }
    let cache = match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    };
    cache.get_or_init(|| build(lang, usual)).replace(
        &format!("value=\"{}\">", current.minutes()),
        &format!("value=\"{}\" selected>", current.minutes()),
    )
}

/// The zone of the page being rendered.
///
/// From context first; on the server from the request's `tz` cookie; in the browser from
/// `<html data-tz>`, which the server wrote, so hydration shows exactly the server's text.
/// Otherwise the language's default.
pub fn use_zone() -> Zone {
    if let Some(zone) = use_context::<Zone>() {
        return zone;
    }
    #[cfg(feature = "ssr")]
    let found = use_context::<http::request::Parts>().and_then(|p| cookie_zone(&p.headers));
    #[cfg(not(feature = "ssr"))]
    let found = html_zone();
    found.unwrap_or_else(|| Zone::default_for(use_lang()))
}

/// The zone in the request's `tz` cookie, if there is a valid one.
#[cfg(feature = "ssr")]
pub fn cookie_zone(headers: &http::HeaderMap) -> Option<Zone> {
    crate::platform::cookies::get(headers, TZ_COOKIE).and_then(|c| Zone::parse(&c))
}

/// True while rendering for a request that has no valid `tz` cookie yet.
#[cfg(feature = "ssr")]
pub fn zone_unknown() -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| cookie_zone(&p.headers).is_none())
}

#[cfg(not(feature = "ssr"))]
fn html_zone() -> Option<Zone> {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    {
        let doc = web_sys::window()?.document()?;
        Zone::parse(&doc.document_element()?.get_attribute(HTML_ATTR)?)
    }
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_selects_the_current_zone_once_and_names_russian_ones_by_city() {
        let html = options_html(Lang::Ru, Zone::MOSCOW);
        assert_eq!(html.matches(" selected").count(), 1);
        assert!(html.contains("<option value=\"180\" selected>Москва (UTC+3)</option>"));
        assert!(html.contains("<option value=\"-720\">UTC−12</option>"));
        let odd = Zone::parse("185").unwrap();
        let html = options_html(Lang::En, odd);
        assert!(html.contains("<option value=\"185\" selected>UTC+3:05</option>"));
    }

    #[test]
    fn offsets_from_utc_minus_twelve_to_utc_plus_fourteen_are_accepted() {
        assert_eq!(Zone::parse("180"), Some(Zone::MOSCOW));
        assert_eq!(Zone::parse("0"), Some(Zone::UTC));
        assert_eq!(Zone::parse("-720").map(Zone::minutes), Some(-720));
        assert_eq!(Zone::parse("840").map(Zone::minutes), Some(840));
        assert_eq!(Zone::parse("+330").map(Zone::minutes), Some(330));
    }

    #[test]
    fn anything_else_is_not_a_zone() {
        for bad in [
            "", "-721", "841", "99999", "abc", "3h", " 180", "180 ", "1e2", "−180", "18.0",
        ] {
            assert_eq!(Zone::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Zone::from_minutes(i32::MAX), None);
    }

    #[test]
    fn russian_defaults_to_moscow_and_english_to_utc() {
        assert_eq!(Zone::default_for(Lang::Ru), Zone::MOSCOW);
        assert_eq!(Zone::default_for(Lang::En), Zone::UTC);
    }

    #[test]
    fn zones_are_named_by_offset_and_russian_ones_by_city() {
        assert_eq!(Zone::MOSCOW.label(Lang::Ru), "Москва (UTC+3)");
        assert_eq!(Zone::MOSCOW.label(Lang::En), "Moscow (UTC+3)");
        let z = |m| Zone::from_minutes(m).unwrap();
        assert_eq!(z(330).label(Lang::Ru), "UTC+5:30");
        assert_eq!(z(-210).label(Lang::En), "UTC−3:30");
        assert_eq!(z(-720).label(Lang::En), "UTC−12");
        assert_eq!(z(345).offset_text(), "UTC+5:45");
        assert_eq!(Zone::UTC.label(Lang::Ru), "UTC");
    }

    #[test]
    fn the_choices_run_west_to_east_and_always_include_the_current_zone() {
        let list = Zone::choices(Zone::MOSCOW);
        assert_eq!(list.first().map(|z| z.minutes()), Some(-720));
        assert_eq!(list.last().map(|z| z.minutes()), Some(840));
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        for m in [210, 330, 570, 0, 180] {
            assert!(list.contains(&Zone::from_minutes(m).unwrap()), "{m}");
        }
        let odd = Zone::from_minutes(187).unwrap();
        assert!(!list.contains(&odd));
        assert!(Zone::choices(odd).contains(&odd));
    }
}
