//! Report types: kinds, prohibited categories, jurisdictions, legal bases (a choice per kind),
//! states, and the form's checks.

use crate::error::{AppError, Field};
use crate::field::plain_text;
use crate::ids::{ProductId, ReportId, StoreId};
use serde::{Deserialize, Serialize};

/// The longest argument kept.
pub const ARGUMENT_MAX: usize = 5000;
/// The right holder, the registration number.
pub const SHORT_MAX: usize = 200;
/// The free text beside the legal basis; the moderator's reason.
pub const NOTE_MAX: usize = 2000;
/// Reports a shopper may file in 24 hours.
pub const DAILY_LIMIT: i64 = 5;

crate::code_enum!(ReportKind {
    Copyright => "copyright", "Авторское право", "Copyright";
    Trademark => "trademark", "Товарный знак", "Trademark";
    Patent => "patent", "Патент", "Patent";
    Prohibited => "prohibited", "Запрещённый товар", "Prohibited item";
});

impl ReportKind {
    /// Intellectual property: the right holder is named.
    pub fn is_ip(self) -> bool {
        self != ReportKind::Prohibited
    }

    /// A registration number is needed (a copyright exists without registration).
    pub fn needs_registration(self) -> bool {
        matches!(self, ReportKind::Trademark | ReportKind::Patent)
    }
}

crate::code_enum!(Banned {
    Weapons => "weapons", "Оружие, боеприпасы и их части", "Weapons, ammunition and their parts";
    Drugs => "drugs", "Наркотические и психотропные вещества", "Narcotic and psychotropic substances";
    Medicines => "medicines", "Рецептурные лекарства", "Prescription medicines";
    Counterfeit => "counterfeit", "Поддельные товары и деньги", "Counterfeit goods and money";
    Hazardous => "hazardous", "Взрывчатые, ядовитые и радиоактивные вещества", "Explosive, poisonous and radioactive substances";
    Wildlife => "wildlife", "Редкие животные и растения, их части", "Protected animals and plants, and their parts";
    Documents => "documents", "Документы, удостоверения, персональные данные", "Identity documents and personal data";
    Surveillance => "surveillance", "Шпионские технические средства", "Covert surveillance devices";
});

crate::code_enum!(Country {
    Ru => "ru", "Россия", "Russia";
    By => "by", "Беларусь", "Belarus";
    Kz => "kz", "Казахстан", "Kazakhstan";
    Am => "am", "Армения", "Armenia";
    Kg => "kg", "Киргизия", "Kyrgyzstan";
    Eu => "eu", "Европейский союз", "European Union";
    Us => "us", "США", "United States";
    Cn => "cn", "Китай", "China";
    Elsewhere => "elsewhere", "Другая страна", "Another country";
});

crate::code_enum!(Basis {
    Civil1259 => "ru_civil_1259", "ГК РФ, ст. 1259 (объекты авторских прав)", "Russian Civil Code, art. 1259 (works protected by copyright)";
    Berne => "berne", "Бернская конвенция об охране литературных и художественных произведений", "Berne Convention for the Protection of Literary and Artistic Works";
    Dmca => "dmca", "DMCA, 17 U.S.C. § 512 (США)", "DMCA, 17 U.S.C. § 512 (US)";
    Civil1484 => "ru_civil_1484", "ГК РФ, ст. 1484 (исключительное право на товарный знак)", "Russian Civil Code, art. 1484 (exclusive right to a trademark)";
    Madrid => "madrid", "Мадридская система международной регистрации знаков", "Madrid System for the international registration of marks";
    Lanham => "lanham", "Закон Лэнхема, 15 U.S.C. § 1114 (США)", "Lanham Act, 15 U.S.C. § 1114 (US)";
    Civil1358 => "ru_civil_1358", "ГК РФ, ст. 1358 (исключительное право на изобретение)", "Russian Civil Code, art. 1358 (exclusive right to an invention)";
    Eapc => "eapc", "Евразийская патентная конвенция", "Eurasian Patent Convention";
    Patent271 => "us_patent_271", "35 U.S.C. § 271 (США)", "35 U.S.C. § 271 (US)";
    BannedByLaw => "banned_by_law", "Закон, запрещающий или ограничивающий оборот товара", "A law banning or restricting trade in the goods";
    PlatformRules => "platform_rules", "Правила площадки о запрещённых товарах", "The marketplace's rules on prohibited items";
    OtherBasis => "other_basis", "Другое основание (опишите ниже)", "Another basis (describe below)";
});

impl Basis {
    /// The kinds of report this basis fits.
    pub fn fits(self, kind: ReportKind) -> bool {
        use Basis as B;
        use ReportKind as K;
        match self {
            B::Civil1259 | B::Berne | B::Dmca => kind == K::Copyright,
            B::Civil1484 | B::Madrid | B::Lanham => kind == K::Trademark,
            B::Civil1358 | B::Eapc | B::Patent271 => kind == K::Patent,
            B::BannedByLaw | B::PlatformRules => kind == K::Prohibited,
            B::OtherBasis => true,
        }
    }
}

crate::code_enum!(ReportStatus {
    Received => "received", "Получена", "Received";
    Reviewing => "reviewing", "На рассмотрении", "Under review";
    Upheld => "upheld", "Удовлетворена", "Upheld";
    Dismissed => "dismissed", "Отклонена", "Rejected";
    Retracted => "retracted", "Отозвана вами", "Withdrawn by you";
});

/// Waiting for a moderator.
pub const WAITING: [ReportStatus; 2] = [ReportStatus::Received, ReportStatus::Reviewing];

/// What is reported: a product (and its store), or a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Product(ProductId),
    Store(StoreId),
}

impl Target {
    /// The form's hidden `target` field: `product:12` or `store:3`.
    pub fn parse(raw: &str) -> Result<Target, AppError> {
        match raw.trim().split_once(':') {
            Some(("product", id)) => Ok(Target::Product(ProductId::parse(id)?)),
            Some(("store", id)) => Ok(Target::Store(StoreId::parse(id)?)),
            _ => Err(AppError::NotFound),
        }
    }

    pub fn code(self) -> String {
        match self {
            Target::Product(id) => format!("product:{id}"),
            Target::Store(id) => format!("store:{id}"),
        }
    }

    /// The form page for this target.
    pub fn form_url(self) -> String {
        match self {
            Target::Product(id) => format!("/account/reports/new?product={id}"),
            Target::Store(id) => format!("/account/reports/new?store={id}"),
        }
    }
}

/// The form's text, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportText {
    pub kind: ReportKind,
    pub banned: Option<Banned>,
    pub holder: String,
    pub registration: String,
    pub country: Country,
    pub basis: Basis,
    pub basis_text: String,
    pub argument: String,
}

impl ReportText {
    /// Checks the fields as the form sends them (`text(name)` gives a field's value).
    pub fn check(text: impl Fn(&str) -> String) -> Result<ReportText, AppError> {
        let kind = ReportKind::parse(text("kind").trim()).ok_or(AppError::Required(Field::Kind))?;
        let banned = if kind == ReportKind::Prohibited {
            Some(Banned::parse(text("banned").trim()).ok_or(AppError::Required(Field::Banned))?)
        } else {
            None
        };
        let holder = plain_text(Field::Holder, &text("holder"), SHORT_MAX, kind.is_ip())?;
        let registration = plain_text(
            Field::Registration,
            &text("registration"),
            SHORT_MAX,
            kind.needs_registration(),
        )?;
        let country =
            Country::parse(text("country").trim()).ok_or(AppError::Required(Field::Country))?;
        let basis = Basis::parse(text("basis").trim()).ok_or(AppError::Required(Field::Basis))?;
        if !basis.fits(kind) {
            return Err(AppError::InvalidChoice(Field::Basis));
        }
        let basis_text = plain_text(
            Field::BasisText,
            &text("basis_text"),
            NOTE_MAX,
            basis == Basis::OtherBasis,
        )?;
        let argument = plain_text(Field::Argument, &text("argument"), ARGUMENT_MAX, true)?;
        Ok(ReportText {
            kind,
            banned,
            holder: if kind.is_ip() { holder } else { String::new() },
            registration: if kind.is_ip() {
                registration
            } else {
                String::new()
            },
            country,
            basis,
            basis_text,
            argument,
        })
    }
}

/// What the report form shows about its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub target: Target,
    pub product: Option<(ProductId, String)>,
    pub store: (StoreId, String),
}

/// A report in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub id: ReportId,
    pub created_at: i64,
    pub product: Option<(ProductId, String)>,
    pub store: (StoreId, String),
    pub kind: ReportKind,
    pub status: ReportStatus,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    pub items: Vec<ReportLine>,
    pub page: u32,
    pub pages: u32,
}

/// One step of a report's history: who moved it where, why, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub status: ReportStatus,
    pub reason: String,
    pub at: i64,
    /// The moderator's name (staff only see it).
    pub by: Option<String>,
}

/// An evidence file: its number and whether it is a PDF (else a picture).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLine {
    pub n: i64,
    pub pdf: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub line: ReportLine,
    pub banned: Option<Banned>,
    pub holder: String,
    pub registration: String,
    pub country: Country,
    pub basis: Basis,
    pub basis_text: String,
    pub argument: String,
    pub files: Vec<FileLine>,
    pub log: Vec<LogLine>,
    /// The reporter's name (staff view only).
    pub reporter: Option<String>,
}

/// A PDF is taken only if it is one: `%PDF-` at the start and `%%EOF` at the end (after
/// trailing whitespace).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    bytes.starts_with(b"%PDF-") && bytes[..end].ends_with(b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_checked_at_both_ends() {
        assert!(is_pdf(b"%PDF-1.4\n1 0 obj\n%%EOF\n"));
        assert!(is_pdf(b"%PDF-1.7 x %%EOF"));
        assert!(!is_pdf(b"%PDF-1.4 cut off"));
        assert!(!is_pdf(b"<html>%%EOF"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn bases_fit_their_kinds_and_other_fits_all() {
        assert!(Basis::Civil1484.fits(ReportKind::Trademark));
        assert!(!Basis::Civil1484.fits(ReportKind::Patent));
        for k in ReportKind::ALL {
            assert!(Basis::OtherBasis.fits(*k));
            assert!(Basis::ALL.iter().filter(|b| b.fits(*k)).count() >= 2);
        }
    }

    #[test]
    fn targets_round_trip() {
        for t in [Target::Product(ProductId(7)), Target::Store(StoreId(3))] {
            assert_eq!(Target::parse(&t.code()), Ok(t));
        }
        assert_eq!(Target::parse("user:1"), Err(AppError::NotFound));
    }
}
