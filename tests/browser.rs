//! The storefront page in a real browser: `dalil serve` on the bundled data, driven by
//! headless Chromium through playwright-core (`tests/browser/storefront.mjs`).
//!
//! Needs Debian's `chromium` and `npm ci` in `tests/browser`; `scripts/test.sh` (the README's
//! test command) installs both. Screenshots of every step land in `tests/browser/artifacts/`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn a_shopper_and_a_seller_can_use_the_storefront_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the browser test needs Chromium at {chromium}: run scripts/test.sh, or apt-get install -y chromium"
    );
    assert!(
        root.join("tests/browser/node_modules/playwright-core").exists(),
        "the browser test needs playwright-core: run scripts/test.sh, or npm ci --prefix tests/browser"
    );
    let index = tempfile::tempdir().unwrap();
    // Tests run in the package root, so the bundled data and model are the defaults.
    let mut served = common::serve(&["--index-dir".as_ref(), index.path().as_os_str()]);
    served.discard_logs();
    wait_for_photos(&served.addr);
    let artifacts = root.join("tests/browser/artifacts");
    let status = Command::new("node")
        .current_dir(root)
        .arg("tests/browser/storefront.mjs")
        .arg(format!("http://{}", served.addr))
        .arg(&artifacts)
        .env("CHROMIUM", &chromium)
        .status()
        .expect("node runs (Debian's nodejs)");
    drop(served);
    assert!(status.success(), "the browser scenarios failed (screenshots in {})", artifacts.display());
}

/// Photo search needs the listing photos embedded; the server does that in the background.
fn wait_for_photos(addr: &str) {
    let started = Instant::now();
    let mut last = None;
    while started.elapsed() < Duration::from_secs(180) {
        let ready: serde_json::Value = serde_json::from_str(&common::get(addr, "/ready").1).unwrap_or_default();
        let vectors = ready["visual"]["vectors"].as_u64();
        if let Some(reason) = ready["visual"]["unavailable"].as_str() {
            panic!("visual lookup is off, so photo search cannot be tested: {reason}");
        }
        if vectors.is_some_and(|n| n > 0) && vectors == last {
            return;
        }
        last = vectors;
        std::thread::sleep(Duration::from_millis(1000));
    }
    panic!("the listing photos were not embedded within 180 s");
}
