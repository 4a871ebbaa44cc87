//! As-you-type suggestions: brands, models, categories and popular title phrases.
//!
//! Built while indexing (counting what the catalogue holds) and saved beside the index. Lookup
//! is a binary search over every word-start of every entry's normalised key, so `فيتون` finds
//! `لويس فيتون` and `sub` finds `Rolex Submariner`, in microseconds.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::analyzer::{is_arabic_word, Analyzers};
use super::lexicon::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    Brand,
    Model,
    Category,
    Query,
}

impl SuggestionKind {
    /// Ranking bonus: a brand or category narrows a search more usefully than a phrase.
    fn bonus(self) -> f64 {
        match self {
            SuggestionKind::Brand => 1.5,
            SuggestionKind::Category => 1.2,
            SuggestionKind::Model => 0.8,
            SuggestionKind::Query => 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestionEntry {
    pub text: String,
    pub kind: SuggestionKind,
    /// How many active listings the suggestion leads to (a popularity measure).
    pub weight: u64,
    /// Normalised, unstemmed words of what a shopper may type to reach this entry.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub text: String,
    pub kind: SuggestionKind,
}

/// The lookup structure, rebuilt from the saved entries when an index opens.
#[derive(Debug, Default)]
pub struct Suggester {
    entries: Vec<SuggestionEntry>,
    /// (word-start suffix of an entry key, entry index), sorted by suffix.
    starts: Vec<(String, u32)>,
}

impl Suggester {
    pub fn new(entries: Vec<SuggestionEntry>) -> Suggester {
        let mut starts = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let mut at = 0;
            loop {
                starts.push((e.key[at..].to_string(), i as u32));
                match e.key[at..].find(' ') {
                    Some(sp) => at += sp + 1,
                    None => break,
                }
            }
        }
        starts.sort();
        Suggester { entries, starts }
    }

    /// The best `limit` suggestions for what the shopper has typed so far.
    pub fn suggest(&self, analyzers: &Analyzers, typed: &str, limit: usize) -> Vec<Suggestion> {
        let words = analyzers.exact_terms(typed);
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let prefix = words.join(" ");
        let arabic_typed = is_arabic_word(typed);
        let from = self.starts.partition_point(|(s, _)| s.as_str() < prefix.as_str());
        let mut best: HashMap<(String, SuggestionKind), f64> = HashMap::new();
        for (suffix, i) in &self.starts[from..] {
            if !suffix.starts_with(&prefix) {
                break;
            }
            let e = &self.entries[*i as usize];
            let whole_key = e.key.len() == suffix.len();
            let mut score = (e.weight as f64 + 1.0).ln() + e.kind.bonus();
            if whole_key {
                score += 2.0;
            }
            // Answer in the script the shopper is typing in when the entry exists in both.
            if is_arabic_word(&e.text) == arabic_typed {
                score += 0.5;
            }
            let slot = best.entry((e.text.clone(), e.kind)).or_insert(f64::MIN);
            *slot = slot.max(score);
        }
        if best.len() < limit {
            self.add_typo_matches(&prefix, &mut best);
        }
        let mut ranked: Vec<_> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut out: Vec<Suggestion> = Vec::with_capacity(limit);
        for ((text, kind), _) in ranked {
            // One line per thing: the Arabic and Latin names of a brand are one suggestion.
            if out.iter().any(|s| s.kind == kind && s.text == text) {
                continue;
            }
            out.push(Suggestion { text, kind });
            if out.len() == limit {
                break;
            }
        }
        out
    }
}

impl Suggester {
    /// Brands, categories and models whose name starts within one typo of what was typed (two
    /// from eight letters): رولككس still suggests رولكس. Only when exact prefixes found too few,
    /// and only over these kinds (a few thousand keys), so it stays well under a millisecond.
    fn add_typo_matches(&self, typed: &str, best: &mut HashMap<(String, SuggestionKind), f64>) {
        let typed: Vec<char> = typed.chars().collect();
        let budget = match typed.len() {
            n if n >= 8 => 2,
            n if n >= 4 => 1,
            _ => return,
        };
        for e in self.entries.iter().filter(|e| e.kind != SuggestionKind::Query) {
            let key: Vec<char> = e.key.chars().collect();
            let typos = prefix_edit_distance(&typed, &key);
            if typos > 0 && typos <= budget {
                let score = (e.weight as f64 + 1.0).ln() + e.kind.bonus() - 1.5 * typos as f64;
                let slot = best.entry((e.text.clone(), e.kind)).or_insert(f64::MIN);
                *slot = slot.max(score);
            }
        }
    }
}

/// The fewest edits (insertions, deletions, substitutions) that turn `typed` into some prefix
/// of `key`.
fn prefix_edit_distance(typed: &[char], key: &[char]) -> usize {
    // row[j]: edits between the typed characters so far and the first j characters of key.
    let mut row: Vec<usize> = (0..=key.len()).collect();
    for (i, &t) in typed.iter().enumerate() {
        let mut previous_diagonal = row[0];
        row[0] = i + 1;
        for j in 1..=key.len() {
            let substitute = previous_diagonal + usize::from(key[j - 1] != t);
            previous_diagonal = row[j];
            row[j] = substitute.min(row[j] + 1).min(row[j - 1] + 1);
        }
    }
    row.into_iter().min().unwrap_or(typed.len())
}

/// Counts what the catalogue holds while it is indexed.
#[derive(Debug, Default)]
pub struct SuggestionCounter {
    brands: HashMap<String, u64>,
    categories: HashMap<String, u64>,
    /// (brand label, model) -> count
    models: HashMap<(String, String), u64>,
    /// normalised phrase -> (count, first surface form seen)
    phrases: HashMap<String, (u64, String)>,
}

/// Phrase counting keeps at most this many distinct phrases; when it overflows, phrases seen
/// once are dropped (they are never popular), which bounds memory on million-listing builds.
const MAX_TRACKED_PHRASES: usize = 500_000;
/// Phrases saved as suggestions.
const MAX_PHRASE_SUGGESTIONS: usize = 3_000;

impl SuggestionCounter {
    pub fn add(
        &mut self,
        analyzers: &Analyzers,
        title: &str,
        brand_slug: Option<&str>,
        brand_label: Option<&str>,
        model: Option<&str>,
        category: &str,
    ) {
        if let Some(slug) = brand_slug {
            *self.brands.entry(slug.to_string()).or_default() += 1;
        }
        *self.categories.entry(category.to_string()).or_default() += 1;
        if let (Some(label), Some(model)) = (brand_label, model) {
            *self.models.entry((label.to_string(), model.trim().to_string())).or_default() += 1;
        }
        // Two- and three-word phrases of the title, as a shopper would type them. The title is
        // analysed once; phrases are runs of adjacent words (no stop word or number between).
        let words = analyzers.exact_tokens(title);
        for n in [2usize, 3] {
            for window in words.windows(n) {
                let adjacent = window.windows(2).all(|p| p[1].position == p[0].position + 1);
                if !adjacent || window.iter().any(|t| t.text.bytes().any(|b| b.is_ascii_digit())) {
                    continue;
                }
                let key = window.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
                let surface = &title[window[0].offset_from..window[n - 1].offset_to];
                let slot = self.phrases.entry(key).or_insert_with(|| (0, surface.to_string()));
                slot.0 += 1;
            }
        }
        if self.phrases.len() > MAX_TRACKED_PHRASES {
            self.phrases.retain(|_, (count, _)| *count > 1);
        }
    }

    pub fn finish(self, analyzers: &Analyzers, lexicon: &Lexicon) -> Vec<SuggestionEntry> {
        let mut entries = Vec::new();
        let key = |text: &str| analyzers.exact_terms(text).join(" ");
        for (slug, count) in &self.brands {
            match lexicon.brand(slug) {
                Some(brand) => {
                    for name in brand.all_names() {
                        let text = if is_arabic_word(name) { &brand.name_ar } else { &brand.name };
                        entries.push(SuggestionEntry {
                            text: text.clone(),
                            kind: SuggestionKind::Brand,
                            weight: *count,
                            key: key(name),
                        });
                    }
                }
                None => entries.push(SuggestionEntry {
                    text: slug.clone(),
                    kind: SuggestionKind::Brand,
                    weight: *count,
                    key: key(slug),
                }),
            }
        }
        for (slug, count) in &self.categories {
            match lexicon.category(slug) {
                Some(c) => {
                    for name in [&c.name_en, &c.name_ar] {
                        entries.push(SuggestionEntry {
                            text: name.clone(),
                            kind: SuggestionKind::Category,
                            weight: *count,
                            key: key(name),
                        });
                    }
                }
                None => entries.push(SuggestionEntry {
                    text: slug.clone(),
                    kind: SuggestionKind::Category,
                    weight: *count,
                    key: key(slug),
                }),
            }
        }
        for ((brand, model), count) in &self.models {
            let text = format!("{brand} {model}");
            // Reachable by the model alone and by the brand in either script (رول finds
            // "Rolex Submariner" as well as rol does).
            let mut keys = vec![key(&text), key(model)];
            if let Some(b) = lexicon.brand(brand) {
                keys.push(key(&format!("{} {model}", b.name_ar)));
            }
            for k in keys {
                entries.push(SuggestionEntry {
                    text: text.clone(),
                    kind: SuggestionKind::Model,
                    weight: *count,
                    key: k,
                });
            }
        }
        // A two-word phrase nearly always followed by the same third word is a fragment of the
        // three-word one (رولكس ديت -> رولكس ديت جست): suggest the whole phrase only.
        let mut best_continuation: HashMap<&str, u64> = HashMap::new();
        for (k, (count, _)) in &self.phrases {
            if let Some((head, _)) = k.rsplit_once(' ').filter(|(head, _)| head.contains(' ')) {
                let best = best_continuation.entry(head).or_default();
                *best = (*best).max(*count);
            }
        }
        let fragments: Vec<String> = self
            .phrases
            .iter()
            .filter(|(k, (count, _))| best_continuation.get(k.as_str()).is_some_and(|c| c * 5 >= count * 4))
            .map(|(k, _)| k.clone())
            .collect();
        drop(best_continuation);
        let mut phrases = self.phrases;
        for k in &fragments {
            phrases.remove(k);
        }
        let mut phrases: Vec<_> = phrases.into_iter().filter(|(_, (c, _))| *c >= 3).collect();
        phrases.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
        for (k, (count, surface)) in phrases.into_iter().take(MAX_PHRASE_SUGGESTIONS) {
            entries.push(SuggestionEntry { text: surface, kind: SuggestionKind::Query, weight: count, key: k });
        }
        entries.retain(|e| !e.key.is_empty());
        entries.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.text.cmp(&b.text)));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        prefix_edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
    }

    #[test]
    fn prefix_edit_distance_counts_typos_against_the_best_prefix() {
        assert_eq!(distance("رول", "رولكس"), 0);
        assert_eq!(distance("رولككس", "رولكس"), 1);
        assert_eq!(distance("rolx", "rolex"), 1);
        assert_eq!(distance("hremes", "hermes"), 2);
        assert_eq!(distance("abc", "xyz"), 3);
    }
}
