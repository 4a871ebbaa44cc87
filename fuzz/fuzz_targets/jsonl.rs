//! One line of a listings, sales or subjects file; subjects are also estimated against the
//! bundled sales.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn book() -> &'static dalil::pricing::SalesBook {
    static BOOK: OnceLock<dalil::pricing::SalesBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let sales = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/sales.jsonl");
        dalil::fuzzing::load_book(&sales)
    })
}

fuzz_target!(|data: &[u8]| {
    dalil::fuzzing::jsonl_line(Some(book()), data);
});
