//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dalil::catalog::Dictionaries;
use dalil::search::{build_from_file, BuildOptions, SearchIndex, SearchParams, SearchRequest};

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The hand-written catalogue in tests/fixtures/listings.jsonl, indexed into a fresh folder.
pub fn fixture_index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("temp dir");
    build_from_file(
        &repo_path("tests/fixtures/listings.jsonl"),
        dir.path(),
        Dictionaries::bundled(),
        &BuildOptions::default(),
    )
    .expect("the fixture catalogue indexes");
    let index = SearchIndex::open(dir.path()).expect("the new index opens");
    (dir, index)
}

/// A request from `key=value` pairs, as the HTTP route would parse it.
pub fn request(pairs: &[(&str, &str)]) -> SearchRequest {
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    let params: SearchParams = serde_json::from_value(serde_json::Value::Object(map)).expect("params");
    params.validate(true).expect("a valid request")
}

/// Ids of the hits of a search, best first.
pub fn ids(index: &SearchIndex, pairs: &[(&str, &str)]) -> Vec<String> {
    index.search(&request(pairs)).expect("search").hits.into_iter().map(|h| h.id).collect()
}
