//! The parts of a product's text in each language: the titles and descriptions that the
//! translation section (`translate`) lets shoppers improve. The catalogue owns the columns.

use crate::i18n::Lang;

crate::code_enum!(ProductText {
    TitleRu => "title_ru", "Название (русский)", "Title (Russian)";
    TitleEn => "title_en", "Название (английский)", "Title (English)";
    DescriptionRu => "description_ru", "Описание (русский)", "Description (Russian)";
    DescriptionEn => "description_en", "Описание (английский)", "Description (English)";
});

impl ProductText {
    /// The `products` column: fixed per part, so nothing sent reaches the SQL.
    pub fn column(self) -> &'static str {
        self.code()
    }

    /// The same part in the other language: the text this one translates.
    pub fn source(self) -> ProductText {
        match self {
            ProductText::TitleRu => ProductText::TitleEn,
            ProductText::TitleEn => ProductText::TitleRu,
            ProductText::DescriptionRu => ProductText::DescriptionEn,
            ProductText::DescriptionEn => ProductText::DescriptionRu,
        }
    }

    pub fn lang(self) -> Lang {
        match self {
            ProductText::TitleRu | ProductText::DescriptionRu => Lang::Ru,
            ProductText::TitleEn | ProductText::DescriptionEn => Lang::En,
        }
    }

    pub fn is_title(self) -> bool {
        matches!(self, ProductText::TitleRu | ProductText::TitleEn)
    }

    /// The longest text a part takes.
    pub fn max_chars(self) -> usize {
        if self.is_title() {
            200
        } else {
            2000
        }
    }
}
