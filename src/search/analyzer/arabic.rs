//! Arabic orthographic normalisation and light stemming, after Lucene's `ArabicNormalizer` and
//! `ArabicStemmer` (Larkey, Ballesteros and Connell's *light10*).
//!
//! Both work on a `String` in place and return whether they changed it, so the token filters
//! around them can skip work on the (common) tokens they leave alone.

/// Lucene's `ArabicNormalizer`, plus folds for letters that reach marketplaces through Persian
/// and Urdu keyboards or dialect spelling (ٱ ک ی ڤ پ ؤ ئ), which Lucene leaves alone.
///
/// - alef with madda, hamza above or below (آ أ إ) and alef wasla (ٱ) become bare alef (ا)
/// - alef maqsura (ى) becomes yeh (ي); teh marbuta (ة) becomes heh (ه)
/// - tatweel (ـ) and the harakat (fathatan to sukun, and superscript alef) are removed
///
/// ```
/// let mut word = String::from("فاطمة");
/// assert!(dalil::search::analyzer::normalize_arabic(&mut word));
/// assert_eq!(word, "فاطمه");
/// ```
pub fn normalize_arabic(text: &mut String) -> bool {
    if !text.chars().any(needs_normalizing) {
        return false;
    }
    let normalized: String = text.chars().filter_map(normalize_char).collect();
    *text = normalized;
    true
}

fn needs_normalizing(c: char) -> bool {
    normalize_char(c) != Some(c)
}

fn normalize_char(c: char) -> Option<char> {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'), // آ أ إ ٱ -> ا
        '\u{0649}' | '\u{06CC}' | '\u{0626}' => Some('\u{064A}'),              // ى ی ئ -> ي
        '\u{0629}' => Some('\u{0647}'),                                       // ة -> ه
        '\u{0624}' => Some('\u{0648}'),                                       // ؤ -> و
        '\u{06A9}' => Some('\u{0643}'),                                       // ک -> ك
        '\u{06A4}' => Some('\u{0641}'),                                       // ڤ -> ف
        '\u{067E}' => Some('\u{0628}'),                                       // پ -> ب
        // tatweel, the eight harakat, and superscript alef carry no meaning for search
        '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}' => None,
        c => Some(c),
    }
}

const ALEF: char = '\u{0627}';
const LAM: char = '\u{0644}';
const BEH: char = '\u{0628}';
const KAF: char = '\u{0643}';
const FEH: char = '\u{0641}';
const WAW: char = '\u{0648}';
const HEH: char = '\u{0647}';
const NOON: char = '\u{0646}';
const TEH: char = '\u{062A}';
const YEH: char = '\u{064A}';
const TEH_MARBUTA: char = '\u{0629}';

/// light10 prefixes, tried in this order; the first that fits is removed.
const PREFIXES: [&[char]; 7] = [
    &[ALEF, LAM],
    &[WAW, ALEF, LAM],
    &[BEH, ALEF, LAM],
    &[KAF, ALEF, LAM],
    &[FEH, ALEF, LAM],
    &[LAM, LAM],
    &[WAW],
];

/// light10 suffixes, tried in this order; every one that fits is removed in turn.
const SUFFIXES: [&[char]; 10] = [
    &[HEH, ALEF],
    &[ALEF, NOON],
    &[ALEF, TEH],
    &[WAW, NOON],
    &[YEH, NOON],
    &[YEH, HEH],
    &[YEH, TEH_MARBUTA],
    &[HEH],
    &[TEH_MARBUTA],
    &[YEH],
];

/// Lucene's `ArabicStemmer`: strips one definite-article or conjunction prefix, then each
/// plural, dual, possessive and feminine suffix that leaves at least two letters.
///
/// ```
/// let mut word = String::from("ساعات");
/// assert!(dalil::search::analyzer::stem_arabic(&mut word));
/// assert_eq!(word, "ساع");
/// ```
pub fn stem_arabic(text: &mut String) -> bool {
    let mut chars: Vec<char> = text.chars().collect();
    let before = chars.len();
    let mut len = chars.len();
    if let Some(prefix) = PREFIXES.iter().find(|p| starts_with_check_length(&chars[..len], p)) {
        chars.drain(..prefix.len());
        len -= prefix.len();
    }
    for suffix in SUFFIXES {
        if ends_with_check_length(&chars[..len], suffix) {
            len -= suffix.len();
        }
    }
    chars.truncate(len);
    if len == before {
        return false;
    }
    *text = chars.into_iter().collect();
    true
}

fn starts_with_check_length(s: &[char], prefix: &[char]) -> bool {
    // The conjunction wa- needs three letters left after it; the articles need two.
    let min_len = if prefix.len() == 1 { 4 } else { prefix.len() + 2 };
    s.len() >= min_len && s.starts_with(prefix)
}

fn ends_with_check_length(s: &[char], suffix: &[char]) -> bool {
    s.len() >= suffix.len() + 2 && s.ends_with(suffix)
}

/// True when the token is written in Arabic letters (and so is for the Arabic stemmer).
pub fn is_arabic_word(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(word: &str) -> String {
        let mut s = word.to_string();
        normalize_arabic(&mut s);
        s
    }

    fn stemmed(word: &str) -> String {
        let mut s = word.to_string();
        stem_arabic(&mut s);
        s
    }

    // Lucene TestArabicNormalizationFilter, case by case.
    #[test]
    fn lucene_normalization_cases() {
        let cases = [
            ("آجن", "اجن"),         // alif madda
            ("أحمد", "احمد"),       // alif hamza above
            ("إعاذ", "اعاذ"),       // alif hamza below
            ("بنى", "بني"),         // alif maksura
            ("فاطمة", "فاطمه"),     // teh marbuta
            ("روبرـــــت", "روبرت"), // tatweel
            ("مَبنا", "مبنا"),       // fatha
            ("علِي", "علي"),        // kasra
            ("بُوات", "بوات"),       // damma
            ("ولداً", "ولدا"),       // fathatan
            ("ولدٍ", "ولد"),         // kasratan
            ("ولدٌ", "ولد"),         // dammatan
            ("نلْسون", "نلسون"),     // sukun
            ("هتميّ", "هتمي"),       // shadda
        ];
        for (input, expected) in cases {
            assert_eq!(normalized(input), expected, "normalizing {input}");
        }
    }

    // Lucene TestArabicStemFilter, case by case (the stemmer alone, as Lucene tests it).
    #[test]
    fn lucene_stemmer_cases() {
        let cases = [
            ("الحسن", "حسن"),    // al- prefix
            ("والحسن", "حسن"),   // wal- prefix
            ("بالحسن", "حسن"),   // bal- prefix
            ("كالحسن", "حسن"),   // kal- prefix
            ("فالحسن", "حسن"),   // fal- prefix
            ("للاخر", "اخر"),    // ll- prefix
            ("وحسن", "حسن"),     // wa- prefix
            ("زوجها", "زوج"),    // -ha suffix
            ("ساهدان", "ساهد"),  // -an suffix
            ("ساهدات", "ساهد"),  // -at suffix
            ("ساهدون", "ساهد"),  // -wn suffix
            ("ساهدين", "ساهد"),  // -yn suffix
            ("ساهديه", "ساهد"),  // -yh suffix
            ("ساهدية", "ساهد"),  // -yp suffix
            ("ساهده", "ساهد"),   // -h suffix
            ("ساهدة", "ساهد"),   // -p suffix
            ("ساهدي", "ساهد"),   // -y suffix
            ("وساهدون", "ساهد"), // prefix and suffix
            ("ساهدهات", "ساهد"), // two suffixes
            ("الو", "الو"),      // too short to stem
            ("English", "English"),
        ];
        for (input, expected) in cases {
            assert_eq!(stemmed(input), expected, "stemming {input}");
        }
    }

    #[test]
    fn normalization_leaves_clean_words_untouched() {
        let mut word = String::from("ساعه");
        assert!(!normalize_arabic(&mut word));
        assert_eq!(word, "ساعه");
    }

    #[test]
    fn dialect_and_keyboard_letters_fold() {
        assert_eq!(normalized("ڤيرساتشي"), "فيرساتشي");
        assert_eq!(normalized("جزائر"), "جزاير");
        assert_eq!(normalized("مؤمن"), "مومن");
        assert_eq!(normalized("کیف"), "كيف");
    }

    #[test]
    fn singular_and_plural_meet() {
        assert_eq!(stemmed(&normalized("ساعة")), stemmed(&normalized("ساعات")));
        assert_eq!(stemmed(&normalized("سيارة")), stemmed(&normalized("سيارات")));
        assert_eq!(stemmed(&normalized("شنطة")), stemmed(&normalized("شنط")));
    }
}
