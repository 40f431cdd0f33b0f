//! What makes an address valid. Parsed once; everything after works with `AddressFields`.

use crate::error::{AppError, Field};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Countries we ship to: ISO code, Russian and English names.
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("RU", "Россия", "Russia"),
    ("BY", "Беларусь", "Belarus"),
    ("KZ", "Казахстан", "Kazakhstan"),
    ("AM", "Армения", "Armenia"),
    ("KG", "Киргизия", "Kyrgyzstan"),
    ("UZ", "Узбекистан", "Uzbekistan"),
    ("GE", "Грузия", "Georgia"),
    ("RS", "Сербия", "Serbia"),
    ("DE", "Германия", "Germany"),
    ("US", "США", "United States"),
];

pub fn country_name(code: &str, lang: Lang) -> String {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, ru, en)| lang.pick(ru, en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The form as posted.
#[derive(Clone, Debug, Default)]
pub struct RawAddress {
    pub recipient: String,
    pub country: String,
    pub region: String,
    pub city: String,
    pub street: String,
    pub flat: String,
    pub postcode: String,
    pub phone: String,
}

/// A checked address. The phone is kept as `+` and digits only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressFields {
    pub recipient: String,
    pub country: String,
    pub region: String,
    pub city: String,
    pub street: String,
    pub flat: String,
    pub postcode: String,
    pub phone: String,
}

fn text(value: &str, field: Field, max: u32, required: bool) -> Result<String, AppError> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() && required {
        return Err(AppError::Required(field));
    }
    if v.chars().count() > max as usize {
        return Err(AppError::TooLong(field, max));
    }
    if v.chars().any(|c| c.is_control() || "<>{}".contains(c)) {
        return Err(AppError::InvalidChoice(field));
    }
    Ok(v)
}

/// Russia, Belarus, Kazakhstan, Kyrgyzstan and Uzbekistan use six digits; Armenia, Georgia and
/// Serbia four or five; Germany and the US five. Anything else: 3 to 10 letters or digits.
pub fn parse_postcode(country: &str, input: &str) -> Result<String, AppError> {
    let code: String = input.split_whitespace().collect::<String>().to_uppercase();
    if code.is_empty() {
        return Err(AppError::Required(Field::Postcode));
    }
    let digits = code.chars().all(|c| c.is_ascii_digit());
    let ok = match country {
        "RU" | "BY" | "KZ" | "KG" | "UZ" => digits && code.len() == 6,
        "AM" | "GE" => digits && code.len() == 4,
        "RS" | "DE" | "US" => digits && code.len() == 5,
        _ => (3..=10).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()),
    };
    if ok {
        Ok(code)
    } else {
        Err(AppError::InvalidPostcode)
    }
}

/// International form: `+`, country code and number, 8 to 15 digits in all. Spaces, dashes,
/// dots and brackets are allowed and dropped.
pub fn parse_phone(input: &str) -> Result<String, AppError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(AppError::Required(Field::Phone));
    }
    let Some(rest) = s.strip_prefix('+') else {
        return Err(AppError::InvalidPhone);
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || " -.()".contains(c))
    {
        return Err(AppError::InvalidPhone);
    }
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(AppError::InvalidPhone);
    }
    Ok(format!("+{digits}"))
}

impl AddressFields {
    /// Checks every field; the first problem (in form order) is returned.
    pub fn parse(raw: RawAddress) -> Result<AddressFields, AppError> {
        let recipient = text(&raw.recipient, Field::Recipient, 100, true)?;
        let country = raw.country.trim().to_uppercase();
        if country.is_empty() {
            return Err(AppError::Required(Field::Country));
        }
        if !COUNTRIES.iter().any(|(c, _, _)| *c == country) {
            return Err(AppError::InvalidChoice(Field::Country));
        }
        Ok(AddressFields {
            region: text(&raw.region, Field::Region, 100, true)?,
            city: text(&raw.city, Field::City, 100, true)?,
            street: text(&raw.street, Field::Street, 200, true)?,
            flat: text(&raw.flat, Field::Flat, 20, false)?,
            postcode: parse_postcode(&country, &raw.postcode)?,
            phone: parse_phone(&raw.phone)?,
            recipient,
            country,
        })
    }

    /// One line: "Москва, ул. Тверская, 1, кв. 5, 125009".
    pub fn one_line(&self, lang: Lang) -> String {
        let mut parts = vec![self.city.clone(), self.street.clone()];
        if !self.flat.is_empty() {
            parts.push(format!("{} {}", lang.pick("кв.", "flat"), self.flat));
        }
        parts.push(self.region.clone());
        parts.push(country_name(&self.country, lang));
        parts.push(self.postcode.clone());
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawAddress {
        RawAddress {
            recipient: "Юлия  Иванова".into(),
            country: "ru".into(),
            region: "Москва".into(),
            city: "Москва".into(),
            street: "ул. Тверская, 1".into(),
            flat: "5".into(),
            postcode: "125 009".into(),
            phone: "+7 (900) 123-45-67".into(),
        }
    }

    #[test]
    fn a_good_address_is_normalised() {
        let a = AddressFields::parse(raw()).unwrap();
        assert_eq!(a.recipient, "Юлия Иванова");
        assert_eq!(a.country, "RU");
        assert_eq!(a.postcode, "125009");
        assert_eq!(a.phone, "+79001234567");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = Box<dyn Fn(&mut RawAddress)>;
        let cases: Vec<(Change, AppError)> = vec![
            (
                Box::new(|r| r.recipient = " ".into()),
                AppError::Required(Field::Recipient),
            ),
            (
                Box::new(|r| r.country = "XX".into()),
                AppError::InvalidChoice(Field::Country),
            ),
            (
                Box::new(|r| r.city = String::new()),
                AppError::Required(Field::City),
            ),
            (
                Box::new(|r| r.postcode = "12345".into()),
                AppError::InvalidPostcode,
            ),
            (
                Box::new(|r| r.postcode = "12345a".into()),
                AppError::InvalidPostcode,
            ),
            (
                Box::new(|r| r.phone = "89001234567".into()),
                AppError::InvalidPhone,
            ),
            (
                Box::new(|r| r.phone = "+7 900".into()),
                AppError::InvalidPhone,
            ),
            (
                Box::new(|r| r.phone = "+7 900 abc 45 67".into()),
                AppError::InvalidPhone,
            ),
            (
                Box::new(|r| r.street = "x".repeat(201)),
                AppError::TooLong(Field::Street, 200),
            ),
        ];
        for (change, want) in cases {
            let mut r = raw();
            change(&mut r);
            assert_eq!(AddressFields::parse(r), Err(want.clone()), "{want:?}");
        }
    }

    #[test]
    fn postcodes_follow_the_country() {
        assert_eq!(parse_postcode("DE", "10115").unwrap(), "10115");
        assert!(parse_postcode("DE", "101150").is_err());
        assert_eq!(parse_postcode("AM", "0010").unwrap(), "0010");
    }
}
