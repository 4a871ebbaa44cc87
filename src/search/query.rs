//! From a shopper's words to a Tantivy query.
//!
//! 1. The query is split into quoted phrases and free words; each word is normalised (the
//!    [`EXACT`](super::analyzer::EXACT) analyzer) and stemmed.
//! 2. Runs of words that name a brand, a category or a synonym group (longest first) become
//!    one *clause* whose alternatives are every spelling in that group: رولكس, روليكس, Rolex.
//! 3. Each clause must match (AND, as Meilisearch and Typesense do), in any field: a
//!    disjunction-max over the boosted fields, so the best field counts and others add a little.
//! 4. Words not found as typed get typo tolerance scaled to their length (one typo from five
//!    letters, two from nine, Meilisearch's defaults); the last word also matches as a prefix
//!    while the shopper is still typing.

use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::analyzer::Analyzers;
use super::lexicon::Lexicon;
use super::schema::Fields;

/// A word from this many characters on tolerates one typo.
const ONE_TYPO_FROM_CHARS: usize = 5;
/// A word from this many characters on tolerates two typos.
const TWO_TYPOS_FROM_CHARS: usize = 9;
/// Longest run of words looked up as one dictionary entry (`dolce and gabbana`).
const MAX_GROUP_WORDS: usize = 4;
/// How much the fields other than a clause's best one add to its score.
const TIE_BREAKER: f32 = 0.3;
/// The shortest prefix expanded while typing; one letter would expand to thousands of words.
const MIN_PREFIX_CHARS: usize = 2;

/// Every spelling of every dictionary entry, keyed by its stemmed words.
#[derive(Debug, Default)]
pub struct Expander {
    groups: Vec<Group>,
    by_key: HashMap<Vec<String>, Vec<usize>>,
}

#[derive(Debug)]
struct Group {
    kind: GroupKind,
    /// Each a sequence of stemmed words.
    spellings: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum GroupKind {
    Synonyms,
    /// Listings carry the slug in `brand_key`.
    Brand(String),
    /// Listings carry the slug in `category_key`.
    Category(String),
}

impl Expander {
    pub fn new(lexicon: &Lexicon, analyzers: &Analyzers) -> Expander {
        let mut expander = Expander::default();
        let d = &lexicon.dictionaries;
        for group in &d.synonyms {
            expander.add_group(analyzers, GroupKind::Synonyms, group.iter().map(String::as_str));
        }
        for brand in &d.brands {
            expander.add_group(analyzers, GroupKind::Brand(brand.slug.clone()), brand.all_names());
        }
        for c in &d.categories {
            let slug_words = c.slug.replace(['-', '_'], " ");
            let names = [c.name_en.as_str(), c.name_ar.as_str(), slug_words.as_str()];
            expander.add_group(analyzers, GroupKind::Category(c.slug.clone()), names.into_iter());
        }
        expander
    }

    fn add_group<'a>(&mut self, analyzers: &Analyzers, kind: GroupKind, spellings: impl Iterator<Item = &'a str>) {
        let mut group: Vec<Vec<String>> = Vec::new();
        for spelling in spellings {
            let words = analyzers.text_terms(spelling);
            if !words.is_empty() && words.len() <= MAX_GROUP_WORDS && !group.contains(&words) {
                group.push(words);
            }
        }
        if kind == GroupKind::Synonyms && group.len() < 2 && group.iter().all(|w| w.len() < 2) {
            // A synonym group with one single-word spelling adds nothing to the word itself.
            return;
        }
        let id = self.groups.len();
        for words in &group {
            self.by_key.entry(words.clone()).or_default().push(id);
        }
        self.groups.push(Group { kind, spellings: group });
    }

    /// The longest dictionary entry at the start of `stems`, as a clause covering that many
    /// words: every spelling of every group it belongs to, and the brands and categories it names.
    fn longest_match(&self, stems: &[String]) -> Option<(usize, Clause)> {
        for len in (1..=stems.len().min(MAX_GROUP_WORDS)).rev() {
            let Some(ids) = self.by_key.get(&stems[..len]) else { continue };
            // One hop further for brands and categories: شنط is in the synonym group of bag,
            // and bag names the category bags, so شنط finds every listing filed under bags.
            let mut ids = ids.clone();
            for id in ids.clone() {
                for spelling in &self.groups[id].spellings {
                    for other in self.by_key.get(spelling).into_iter().flatten() {
                        if self.groups[*other].kind != GroupKind::Synonyms && !ids.contains(other) {
                            ids.push(*other);
                        }
                    }
                }
            }
            let mut clause = Clause { spellings: vec![stems[..len].to_vec()], ..Clause::default() };
            for group in ids.iter().map(|id| &self.groups[*id]) {
                match &group.kind {
                    GroupKind::Synonyms => {}
                    GroupKind::Brand(slug) => clause.brands.push(slug.clone()),
                    GroupKind::Category(slug) => clause.categories.push(slug.clone()),
                }
                for s in &group.spellings {
                    if !clause.spellings.contains(s) {
                        clause.spellings.push(s.clone());
                    }
                }
            }
            return Some((len, clause));
        }
        None
    }
}

/// One thing the shopper asked for: it must match, in one of its spellings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clause {
    /// Spellings, each a sequence of stemmed words (several words match as a phrase).
    pub spellings: Vec<Vec<String>>,
    /// Slugs of the brands the words name.
    pub brands: Vec<String>,
    /// Slugs of the categories the words name.
    pub categories: Vec<String>,
    /// The word as typed (normalised, unstemmed), for the exact-form bonus and typos.
    pub exact: Option<String>,
    /// Matched as a prefix too (the last word, still being typed).
    pub prefix: bool,
}

/// The clauses of a query, and the query as a reference number if it looks like one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryPlan {
    pub clauses: Vec<Clause>,
    pub reference_code: Option<String>,
}

impl QueryPlan {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// Splits a query into phrases and words and groups them into clauses.
pub fn plan_query(query: &str, analyzers: &Analyzers, expander: &Expander) -> QueryPlan {
    let mut plan = QueryPlan::default();
    let still_typing = query.chars().last().is_some_and(|c| c.is_alphanumeric());
    let segments = split_quoted(query);
    let last_free = segments.iter().rposition(|(_, quoted)| !quoted);
    for (i, (text, quoted)) in segments.iter().enumerate() {
        if *quoted {
            let words = analyzers.text_terms(text);
            if !words.is_empty() {
                plan.clauses.push(Clause { spellings: vec![words], ..Clause::default() });
            }
            continue;
        }
        let exact = analyzers.exact_terms(text);
        let stems: Vec<String> = exact.iter().map(|w| analyzers.stem(w)).collect();
        let mut at = 0;
        while at < stems.len() {
            let is_last = Some(i) == last_free && at + 1 == stems.len();
            let (len, mut clause) = expander
                .longest_match(&stems[at..])
                .unwrap_or_else(|| (1, Clause { spellings: vec![vec![stems[at].clone()]], ..Clause::default() }));
            clause.exact = (len == 1).then(|| exact[at].clone());
            clause.prefix = is_last && len == 1 && still_typing && exact[at].chars().count() >= MIN_PREFIX_CHARS;
            plan.clauses.push(clause);
            at += len;
        }
    }
    if query.chars().any(|c| c.is_ascii_digit() || super::analyzer::ascii_digit(c).is_some()) {
        plan.reference_code = analyzers.code_term(query).filter(|c| c.len() >= 4);
    }
    plan
}

/// Quoted phrases (straight, curly or guillemet quotes) and the text between them. An unmatched
/// quote is treated as a space, so `"rolex` searches for rolex.
fn split_quoted(query: &str) -> Vec<(String, bool)> {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    let quotes = query.chars().filter(|c| is_quote(*c)).count();
    let mut usable = quotes - quotes % 2;
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        if is_quote(c) && (quoted || usable > 0) {
            if !current.trim().is_empty() {
                segments.push((std::mem::take(&mut current), quoted));
            }
            current.clear();
            quoted = !quoted;
            usable = usable.saturating_sub(1);
        } else if is_quote(c) {
            current.push(' ');
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        segments.push((current, quoted));
    }
    segments
}

/// Builds the text part of the search. `min_clauses` below the clause count relaxes AND to
/// "at least this many" (used when nothing matches every word).
pub fn text_query(plan: &QueryPlan, fields: &Fields, searcher: &Searcher, min_clauses: usize) -> Box<dyn Query> {
    let clause_queries: Vec<Box<dyn Query>> =
        plan.clauses.iter().map(|c| clause_query(c, fields, searcher)).collect();
    let words: Box<dyn Query> = if min_clauses >= clause_queries.len() {
        Box::new(BooleanQuery::new(clause_queries.into_iter().map(|q| (Occur::Must, q)).collect()))
    } else {
        Box::new(BooleanQuery::with_minimum_required_clauses(
            clause_queries.into_iter().map(|q| (Occur::Should, q)).collect(),
            min_clauses.max(1),
        ))
    };
    let Some(code) = &plan.reference_code else { return words };
    // A reference number typed whole or in part lifts the listings that carry it.
    let term = Term::from_field_text(fields.reference_code, code);
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, words),
        (Occur::Should, boosted(Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)), 4.0)),
        (Occur::Should, boosted(Box::new(FuzzyTermQuery::new_prefix(term, 0, false)), 2.0)),
    ]))
}

fn clause_query(clause: &Clause, fields: &Fields, searcher: &Searcher) -> Box<dyn Query> {
    let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
    // A several-word spelling that contains a one-word spelling of the same clause matches no
    // listing the one word does not (ساعة يد ⊂ ساعة); its phrase query would only cost time.
    let single: Vec<&str> = clause.spellings.iter().filter(|s| s.len() == 1).map(|s| s[0].as_str()).collect();
    for (i, spelling) in clause.spellings.iter().enumerate() {
        if spelling.len() > 1 && spelling.iter().any(|w| single.contains(&w.as_str())) {
            continue;
        }
        for (field, boost) in fields.weighted_text_fields() {
            if field == fields.description && (i > 0 || spelling.len() > 1) {
                // Descriptions are matched on the word as typed only: a synonym found in a
                // description ("comes with its dust bag") is more often noise than intent, and
                // long descriptions make the most expensive postings and phrase checks.
                continue;
            }
            let query: Box<dyn Query> = if spelling.len() == 1 {
                Box::new(TermQuery::new(Term::from_field_text(field, &spelling[0]), IndexRecordOption::WithFreqs))
            } else {
                let terms = spelling.iter().map(|w| Term::from_field_text(field, w)).collect();
                Box::new(PhraseQuery::new(terms))
            };
            disjuncts.push(boosted(query, boost));
        }
    }
    if let Some(exact) = &clause.exact {
        let term = Term::from_field_text(fields.all_exact, exact);
        let known = searcher.doc_freq(&term).unwrap_or(0) > 0;
        disjuncts.push(boosted(Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)), 1.0));
        let distance = typo_budget(exact);
        if !known && distance > 0 {
            disjuncts.push(boosted(Box::new(FuzzyTermQuery::new(term.clone(), distance, true)), 0.6));
        }
        if clause.prefix {
            disjuncts.push(boosted(Box::new(FuzzyTermQuery::new_prefix(term, 0, false)), 0.8));
        }
    }
    // A brand or category the words name scores above any text match, so a watch whose title
    // says watch beats a smartwatch that says it too; the text then orders within (tie-breaker).
    let keys = clause.brands.iter().map(|b| (fields.brand_key, b, Fields::BRAND_SCORE));
    let keys = keys.chain(clause.categories.iter().map(|c| (fields.category_key, c, Fields::CATEGORY_SCORE)));
    for (field, slug, score) in keys {
        let term = Term::from_field_text(field, slug);
        disjuncts.push(boosted(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)), score));
    }
    Box::new(DisjunctionMaxQuery::with_tie_breaker(disjuncts, TIE_BREAKER))
}

/// How many typos a word tolerates: none for short words and numbers.
pub fn typo_budget(word: &str) -> u8 {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        n if n >= TWO_TYPOS_FROM_CHARS => 2,
        n if n >= ONE_TYPO_FROM_CHARS => 1,
        _ => 0,
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 { query } else { Box::new(BoostQuery::new(query, boost)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Brand, Dictionaries};

    fn setup() -> (Analyzers, Expander) {
        let dictionaries = Dictionaries {
            brands: vec![Brand {
                name: "Rolex".into(),
                slug: "rolex".into(),
                name_ar: "رولكس".into(),
                aliases: vec!["روليكس".into()],
                tier: None,
            }],
            categories: vec![],
            synonyms: vec![vec!["شنطة".into(), "حقيبة".into(), "bag".into()]],
        };
        let analyzers = Analyzers::new(&dictionaries);
        let expander = Expander::new(&Lexicon::new(dictionaries), &analyzers);
        (analyzers, expander)
    }

    #[test]
    fn brand_spellings_become_one_clause() {
        let (a, e) = setup();
        let plan = plan_query("روليكس ", &a, &e);
        assert_eq!(plan.clauses.len(), 1);
        let spellings = &plan.clauses[0].spellings;
        assert!(spellings.contains(&vec!["rolex".to_string()]), "{spellings:?}");
        assert!(spellings.contains(&vec!["رولكس".to_string()]), "{spellings:?}");
        assert!(!plan.clauses[0].prefix, "a finished word is not a prefix");
    }

    #[test]
    fn synonyms_and_prefix_of_the_last_word() {
        let (a, e) = setup();
        let plan = plan_query("شنطه رول", &a, &e);
        assert_eq!(plan.clauses.len(), 2);
        assert!(plan.clauses[0].spellings.contains(&vec!["bag".to_string()]));
        assert!(plan.clauses[1].prefix);
        assert_eq!(plan.clauses[1].exact.as_deref(), Some("رول"));
    }

    #[test]
    fn quotes_make_phrases_and_unbalanced_quotes_are_ignored() {
        assert_eq!(split_quoted(r#"ساعة "date just" 41"#), vec![
            ("ساعة ".to_string(), false),
            ("date just".to_string(), true),
            (" 41".to_string(), false),
        ]);
        assert_eq!(split_quoted(r#""rolex"#), vec![(" rolex".to_string(), false)]);
    }

    #[test]
    fn typo_budget_scales_with_length() {
        assert_eq!(typo_budget("رولكس"), 1);
        assert_eq!(typo_budget("rolx"), 0);
        assert_eq!(typo_budget("submariner"), 2);
        assert_eq!(typo_budget("126610"), 0);
    }

    #[test]
    fn reference_numbers_are_recognised() {
        let (a, e) = setup();
        assert_eq!(plan_query("126610LN", &a, &e).reference_code.as_deref(), Some("126610ln"));
        assert_eq!(plan_query("شنطة", &a, &e).reference_code, None);
    }
}
