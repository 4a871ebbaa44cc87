//! A search URL's query string: parsing, validation, the Arabic analyzer, query planning,
//! collection with facets, suggestions (over the fixture catalogue).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn index() -> &'static dalil::search::SearchIndex {
    static INDEX: OnceLock<(tempfile_dir::Dir, dalil::search::SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile_dir::Dir::new("dalil-fuzz-search");
            let listings = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/listings.jsonl");
            let index = dalil::fuzzing::build_index(&listings, &dir.0);
            (dir, index)
        })
        .1
}

/// A scratch folder for the index, removed when the process ends normally.
mod tempfile_dir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new(prefix: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).expect("a scratch folder");
            Dir(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    dalil::fuzzing::search_query(index(), data);
});
