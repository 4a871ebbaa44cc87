//! Dalil's text analysis: how listing text and shoppers' queries become index terms.
//!
//! Three analyzers share one word tokenizer ([`WordTokenizer`]):
//! - [`TEXT`] for matching: Latin lowercased and accent-folded, digits folded to ASCII, Arabic
//!   normalised (Lucene's `ArabicNormalizer`), stop words dropped, then stemmed (light10 for
//!   Arabic, Snowball for English) except protected brand and product names.
//! - [`EXACT`]: the same without stemming, for exact-form bonuses and as-you-type prefixes
//!   (a half-typed Arabic word must not be stemmed as if it were whole).
//! - [`CODE`]: reference numbers compacted to lowercase letters and digits (`5711/1A-010` ->
//!   `57111a010`).

mod arabic;
mod filters;
mod tokenizer;

pub use arabic::{is_arabic_word, normalize_arabic, stem_arabic};
pub use filters::{
    ascii_digit, ArabicNormalizer, DigitFolder, LatinFolder, RuleFilter, StopWords, Stemmer,
    TokenRule,
};
pub use tokenizer::WordTokenizer;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TokenStream};

use crate::catalog::Dictionaries;

/// Tokenizer name of the stemmed matching analyzer.
pub const TEXT: &str = "dalil_text";
/// Tokenizer name of the unstemmed analyzer (exact forms and prefixes).
pub const EXACT: &str = "dalil_exact";
/// Tokenizer name of the reference-number analyzer.
pub const CODE: &str = "dalil_code";

/// Words longer than this are noise (pasted URLs, base64) and are not indexed.
const MAX_TOKEN_BYTES: usize = 80;

/// Words a product search can ignore, in normalised form (after [`normalize_arabic`]).
const STOP_WORDS: &[&str] = &[
    // Arabic: prepositions, conjunctions, demonstratives, relatives; Egyptian and Gulf forms too
    "في", "فى", "من", "الي", "عن", "مع", "او", "ام", "ان", "اي", "و", "ب", "ل", "هذا", "هذه",
    "هذي", "ذلك", "تلك", "التي", "الذي", "اللي", "هو", "هي", "كل", "قد", "لا", "ما", "يا", "ثم",
    "عند", "ده", "دي", "دا", "بتاع", "بتاعه", "عشان", "كده", "جدا", "حق",
    // English
    "a", "an", "the", "and", "or", "of", "for", "with", "in", "on", "to", "by", "at", "from", "is",
    "are", "this", "that",
];

/// Product names that light10 or Snowball would cut into another word. Brand names and their
/// aliases from the brand dictionary are protected as well, automatically. Colour adjectives
/// made from materials are here too: light10 cuts ذهبي (gold-coloured) to ذهب (gold), and a
/// shopper asking for gold does not want golden sunglasses.
const PROTECTED_WORDS: &[&str] = &[
    "ذهبي", "دهبي", "فضي", "ماسي", "لولي", "نحاسي", "بلاتيني",
    "ايفون", "ايباد", "ايربودز", "ماك", "ماكبوك", "جالاكسي", "جلاكسي", "بلايستيشن", "نوتيلوس",
    "دايتونا", "ديتونا", "كوتشي", "اكوانوت", "بيركن", "بيركين", "كيلي", "نيفرفل", "سبيدي", "ليدي", "سبمارينر",
    "مارينر", "سيماستر", "سبيدماستر", "كونستليشن", "كاريرا", "موناكو", "افنتوس", "اونتوس",
    "iphone", "ipad", "airpods", "macbook", "galaxy", "playstation", "nautilus", "daytona",
    "aquanaut", "birkin", "kelly", "neverfull", "speedy", "submariner", "seamaster", "speedmaster",
    "carrera", "aventus", "jordan", "yeezy", "airmax",
];

/// The analyzers of one index, built from the dictionaries it was created with.
#[derive(Clone)]
pub struct Analyzers {
    text: TextAnalyzer,
    exact: TextAnalyzer,
    code: TextAnalyzer,
    stemmer: Stemmer,
}

impl Analyzers {
    pub fn new(dictionaries: &Dictionaries) -> Analyzers {
        let stop_words = StopWords::new(STOP_WORDS.iter().map(|w| w.to_string()));
        let mut exact = exact_analyzer(stop_words.clone());
        let mut protected: Vec<String> = PROTECTED_WORDS.iter().map(|w| w.to_string()).collect();
        for brand in &dictionaries.brands {
            for name in brand.all_names() {
                protected.extend(tokens(&mut exact, name));
            }
        }
        let stemmer = Stemmer::new(protected);
        let text = TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(RuleFilter(LatinFolder))
            .filter(RuleFilter(DigitFolder))
            .filter(RuleFilter(ArabicNormalizer))
            .filter(RuleFilter(stop_words.clone()))
            .filter(RuleFilter(stemmer.clone()))
            .build();
        Analyzers { text, exact, code: code_analyzer(), stemmer }
    }

    /// Registers the three analyzers with an index so its text fields can use them.
    pub fn register(&self, index: &tantivy::Index) {
        let manager = index.tokenizers();
        manager.register(TEXT, self.text.clone());
        manager.register(EXACT, self.exact.clone());
        manager.register(CODE, self.code.clone());
    }

    /// Stemmed matching terms of `text`.
    pub fn text_terms(&self, text: &str) -> Vec<String> {
        tokens(&mut self.text.clone(), text)
    }

    /// Unstemmed terms of `text`.
    pub fn exact_terms(&self, text: &str) -> Vec<String> {
        tokens(&mut self.exact.clone(), text)
    }

    /// Unstemmed tokens of `text` with their positions and byte offsets.
    pub fn exact_tokens(&self, text: &str) -> Vec<tantivy::tokenizer::Token> {
        let mut analyzer = self.exact.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// The compacted reference-number form of `text`, if it has any letter or digit.
    pub fn code_term(&self, text: &str) -> Option<String> {
        tokens(&mut self.code.clone(), text).into_iter().next()
    }

    /// The stem of one word already through the [`EXACT`] analyzer (what [`TEXT`] would index).
    pub fn stem(&self, exact_term: &str) -> String {
        let mut word = exact_term.to_string();
        self.stemmer.apply(&mut word);
        word
    }

    /// The analyzer registered under `name` ([`TEXT`], [`EXACT`] or [`CODE`]).
    pub fn by_name(&self, name: &str) -> Option<TextAnalyzer> {
        match name {
            TEXT => Some(self.text.clone()),
            EXACT => Some(self.exact.clone()),
            CODE => Some(self.code.clone()),
            _ => None,
        }
    }
}

fn exact_analyzer(stop_words: StopWords) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(RuleFilter(LatinFolder))
        .filter(RuleFilter(DigitFolder))
        .filter(RuleFilter(ArabicNormalizer))
        .filter(RuleFilter(stop_words))
        .build()
}

/// Reference numbers: one token per value, only its letters and digits, lowercased.
fn code_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(RuleFilter(CodeCompactor))
        .build()
}

#[derive(Clone, Copy)]
struct CodeCompactor;

impl TokenRule for CodeCompactor {
    fn apply(&self, text: &mut String) -> bool {
        let compact: String = text
            .chars()
            .filter_map(|c| if c.is_alphanumeric() { Some(ascii_digit(c).unwrap_or(c)) } else { None })
            .flat_map(char::to_lowercase)
            .collect();
        *text = compact;
        !text.is_empty()
    }
}

/// Fields whose analyzer can be asked for by name (`dalil analyze --field`, `/api/admin/analyze`).
pub const ANALYZABLE_FIELDS: &[&str] = &["title", "description", "brand", "model", "category", "attributes", "exact", "reference"];

/// The analyzer a field of the listing is indexed with.
pub fn analyzer_for_field(field: &str) -> Option<&'static str> {
    match field {
        "title" | "description" | "brand" | "model" | "category" | "attributes" => Some(TEXT),
        "exact" => Some(EXACT),
        "reference" => Some(CODE),
        _ => None,
    }
}

/// Runs an analyzer over `text` and collects the token texts.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Brand;

    fn analyzers() -> Analyzers {
        let dictionaries = Dictionaries {
            brands: vec![Brand {
                name: "Louis Vuitton".into(),
                slug: "louis-vuitton".into(),
                name_ar: "لويس فيتون".into(),
                aliases: vec!["لوي فيتون".into()],
                tier: None,
            }],
            ..Dictionaries::default()
        };
        Analyzers::new(&dictionaries)
    }

    #[test]
    fn the_full_chain_handles_mixed_text() {
        let a = analyzers();
        // Hermès is not in this test's brand dictionary, so Snowball stems it like any word.
        assert_eq!(a.text_terms("ساعة رولكس ٤١ مم Hermès WATCHES"), ["ساع", "رولكس", "41", "مم", "herm", "watch"]);
    }

    #[test]
    fn brand_words_are_protected_from_stemming() {
        let a = analyzers();
        assert_eq!(a.text_terms("شنطة لويس فيتون"), ["شنط", "لويس", "فيتون"]);
        assert_eq!(a.text_terms("آيفون"), ["ايفون"]);
    }

    #[test]
    fn stop_words_are_removed_in_both_languages() {
        let a = analyzers();
        assert_eq!(a.text_terms("ساعة في العلبة with the box"), ["ساع", "علب", "box"]);
    }

    #[test]
    fn exact_terms_are_normalised_but_not_stemmed() {
        let a = analyzers();
        assert_eq!(a.exact_terms("الساعات أصلية"), ["الساعات", "اصليه"]);
    }

    #[test]
    fn reference_numbers_compact() {
        let a = analyzers();
        assert_eq!(a.code_term("5711/1A-010").as_deref(), Some("57111a010"));
        assert_eq!(a.code_term(" - "), None);
    }
}
