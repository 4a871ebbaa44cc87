//! What an index knows about names: the dictionaries it was built with, resolved for lookup,
//! and the ordinals it gives categories and brands for filters and facets.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{fold_key, Brand, Category, Dictionaries};

/// Dictionaries with lookup tables.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub dictionaries: Dictionaries,
    brand_by_key: HashMap<String, usize>,
}

impl Lexicon {
    pub fn new(dictionaries: Dictionaries) -> Lexicon {
        let mut brand_by_key = HashMap::new();
        for (i, brand) in dictionaries.brands.iter().enumerate() {
            brand_by_key.entry(brand.slug.clone()).or_insert(i);
            for name in brand.all_names() {
                brand_by_key.entry(fold_key(name)).or_insert(i);
            }
        }
        Lexicon { dictionaries, brand_by_key }
    }

    /// The dictionary brand for a name, slug or alias in any script.
    pub fn brand(&self, name: &str) -> Option<&Brand> {
        let i = self.brand_by_key.get(name).or_else(|| self.brand_by_key.get(&fold_key(name)))?;
        Some(&self.dictionaries.brands[*i])
    }

    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.dictionaries.category(slug)
    }

    /// The slug and display label a listing's brand is filed under: the dictionary entry when
    /// there is one, else a slug made from the name as written.
    pub fn brand_key(&self, name: &str) -> (String, String) {
        match self.brand(name) {
            Some(b) => (b.slug.clone(), b.name.clone()),
            None => (slugify(name), name.trim().to_string()),
        }
    }

    /// The category and its ancestors' slugs, nearest first.
    pub fn category_lineage(&self, slug: &str) -> Vec<String> {
        let path = self.dictionaries.category_path(slug);
        if path.is_empty() {
            vec![slug.to_string()]
        } else {
            path.iter().map(|c| c.slug.clone()).collect()
        }
    }

    /// The slug and its descendants: what a category filter should match.
    pub fn category_and_descendants(&self, slug: &str) -> Vec<String> {
        let mut out = vec![slug.to_string()];
        let mut i = 0;
        while i < out.len() {
            for c in &self.dictionaries.categories {
                if c.parent.as_deref() == Some(out[i].as_str()) && !out.contains(&c.slug) {
                    out.push(c.slug.clone());
                }
            }
            i += 1;
        }
        out
    }

    pub fn category_label(&self, slug: &str) -> String {
        match self.category(slug) {
            Some(c) => format!("{} · {}", c.name_en, c.name_ar),
            None => slug.to_string(),
        }
    }
}

/// `Dolce & Gabbana` -> `dolce-gabbana`; keeps Arabic letters as they are.
pub fn slugify(name: &str) -> String {
    let key = fold_key(name);
    let mut slug = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Stable small integers for category and brand values, so facets count into arrays.
///
/// Append-only: an ordinal, once given, always means the same value, so documents indexed at
/// different times agree. It is saved with every commit of the index (in the commit payload),
/// so it can never be older than the documents that use it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Category slugs; ordinal = position + 1 (0 means none).
    pub categories: Vec<String>,
    /// Brand slugs and labels; ordinal = position + 1 (0 means no brand).
    pub brands: Vec<VocabularyBrand>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocabularyBrand {
    pub slug: String,
    pub label: String,
}

impl Vocabulary {
    pub fn category_ord(&mut self, slug: &str) -> u64 {
        match self.categories.iter().position(|c| c == slug) {
            Some(i) => i as u64 + 1,
            None => {
                self.categories.push(slug.to_string());
                self.categories.len() as u64
            }
        }
    }

    pub fn brand_ord(&mut self, slug: &str, label: &str) -> u64 {
        match self.brands.iter().position(|b| b.slug == slug) {
            Some(i) => i as u64 + 1,
            None => {
                self.brands.push(VocabularyBrand { slug: slug.to_string(), label: label.to_string() });
                self.brands.len() as u64
            }
        }
    }

    pub fn find_category(&self, slug: &str) -> Option<u64> {
        self.categories.iter().position(|c| c == slug).map(|i| i as u64 + 1)
    }

    pub fn find_brand(&self, slug: &str) -> Option<u64> {
        self.brands.iter().position(|b| b.slug == slug).map(|i| i as u64 + 1)
    }

    pub fn category_slug(&self, ord: u64) -> Option<&str> {
        self.categories.get((ord as usize).checked_sub(1)?).map(String::as_str)
    }

    pub fn brand(&self, ord: u64) -> Option<&VocabularyBrand> {
        self.brands.get((ord as usize).checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_readable() {
        assert_eq!(slugify("Dolce & Gabbana"), "dolce-gabbana");
        assert_eq!(slugify("Tiffany & Co."), "tiffany-co");
        assert_eq!(slugify("L'azurde"), "l-azurde");
    }

    #[test]
    fn vocabulary_ordinals_never_move() {
        let mut v = Vocabulary::default();
        assert_eq!(v.brand_ord("rolex", "Rolex"), 1);
        assert_eq!(v.brand_ord("omega", "Omega"), 2);
        assert_eq!(v.brand_ord("rolex", "Rolex"), 1);
        assert_eq!(v.brand(2).unwrap().label, "Omega");
        assert_eq!(v.brand(0), None);
    }
}
