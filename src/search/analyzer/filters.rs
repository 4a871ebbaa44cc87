//! The token filters of Dalil's analyzers, one rule each.
//!
//! Every rule rewrites a token's text in place (or drops the token) and reports whether it did
//! anything; [`RuleFilter`] turns a rule into a Tantivy [`TokenFilter`], so the plumbing that
//! Tantivy's own `LowerCaser` repeats per filter is written once.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::arabic::{is_arabic_word, normalize_arabic, stem_arabic};

/// One step of an analyzer.
pub trait TokenRule: Clone + Send + Sync + 'static {
    /// Rewrites `text` in place. Returns `false` to drop the token from the stream.
    fn apply(&self, text: &mut String) -> bool;
}

/// Adapts a [`TokenRule`] to Tantivy's [`TokenFilter`].
#[derive(Clone)]
pub struct RuleFilter<R>(pub R);

impl<R: TokenRule> TokenFilter for RuleFilter<R> {
    type Tokenizer<T: Tokenizer> = RuleTokenizer<R, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RuleTokenizer<R, T> {
        RuleTokenizer { rule: self.0, inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct RuleTokenizer<R, T> {
    rule: R,
    inner: T,
}

impl<R: TokenRule, T: Tokenizer> Tokenizer for RuleTokenizer<R, T> {
    type TokenStream<'a> = RuleTokenStream<'a, R, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RuleTokenStream { rule: &self.rule, tail: self.inner.token_stream(text) }
    }
}

pub struct RuleTokenStream<'a, R, S> {
    rule: &'a R,
    tail: S,
}

impl<R: TokenRule, S: TokenStream> TokenStream for RuleTokenStream<'_, R, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.rule.apply(&mut self.tail.token_mut().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Lowercases Latin (and other cased) letters and removes their accents, so `Hermès`,
/// `HERMES` and `hermes` are one word. Arabic tokens are left to [`ArabicNormalizer`].
///
/// ```
/// use dalil::search::analyzer::{LatinFolder, TokenRule};
/// let mut word = String::from("Hermès");
/// assert!(LatinFolder.apply(&mut word));
/// assert_eq!(word, "hermes");
/// ```
#[derive(Clone, Copy, Default)]
pub struct LatinFolder;

impl TokenRule for LatinFolder {
    fn apply(&self, text: &mut String) -> bool {
        if text.is_ascii() {
            // Fast path: most Latin tokens are ASCII and only need lowercasing.
            text.make_ascii_lowercase();
            return true;
        }
        if is_arabic_word(text) {
            return true;
        }
        use unicode_normalization::UnicodeNormalization;
        let folded: String = text
            .nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        *text = folded;
        true
    }
}

/// Folds every Unicode decimal digit (Arabic-Indic ٠-٩, Persian ۰-۹, fullwidth...) to ASCII,
/// so `٤١` and `41` are the same number.
///
/// ```
/// use dalil::search::analyzer::{DigitFolder, TokenRule};
/// let mut word = String::from("٤١");
/// DigitFolder.apply(&mut word);
/// assert_eq!(word, "41");
/// ```
#[derive(Clone, Copy, Default)]
pub struct DigitFolder;

/// The code point of zero in each run of ten decimal digits that shoppers in the region use.
const DIGIT_ZEROS: [u32; 6] = [0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0xFF10];

/// The ASCII digit for a Unicode decimal digit, if `c` is one of the runs in [`DIGIT_ZEROS`].
pub fn ascii_digit(c: char) -> Option<char> {
    let cp = c as u32;
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&cp))
        .map(|zero| char::from(b'0' + (cp - zero) as u8))
}

impl TokenRule for DigitFolder {
    fn apply(&self, text: &mut String) -> bool {
        if text.is_ascii() || !text.chars().any(|c| ascii_digit(c).is_some()) {
            return true;
        }
        let folded: String = text.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect();
        *text = folded;
        true
    }
}

/// Lucene's Arabic normalisation as a filter; see [`normalize_arabic`].
///
/// ```
/// use dalil::search::analyzer::{ArabicNormalizer, TokenRule};
/// let mut word = String::from("أحمد");
/// ArabicNormalizer.apply(&mut word);
/// assert_eq!(word, "احمد");
/// ```
#[derive(Clone, Copy, Default)]
pub struct ArabicNormalizer;

impl TokenRule for ArabicNormalizer {
    fn apply(&self, text: &mut String) -> bool {
        if !text.is_ascii() {
            normalize_arabic(text);
        }
        // A token made only of harakat or tatweel has nothing left to search for.
        !text.is_empty()
    }
}

/// Drops words that carry no meaning in a product search (في، من، with, the...).
///
/// The list is applied after normalisation, so it holds normalised forms only.
#[derive(Clone)]
pub struct StopWords {
    words: Arc<HashSet<String>>,
}

impl StopWords {
    pub fn new(words: impl IntoIterator<Item = String>) -> StopWords {
        StopWords { words: Arc::new(words.into_iter().collect()) }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

impl TokenRule for StopWords {
    fn apply(&self, text: &mut String) -> bool {
        !self.words.contains(text.as_str())
    }
}

/// Stems Arabic words with light10 and Latin words with the Snowball English stemmer, except
/// protected words (brand and product names such as ايفون, which light10 would cut to ايف).
///
/// ```
/// use dalil::search::analyzer::{Stemmer, TokenRule};
/// let stemmer = Stemmer::new(["ايفون".to_string()]);
/// let mut word = String::from("ايفون");
/// stemmer.apply(&mut word);
/// assert_eq!(word, "ايفون");
/// let mut word = String::from("ساعات");
/// stemmer.apply(&mut word);
/// assert_eq!(word, "ساع");
/// ```
#[derive(Clone)]
pub struct Stemmer {
    protected: Arc<HashSet<String>>,
    english: frostem::Stemmer,
}

impl Stemmer {
    /// `protected` holds normalised, lowercased forms (what the filters before this one make).
    pub fn new(protected: impl IntoIterator<Item = String>) -> Stemmer {
        Stemmer {
            protected: Arc::new(protected.into_iter().collect()),
            english: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }

    pub fn is_protected(&self, word: &str) -> bool {
        self.protected.contains(word)
    }
}

impl TokenRule for Stemmer {
    fn apply(&self, text: &mut String) -> bool {
        if self.protected.contains(text.as_str()) {
            return true;
        }
        if is_arabic_word(text) {
            stem_arabic(text);
        } else if text.chars().all(|c| c.is_ascii_lowercase()) {
            // Only plain Latin words: the English stemmer would mangle codes like `126610ln`.
            if let std::borrow::Cow::Owned(stemmed) = self.english.stem(text) {
                *text = stemmed;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<R: TokenRule>(rule: &R, word: &str) -> Option<String> {
        let mut s = word.to_string();
        rule.apply(&mut s).then_some(s)
    }

    #[test]
    fn latin_folder_lowercases_and_strips_accents() {
        assert_eq!(run(&LatinFolder, "CÉLINE").as_deref(), Some("celine"));
        assert_eq!(run(&LatinFolder, "Rolex").as_deref(), Some("rolex"));
        assert_eq!(run(&LatinFolder, "شانيل").as_deref(), Some("شانيل"));
    }

    #[test]
    fn digit_folder_handles_arabic_indic_and_persian_digits() {
        assert_eq!(run(&DigitFolder, "٠١٢٣٤٥٦٧٨٩").as_deref(), Some("0123456789"));
        assert_eq!(run(&DigitFolder, "۰۱۲۳۴۵۶۷۸۹").as_deref(), Some("0123456789"));
        assert_eq!(run(&DigitFolder, "abc").as_deref(), Some("abc"));
    }

    #[test]
    fn normalizer_drops_tokens_left_empty() {
        assert_eq!(run(&ArabicNormalizer, "ـــ"), None);
        assert_eq!(run(&ArabicNormalizer, "إعاذ").as_deref(), Some("اعاذ"));
    }

    #[test]
    fn stop_words_are_dropped() {
        let stop = StopWords::new(["في".to_string()]);
        assert_eq!(run(&stop, "في"), None);
        assert_eq!(run(&stop, "ساعه").as_deref(), Some("ساعه"));
    }

    #[test]
    fn stemmer_respects_protected_words_and_scripts() {
        let stemmer = Stemmer::new(["ايفون".to_string(), "hermes".to_string()]);
        assert_eq!(run(&stemmer, "ايفون").as_deref(), Some("ايفون"));
        assert_eq!(run(&stemmer, "hermes").as_deref(), Some("hermes"));
        assert_eq!(run(&stemmer, "watches").as_deref(), Some("watch"));
        assert_eq!(run(&stemmer, "126610ln").as_deref(), Some("126610ln"));
        assert_eq!(run(&stemmer, "الساعات").as_deref(), Some("ساع"));
    }
}
