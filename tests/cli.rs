//! The `dalil` binary: index, search, analyze, as a user runs them.

mod common;

use std::process::Command;

fn dalil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dalil"))
}

fn stdout_lines(output: &std::process::Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone()).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn lucene_arabic_cases_pass_through_dalil_analyze() {
    // Lucene TestArabicNormalizationFilter: normalisation alone is the `exact` analysis.
    let normalization = [
        ("آجن", "اجن"), ("أحمد", "احمد"), ("إعاذ", "اعاذ"), ("بنى", "بني"), ("فاطمة", "فاطمه"),
        ("روبرـــــت", "روبرت"), ("مَبنا", "مبنا"), ("علِي", "علي"), ("بُوات", "بوات"), ("ولداً", "ولدا"),
        ("ولدٍ", "ولد"), ("ولدٌ", "ولد"), ("نلْسون", "نلسون"), ("هتميّ", "هتمي"),
    ];
    for (input, expected) in normalization {
        let out = dalil().args(["analyze", "--field", "exact", input]).output().unwrap();
        assert!(out.status.success());
        assert_eq!(stdout_lines(&out), [expected], "normalizing {input}");
    }
    // Lucene TestArabicStemFilter through the full title analysis (which lowercases Latin).
    let stemming = [
        ("الحسن", "حسن"), ("والحسن", "حسن"), ("بالحسن", "حسن"), ("كالحسن", "حسن"), ("فالحسن", "حسن"),
        ("للاخر", "اخر"), ("وحسن", "حسن"), ("زوجها", "زوج"), ("ساهدان", "ساهد"), ("ساهدات", "ساهد"),
        ("ساهدون", "ساهد"), ("ساهدين", "ساهد"), ("ساهديه", "ساهد"), ("ساهدية", "ساهد"), ("ساهده", "ساهد"),
        ("ساهدة", "ساهد"), ("ساهدي", "ساهد"), ("وساهدون", "ساهد"), ("ساهدهات", "ساهد"), ("الو", "الو"),
        ("English", "english"),
    ];
    for (input, expected) in stemming {
        let out = dalil().args(["analyze", input]).output().unwrap();
        assert_eq!(stdout_lines(&out), [expected], "stemming {input}");
    }
}

#[test]
fn analyze_shows_brand_protection_and_digit_folding() {
    let out = dalil().args(["analyze", "آيفون ١٥ Hermès"]).output().unwrap();
    assert_eq!(stdout_lines(&out), ["ايفون", "15", "hermes"]);
}

#[test]
fn index_then_search_json_is_the_http_body() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let listings = common::repo_path("tests/fixtures/listings.jsonl");
    let out = dalil()
        .args(["index", "--quiet", "--listings"])
        .arg(&listings)
        .arg("--index-dir")
        .arg(&index_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = dalil()
        .arg("search")
        .arg("--index-dir")
        .arg(&index_dir)
        .args(["--json", "--brand", "chanel", "شنطة"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["total"], 2);
    assert!(body["facets"]["brand"].as_array().unwrap().len() >= 2);
}

#[test]
fn invalid_input_is_reported_by_file_and_line_and_leaves_the_index_alone() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let good = common::repo_path("tests/fixtures/listings.jsonl");
    let status = dalil().args(["index", "-q", "--listings"]).arg(&good).arg("--index-dir").arg(&index_dir).status().unwrap();
    assert!(status.success());

    let mut bad = std::fs::read(&good).unwrap();
    bad.extend_from_slice(b"{\"id\":\"x1\",\"title\":\"\xff\xfe\",\"category\":\"bags\",\"condition\":\"new\",\"price\":5}\n");
    bad.extend_from_slice(b"{\"id\":\"x2\",\"title\":\"t\",\"category\":\"bags\",\"condition\":\"new\",\"price\":-5}\n");
    let bad_path = dir.path().join("bad.jsonl");
    std::fs::write(&bad_path, &bad).unwrap();
    let out = dalil().args(["index", "-q", "--listings"]).arg(&bad_path).arg("--index-dir").arg(&index_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:23: invalid UTF-8"), "{stderr}");

    // The old index still answers, unchanged.
    let out = dalil().arg("search").arg("--index-dir").arg(&index_dir).args(["--json", "rolex"]).output().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["total"], 2);

    let out = dalil()
        .args(["index", "-q", "--skip-invalid", "--listings"])
        .arg(&bad_path)
        .arg("--index-dir")
        .arg(&index_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:23:") && stderr.contains("bad.jsonl:24: listing x2: price must be greater than 0"), "{stderr}");
    assert!(stderr.contains("2 invalid lines skipped"), "{stderr}");
}

#[test]
fn bad_search_input_exits_2_with_a_message() {
    let (dir, _index) = common::fixture_index();
    for args in [vec!["--json", ""], vec!["--price-min", "-5", "rolex"], vec!["--limit", "100000", "rolex"], vec!["--category", "nope", "rolex"]] {
        let out = dalil().arg("search").arg("--index-dir").arg(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "), "{args:?}");
    }
}

/// `dalil serve` on the fixture data: builds its index on first run, answers over a real
/// socket, and stops cleanly on SIGTERM.
#[test]
fn serve_builds_its_index_answers_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read, Write};

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(common::repo_path("tests/fixtures/listings.jsonl"), data.join("listings.jsonl")).unwrap();
    let mut child = dalil()
        .args(["--log-format", "json", "serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .arg("--index-dir")
        .arg(dir.path().join("index"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut logs = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut line = String::new();
    while addr.is_none() && logs.read_line(&mut line).unwrap() > 0 {
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) {
            if event["fields"]["message"] == "dalil is serving" {
                addr = event["fields"]["addr"].as_str().map(str::to_string);
            }
        }
        line.clear();
    }
    let addr = addr.expect("the server logs its address");

    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /api/search?q=rolex HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"total\":2"), "{response}");

    let status = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    logs.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "a clean exit after SIGTERM; logs: {rest}");
    assert!(rest.contains("stopped"), "{rest}");
}
