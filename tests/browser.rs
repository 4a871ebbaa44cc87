//! The storefront page in a real browser: `dalil serve` on the bundled data, driven by
//! headless Chromium through playwright-core (`tests/browser/storefront.mjs`).
//!
//! Needs Debian's `chromium` and `npm ci` in `tests/browser`; `scripts/test.sh` (the README's
//! test command) installs both. Screenshots of every step land in `tests/browser/artifacts/`.

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Served(std::process::Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_dalil"))
        .current_dir(root)
        .args(["--log-format", "json", "serve", "--addr", "127.0.0.1:0", "--index-dir"])
        .arg(index.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut logs = std::io::BufReader::new(child.stderr.take().unwrap());
    let served = Served(child);
    let mut addr = None;
    let mut line = String::new();
    while logs.read_line(&mut line).unwrap() > 0 {
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) {
            if event["fields"]["message"] == "dalil is serving" {
                addr = event["fields"]["addr"].as_str().map(str::to_string);
                break;
            }
        }
        line.clear();
    }
    let addr = addr.expect("dalil serve exited before listening");
    // Keep reading the log so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut logs, &mut std::io::sink()));
    wait_for_photos(&addr);
    let artifacts = root.join("tests/browser/artifacts");
    let status = Command::new("node")
        .current_dir(root)
        .arg("tests/browser/storefront.mjs")
        .arg(format!("http://{addr}"))
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
        let body = get(addr, "/ready");
        let ready: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
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

/// A GET over a plain socket; the body, or nothing when the server does not answer.
fn get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else { return String::new() };
    let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}
