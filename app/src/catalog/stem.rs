//! Turns what a shopper typed into an FTS5 query: words only, each cut back to a stem and
//! prefix-matched, so "куртки" finds "Куртка" and "jackets" finds "Jacket".

/// Russian inflection endings, longest first. Cutting one leaves a stem that the forms of a word
/// share; the prefix match then finds each of them.
const RU_ENDINGS: &[&str] = &[
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "иях", "ых", "их", "ым",
    "им", "ую", "юю", "ах", "ях", "ов", "ев", "ей", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ые",
    "ие", "ом", "ем", "ам", "ям", "ья", "ье", "ьи", "ью", "ия", "ии", "ию", "а", "я", "о", "е",
    "ы", "и", "у", "ю", "ь", "й",
];

/// At most this many words of a query are used.
const MAX_TERMS: usize = 8;

/// The stem of one lower-case word.
pub fn stem(word: &str) -> String {
    let is_cyrillic = word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let len = word.chars().count();
    if is_cyrillic {
        for ending in RU_ENDINGS {
            if let Some(base) = word.strip_suffix(ending) {
                if base.chars().count() >= 3 && len > 3 {
                    return base.to_string();
                }
            }
        }
        return word.to_string();
    }
    if len > 4 {
        for ending in ["ches", "shes", "xes", "sses"] {
            if let Some(base) = word.strip_suffix(ending) {
                return format!("{base}{}", &ending[..ending.len() - 2]);
            }
        }
        if let Some(base) = word.strip_suffix("ies") {
            return format!("{base}y");
        }
    }
    if len > 3 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// Shortest stem that is prefix-matched. A one-letter prefix would expand over every word of
/// the vocabulary that starts with it (and the `prefix='2 3'` index has no entries that short):
/// a single letter is matched as a whole word instead.
pub const MIN_PREFIX: usize = 2;

fn term(stem: &str) -> String {
    if stem.chars().count() < MIN_PREFIX {
        format!("\"{stem}\"")
    } else {
        format!("\"{stem}\"*")
    }
}

/// The FTS5 MATCH expression for a query, or `None` when it has no words.
/// Only letters and digits reach FTS5, so a query cannot use its syntax.
pub fn match_expression(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .map(|w| term(&stem(&w.to_lowercase().replace('ё', "е"))))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_word_forms_share_a_stem() {
        assert_eq!(stem("куртки"), "куртк");
        assert_eq!(stem("куртка"), "куртк");
        assert_eq!(stem("куртками"), "куртк");
        assert_eq!(stem("наушники"), "наушник");
        assert_eq!(stem("чай"), "чай");
        assert_eq!(stem("беспроводных"), "беспроводн");
        assert_eq!(stem("беспроводные"), "беспроводн");
    }

    #[test]
    fn english_plurals_are_cut_back() {
        assert_eq!(stem("jackets"), "jacket");
        assert_eq!(stem("watches"), "watch");
        assert_eq!(stem("batteries"), "battery");
        assert_eq!(stem("glass"), "glass");
    }

    #[test]
    fn queries_lose_fts_syntax_and_become_prefix_terms() {
        assert_eq!(
            match_expression("Куртки  NEAR(\"x\")").as_deref(),
            Some("\"куртк\"* \"near\"* \"x\"")
        );
        assert_eq!(match_expression(" -*() "), None);
        assert_eq!(match_expression("ёлка").as_deref(), Some("\"елк\"*"));
    }

    #[test]
    fn a_single_letter_is_a_whole_word_not_a_prefix() {
        assert_eq!(
            match_expression("a 4k Я").as_deref(),
            Some("\"a\" \"4k\"* \"я\"")
        );
    }
}
