//! Every input kept under `fuzz/regressions/` (seeds, and anything a fuzzer once crashed on)
//! replayed through the code the cargo-fuzz targets run (`src/fuzzing.rs`), on every test run.

mod common;

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = common::repo_path("fuzz/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in {}", dir.display());
    files.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

#[test]
fn search_inputs_replay_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let index = dalil::fuzzing::build_index(&common::repo_path("tests/fixtures/listings.jsonl"), dir.path());
    for (path, bytes) in inputs("search") {
        eprintln!("{}", path.display());
        dalil::fuzzing::search_query(&index, &bytes);
    }
}

#[test]
fn jsonl_inputs_replay_without_a_panic() {
    let book = dalil::fuzzing::load_book(&common::repo_path("datasets/sales.jsonl"));
    for (path, bytes) in inputs("jsonl") {
        eprintln!("{}", path.display());
        dalil::fuzzing::jsonl_line(Some(&book), &bytes);
    }
}

#[test]
fn photo_inputs_replay_without_a_panic() {
    for (path, bytes) in inputs("image") {
        eprintln!("{}", path.display());
        dalil::fuzzing::photo(&bytes);
    }
}
