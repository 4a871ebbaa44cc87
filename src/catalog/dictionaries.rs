//! Brands, categories and synonyms: the user-editable dictionaries under `datasets/`.
//!
//! Search expands a query through these (a brand typed in Arabic finds listings whose brand is
//! written in Latin letters, and the other way round), so an index keeps a copy of the
//! dictionaries it was built with.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::jsonl::{read_jsonl, JsonlError};

/// A brand and every way people write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Brand {
    /// Canonical name as listings carry it (`Hermès`).
    pub name: String,
    pub slug: String,
    /// The usual Arabic spelling (`هيرميس`).
    pub name_ar: String,
    /// Other spellings people type, in any script (`هرمز`, `hermes`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `ultra_luxury`, `prestige`, `entry_luxury`, `premium`, `popular`...
    #[serde(default)]
    pub tier: Option<String>,
}

impl Brand {
    /// The canonical name, the Arabic name and every alias.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.name_ar.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A storefront category with its names in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub slug: String,
    pub name_en: String,
    pub name_ar: String,
    #[serde(default)]
    pub parent: Option<String>,
}

/// One line of the synonyms file: words that mean the same thing to a shopper.
pub type SynonymGroup = Vec<String>;

/// The three dictionaries, loaded together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dictionaries {
    pub brands: Vec<Brand>,
    pub categories: Vec<Category>,
    pub synonyms: Vec<SynonymGroup>,
}

const BUNDLED_BRANDS: &str = include_str!("../../datasets/brands.jsonl");
const BUNDLED_CATEGORIES: &str = include_str!("../../datasets/categories.jsonl");
const BUNDLED_SYNONYMS: &str = include_str!("../../datasets/synonyms.txt");

pub const BRANDS_FILE: &str = "brands.jsonl";
pub const CATEGORIES_FILE: &str = "categories.jsonl";
pub const SYNONYMS_FILE: &str = "synonyms.txt";

#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error(transparent)]
    Jsonl(#[from] JsonlError),
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Invalid(String),
}

impl Dictionaries {
    /// Loads `brands.jsonl`, `categories.jsonl` and `synonyms.txt` from a directory.
    pub fn load(dir: &Path) -> Result<Dictionaries, DictionaryError> {
        let (brands, _) = read_jsonl::<Brand, _>(&dir.join(BRANDS_FILE), false, |b| {
            if b.name.trim().is_empty() || b.slug.trim().is_empty() {
                return Err("a brand needs a non-empty name and slug".into());
            }
            Ok(())
        })?;
        let (categories, _) = read_jsonl::<Category, _>(&dir.join(CATEGORIES_FILE), false, |c| {
            if c.slug.trim().is_empty() {
                return Err("a category needs a non-empty slug".into());
            }
            Ok(())
        })?;
        let synonyms_path = dir.join(SYNONYMS_FILE);
        let synonyms = match std::fs::read(&synonyms_path) {
            Ok(bytes) => parse_synonyms(&bytes, &synonyms_path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => {
                return Err(DictionaryError::Io { path: synonyms_path.display().to_string(), source });
            }
        };
        let dictionaries = Dictionaries { brands, categories, synonyms };
        dictionaries.check_unique_slugs()?;
        Ok(dictionaries)
    }

    /// The dictionaries bundled with Dalil (`datasets/` at build time), for when a user's data
    /// folder has none.
    pub fn bundled() -> Dictionaries {
        let parse = || -> Result<Dictionaries, DictionaryError> {
            let path = Path::new("datasets");
            let (brands, _) = super::jsonl::read_jsonl_from::<Brand, _, _>(
                BUNDLED_BRANDS.as_bytes(), &path.join(BRANDS_FILE), false, &mut |_: &Brand| Ok(()))?;
            let (categories, _) = super::jsonl::read_jsonl_from::<Category, _, _>(
                BUNDLED_CATEGORIES.as_bytes(), &path.join(CATEGORIES_FILE), false, &mut |_: &Category| Ok(()))?;
            let synonyms = parse_synonyms(BUNDLED_SYNONYMS.as_bytes(), &path.join(SYNONYMS_FILE))?;
            Ok(Dictionaries { brands, categories, synonyms })
        };
        parse().expect("the bundled dictionaries are valid (checked by a test)")
    }

    /// Loads the dictionaries from `dir` if it has a brands file, else the bundled ones.
    pub fn load_or_bundled(dir: &Path) -> Result<Dictionaries, DictionaryError> {
        if dir.join(BRANDS_FILE).exists() {
            Dictionaries::load(dir)
        } else {
            Ok(Dictionaries::bundled())
        }
    }

    fn check_unique_slugs(&self) -> Result<(), DictionaryError> {
        let mut seen = HashMap::new();
        for b in &self.brands {
            if let Some(prev) = seen.insert(b.slug.as_str(), b.name.as_str()) {
                return Err(DictionaryError::Invalid(format!(
                    "{BRANDS_FILE}: brands {prev:?} and {:?} share the slug {:?}",
                    b.name, b.slug
                )));
            }
        }
        seen.clear();
        for c in &self.categories {
            if seen.insert(c.slug.as_str(), c.name_en.as_str()).is_some() {
                return Err(DictionaryError::Invalid(format!(
                    "{CATEGORIES_FILE}: the category slug {:?} appears twice",
                    c.slug
                )));
            }
        }
        Ok(())
    }

    /// Finds a brand by canonical name, slug or any alias, ignoring case and accents.
    pub fn brand(&self, name: &str) -> Option<&Brand> {
        let key = fold_key(name);
        self.brands.iter().find(|b| {
            fold_key(&b.name) == key
                || b.slug == name
                || fold_key(&b.name_ar) == key
                || b.aliases.iter().any(|a| fold_key(a) == key)
        })
    }

    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    /// The category and its ancestors, nearest first; stops on a cycle.
    pub fn category_path(&self, slug: &str) -> Vec<&Category> {
        let mut path = Vec::new();
        let mut next = self.category(slug);
        while let Some(c) = next {
            if path.iter().any(|p: &&Category| p.slug == c.slug) {
                break;
            }
            path.push(c);
            next = c.parent.as_deref().and_then(|p| self.category(p));
        }
        path
    }
}

/// One group per line, comma separated; `#` starts a comment; blank lines are ignored.
fn parse_synonyms(bytes: &[u8], path: &Path) -> Result<Vec<SynonymGroup>, DictionaryError> {
    let mut groups = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = std::str::from_utf8(line).map_err(|_| {
            DictionaryError::Invalid(format!("{}:{}: invalid UTF-8", path.display(), i + 1))
        })?;
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let group: SynonymGroup =
            line.split(',').map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
        if group.len() < 2 {
            return Err(DictionaryError::Invalid(format!(
                "{}:{}: a synonym group needs at least two comma-separated words",
                path.display(),
                i + 1
            )));
        }
        groups.push(group);
    }
    Ok(groups)
}

/// A loose comparison key for names: lowercase, accents and Arabic diacritics dropped, alef
/// forms, alef maqsura and teh marbuta unified, spaces and hyphens collapsed.
///
/// ```
/// use dalil::catalog::fold_key;
/// assert_eq!(fold_key("Hermès"), fold_key("HERMES"));
/// assert_eq!(fold_key("لويس  فيتون"), fold_key("لويس فيتون"));
/// ```
pub fn fold_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd() {
        let c = match c {
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
            '\u{0649}' => '\u{064A}',
            '\u{0629}' => '\u{0647}',
            c => c,
        };
        if unicode_normalization::char::is_combining_mark(c) || c == '\u{0640}' {
            continue;
        }
        if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '\'' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_dictionaries_are_valid_and_rich_enough() {
        let d = Dictionaries::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets").as_path()).unwrap();
        assert_eq!(d, Dictionaries::bundled());
        assert!(d.brands.len() >= 60, "{} brands", d.brands.len());
        assert!(d.categories.len() >= 6);
        assert!(d.synonyms.len() >= 30);
        assert!(d.brands.iter().all(|b| !b.name_ar.is_empty() && !b.aliases.is_empty()));
    }

    #[test]
    fn brands_are_found_by_any_spelling() {
        let d = Dictionaries::bundled();
        for spelling in ["Rolex", "rolex", "رولكس", "روليكس", "ROLEX"] {
            assert_eq!(d.brand(spelling).map(|b| b.slug.as_str()), Some("rolex"), "{spelling}");
        }
        assert_eq!(d.brand("hermes").map(|b| b.name.as_str()), Some("Hermès"));
    }
}
