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

/// A running `dalil serve`, its address, and the rest of its log.
struct Served {
    child: std::process::Child,
    addr: String,
    logs: std::io::BufReader<std::process::ChildStderr>,
}

/// Starts `dalil serve` on a free port with these extra arguments; waits until it listens.
fn serve(args: &[&std::ffi::OsStr]) -> Served {
    use std::io::BufRead;
    let mut child = dalil()
        .args(["--log-format", "json", "serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut logs = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while logs.read_line(&mut line).unwrap() > 0 {
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) {
            if event["fields"]["message"] == "dalil is serving" {
                let addr = event["fields"]["addr"].as_str().unwrap().to_string();
                return Served { child, addr, logs };
            }
        }
        line.clear();
    }
    panic!("dalil serve exited before listening");
}

/// A GET over a plain TCP socket: status line and body.
fn get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

fn stop(mut served: Served) -> String {
    use std::io::Read;
    let status = Command::new("kill").arg("-TERM").arg(served.child.id().to_string()).status().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    served.logs.read_to_string(&mut rest).unwrap();
    assert!(served.child.wait().unwrap().success(), "a clean exit after SIGTERM; logs: {rest}");
    rest
}

/// `dalil serve` on the fixture data: builds its index on first run, answers over a real
/// socket, and stops cleanly on SIGTERM.
#[test]
fn serve_builds_its_index_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(common::repo_path("tests/fixtures/listings.jsonl"), data.join("listings.jsonl")).unwrap();
    let index = dir.path().join("index");
    let served = serve(&["--data-dir".as_ref(), data.as_os_str(), "--index-dir".as_ref(), index.as_os_str()]);
    let (status, body) = get(&served.addr, "/api/search?q=rolex");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(body.contains("\"total\":2"), "{body}");
    let rest = stop(served);
    assert!(rest.contains("stopped"), "{rest}");
}

/// `dalil serve --database-url`: snapshot on first start, then a change made in the database
/// shows in search while it serves.
#[tokio::test(flavor = "multi_thread")]
async fn serve_with_a_database_follows_its_changes() {
    let (url, pool) = common::database_with_fixture("serve").await;
    let index = tempfile::tempdir().unwrap();
    let served = serve(&[
        "--database-url".as_ref(),
        url.as_ref(),
        "--index-dir".as_ref(),
        index.path().as_os_str(),
    ]);
    let total = |addr: &str| -> u64 {
        let (_, body) = get(addr, "/api/search?q=rolex");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"].as_u64().unwrap()
    };
    assert_eq!(total(&served.addr), 2);
    sqlx::query(
        "INSERT INTO products (category_id, brand_id, title, condition, price, status)
         SELECT c.id, b.id, 'Rolex Explorer 40', 'excellent', 480000, 'active'
         FROM categories c, brands b WHERE c.slug = 'watches' AND b.slug = 'rolex'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let started = std::time::Instant::now();
    while total(&served.addr) != 3 && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(total(&served.addr), 3, "the new listing is searchable while serving");
    let (_, ready) = get(&served.addr, "/ready");
    let ready: serde_json::Value = serde_json::from_str(&ready).unwrap();
    assert!(ready["sync"]["changesApplied"].as_u64().unwrap() >= 1, "{ready}");
    let (_, metrics) = get(&served.addr, "/metrics");
    assert!(metrics.contains("dalil_index_listings 21"), "{metrics}");
    assert!(metrics.contains("dalil_sync_batch_changes_count "), "{metrics}");
    assert!(metrics.contains("dalil_sync_lag_seconds "), "{metrics}");
    stop(served);
    pool.close().await;
    common::drop_database(&url).await;
}

/// A generation published by `dalil index` while serving is picked up without a restart.
#[test]
fn serve_picks_up_a_newly_published_index() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let fixture = std::fs::read(common::repo_path("tests/fixtures/listings.jsonl")).unwrap();
    std::fs::write(data.join("listings.jsonl"), &fixture).unwrap();
    let index = dir.path().join("index");
    let served = serve(&["--data-dir".as_ref(), data.as_os_str(), "--index-dir".as_ref(), index.as_os_str()]);
    let total = |q: &str| -> u64 {
        let (_, body) = get(&served.addr, &format!("/api/search?q={q}"));
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"].as_u64().unwrap()
    };
    assert_eq!(total("zznewgen"), 0);

    let mut more = fixture.clone();
    more.extend_from_slice(br#"{"id":"n1","title":"zznewgen bag","category":"bags","condition":"new","price":100}"#);
    more.push(b'\n');
    let next = dir.path().join("next.jsonl");
    std::fs::write(&next, more).unwrap();
    let status = dalil().args(["index", "-q", "--listings"]).arg(&next).arg("--index-dir").arg(&index).status().unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    while total("zznewgen") == 0 && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(total("zznewgen"), 1, "the new generation is served");
    stop(served);
}
