//! Splits mixed Arabic, Latin and digit text into words.
//!
//! Tantivy's `SimpleTokenizer` breaks a word at every non-alphanumeric character, which cuts
//! Arabic words apart at their harakat (combining marks) and keeps `41mm` as one opaque token.
//! This tokenizer keeps combining marks and tatweel inside words (the normaliser removes them
//! later), and splits where digits meet letters or one script meets another, so `41mm`, `٤١مم`
//! and `Rolexساعة` give the words a shopper means.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream { text, cursor: 0, token: &mut self.token }
    }
}

/// What a character is, for deciding where words start and end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Arabic,
    OtherLetter,
    /// A combining mark or tatweel: belongs to the word it follows.
    Mark,
    Separator,
}

fn class(c: char) -> Class {
    if c.is_ascii_alphabetic() {
        return Class::OtherLetter;
    }
    if c.is_numeric() {
        return Class::Digit;
    }
    if c == '\u{0640}' || unicode_normalization::char::is_combining_mark(c) {
        return Class::Mark;
    }
    if c.is_alphabetic() {
        return if super::arabic::is_arabic_word(c.encode_utf8(&mut [0; 4])) {
            Class::Arabic
        } else {
            Class::OtherLetter
        };
    }
    Class::Separator
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.cursor..];
        let mut start = None;
        let mut word_class = Class::Separator;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            let cls = class(c);
            match start {
                None => {
                    if matches!(cls, Class::Separator | Class::Mark) {
                        continue;
                    }
                    start = Some(i);
                    word_class = cls;
                }
                Some(_) => {
                    if cls == Class::Mark || cls == word_class {
                        continue;
                    }
                    end = i;
                    break;
                }
            }
        }
        let Some(start) = start else {
            self.cursor = self.text.len();
            return false;
        };
        self.token.offset_from = self.cursor + start;
        self.token.offset_to = self.cursor + end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.text.clear();
        self.token.text.push_str(&rest[start..end]);
        self.cursor += end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(&text[t.offset_from..t.offset_to], t.text, "offsets point at the word");
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn keeps_harakat_inside_arabic_words() {
        assert_eq!(words("مَبنا علِي"), ["مَبنا", "علِي"]);
    }

    #[test]
    fn splits_digits_from_letters_and_scripts_apart() {
        assert_eq!(words("41mm ٤١مم"), ["41", "mm", "٤١", "مم"]);
        assert_eq!(words("Rolexساعة"), ["Rolex", "ساعة"]);
    }

    #[test]
    fn punctuation_and_emoji_separate_words() {
        assert_eq!(words("شنطة، شانيل!! 👜 Hermès"), ["شنطة", "شانيل", "Hermès"]);
        assert_eq!(words("D&G"), ["D", "G"]);
    }

    #[test]
    fn positions_count_words() {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("a b c");
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push(stream.token().position);
        }
        assert_eq!(positions, [0, 1, 2]);
    }
}
