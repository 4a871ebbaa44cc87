//! The `dalil` binary: index, search, analyze, as a user runs them.

mod common;

use common::{get, serve, stop};

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

/// Slow clients cannot hold connections: headers trickled in (slowloris) are cut off after
/// `--header-timeout-secs`, while other clients are served.
#[test]
fn serve_cuts_off_slow_headers() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(common::repo_path("tests/fixtures/listings.jsonl"), data.join("listings.jsonl")).unwrap();
    let index = dir.path().join("index");
    let served = serve(&[
        "--data-dir".as_ref(),
        data.as_os_str(),
        "--index-dir".as_ref(),
        index.as_os_str(),
        "--header-timeout-secs".as_ref(),
        "1".as_ref(),
    ]);
    let mut slow = std::net::TcpStream::connect(&served.addr).unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let started = std::time::Instant::now();
    slow.write_all(b"GET /api/search?q=rolex HTTP/1.1\r\nHost: dalil\r\nX-Slow: ").unwrap();
    let mut answer = Vec::new();
    // The server closes the connection (perhaps after a 408); it never waits for the rest.
    let _ = slow.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(waited < std::time::Duration::from_secs(5), "slow headers held the connection for {waited:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Other clients were served all along.
    let (status, _) = get(&served.addr, "/health");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
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

/// `dalil serve --database-url` keeps the vectors and the pricing frames in step with the
/// database too: listing photos are embedded from the snapshot, a changed photo is embedded
/// again, a sold listing leaves photo search, and completed sales inserted while serving enter
/// the price estimates.
#[tokio::test(flavor = "multi_thread")]
async fn serve_with_a_database_keeps_photos_and_prices_in_step() {
    // The fixture catalogue with bundled photos, and the bundled watch sales (no bag sales yet).
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir(data.path().join("images")).unwrap();
    let bundled = common::repo_path("datasets");
    let photo = |n: usize| format!("images/lst-{n:07}.jpg");
    for n in 1..=8 {
        std::fs::copy(bundled.join(photo(n)), data.path().join(photo(n))).unwrap();
    }
    let fixture = std::fs::read_to_string(common::repo_path("tests/fixtures/listings.jsonl")).unwrap();
    let mut listings = String::new();
    for (i, line) in fixture.lines().enumerate() {
        let mut listing: serde_json::Value = serde_json::from_str(line).unwrap();
        if i < 6 {
            listing["images"] = serde_json::json!([photo(i + 1)]);
        }
        listings.push_str(&listing.to_string());
        listings.push('\n');
    }
    std::fs::write(data.path().join("listings.jsonl"), &listings).unwrap();
    let refs: Vec<String> = fixture.lines().take(6).map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect();
    let sales = std::fs::read_to_string(bundled.join("sales.jsonl")).unwrap();
    let of_category = |category: &str| -> String {
        sales.lines().filter(|l| l.contains(&format!("\"category\":\"{category}\""))).map(|l| format!("{l}\n")).collect()
    };
    let watch_sales = of_category("watches");
    assert!(watch_sales.lines().count() > 1000);
    std::fs::write(data.path().join("sales.jsonl"), &watch_sales).unwrap();

    let url = common::fresh_database("serve_visual").await;
    let pool = dalil::db::connect(&url).await.unwrap();
    dalil::db::migrate(&pool).await.unwrap();
    dalil::db::load_dataset(&pool, data.path()).await.unwrap();
    // Served listings carry the database's product ids.
    let mut ids = Vec::new();
    for external in &refs {
        ids.push(sqlx::query_scalar::<_, String>("SELECT id::text FROM products WHERE external_ref = $1").bind(external).fetch_one(&pool).await.unwrap());
    }
    let index = tempfile::tempdir().unwrap();
    let served = serve(&[
        "--database-url".as_ref(),
        url.as_ref(),
        "--index-dir".as_ref(),
        index.path().as_os_str(),
        "--data-dir".as_ref(),
        data.path().as_os_str(),
    ]);
    let addr = served.addr.clone();
    let client = reqwest::Client::new();
    let search_photo = |bytes: Vec<u8>| {
        let (client, addr) = (client.clone(), addr.clone());
        async move {
            let r = client.post(format!("http://{addr}/api/search/image?limit=3")).header("content-type", "image/jpeg").body(bytes).send().await.unwrap();
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(status, 200, "{body}");
            body["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    let until = |what: &'static str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        move |done: bool| {
            assert!(done || std::time::Instant::now() < deadline, "timed out waiting until {what}");
            done
        }
    };
    let read_photo = |n: usize| std::fs::read(data.path().join(photo(n))).unwrap();

    // The snapshot's photos are embedded: each finds its own listing first.
    let waiting = until("the snapshot's photos are embedded");
    while !waiting(search_photo(read_photo(1)).await.first() == Some(&ids[0])) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(search_photo(read_photo(2)).await.first(), Some(&ids[1]));

    // A new photo for the first listing (a photo no listing had): it is embedded again.
    assert_ne!(search_photo(read_photo(7)).await.first(), Some(&ids[0]));
    sqlx::query("UPDATE product_images SET url = $1 WHERE product_id = (SELECT id FROM products WHERE external_ref = $2)")
        .bind(photo(7))
        .bind(&refs[0])
        .execute(&pool)
        .await
        .unwrap();
    let waiting = until("the changed photo is embedded");
    while !waiting(search_photo(read_photo(7)).await.first() == Some(&ids[0])) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The second listing is sold: photo search no longer offers it.
    sqlx::query("UPDATE products SET status = 'sold' WHERE external_ref = $1").bind(&refs[1]).execute(&pool).await.unwrap();
    let waiting = until("the sold listing leaves photo search");
    while !waiting(!search_photo(read_photo(2)).await.contains(&ids[1])) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Prices come from the database's completed sales: watches yes, bags not yet.
    let estimate = |query: &'static str| {
        let addr = addr.clone();
        async move { get(&addr, &format!("/api/prices/estimate?{query}")) }
    };
    let watch = "category=watches&brand=Rolex&model=Submariner+Date&condition=excellent";
    let bag = "category=bags&brand=Chanel&model=Classic+Flap&condition=very_good";
    assert!(estimate(watch).await.0.contains(" 200 "), "a watch estimate from the database's sales");
    let (status, body) = estimate(bag).await;
    assert!(status.starts_with("HTTP/1.1 4"), "{status} {body}");
    // Bag sales completed while serving enter the estimates.
    let more = tempfile::tempdir().unwrap();
    std::fs::write(more.path().join("listings.jsonl"), &listings).unwrap();
    std::fs::write(more.path().join("sales.jsonl"), of_category("bags")).unwrap();
    dalil::db::load_dataset(&pool, more.path()).await.unwrap();
    let waiting = until("the new sales enter the estimates");
    while !waiting(estimate(bag).await.0.contains(" 200 ")) {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (_, body) = estimate(bag).await;
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(body["comparables"].as_array().is_some_and(|c| !c.is_empty()), "{body}");

    stop(served);
    pool.close().await;
    common::drop_database(&url).await;
}

/// `kill -9` of `dalil index` at moments spread over a rebuild (during parsing, writing
/// segments, the commit, the switch): the index folder then holds either the old generation or
/// the complete new one, never a mix, and `dalil serve` starts on it and serves it.
#[test]
fn kill_9_during_a_rebuild_leaves_an_index_that_serves() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let build = |listings: &std::path::Path| {
        dalil().args(["index", "--quiet", "--listings"]).arg(listings).arg("--index-dir").arg(&index_dir).spawn().unwrap()
    };
    let small = common::repo_path("tests/fixtures/listings.jsonl");
    let large = common::repo_path("datasets/listings.jsonl");
    assert!(build(&small).wait().unwrap().success());
    let old = dalil::search::SearchIndex::open(&index_dir).unwrap().num_docs();
    // How long a full rebuild takes here, and what it holds, from an undisturbed run elsewhere.
    let reference = dir.path().join("reference");
    let started = std::time::Instant::now();
    let status = dalil().args(["index", "--quiet", "--listings"]).arg(&large).arg("--index-dir").arg(&reference).status().unwrap();
    assert!(status.success());
    let full_build = started.elapsed();
    let new = dalil::search::SearchIndex::open(&reference).unwrap().num_docs();
    assert_ne!(old, new);
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..8u32 {
        let mut child = build(&large);
        std::thread::sleep(full_build.mul_f64(f64::from(round) / 7.0 * 1.1));
        let _ = child.kill(); // SIGKILL, wherever it is
        let _ = child.wait();
        let served = serve(&["--index-dir".as_ref(), index_dir.as_os_str(), "--data-dir".as_ref(), common::repo_path("datasets").as_os_str()]);
        let (status, body) = get(&served.addr, "/ready");
        assert!(status.starts_with("HTTP/1.1 200"), "round {round}: {status} {body}");
        let ready: serde_json::Value = serde_json::from_str(&body).unwrap();
        let listings = ready["index"]["listings"].as_u64().unwrap();
        assert!(listings == old || listings == new, "round {round}: {listings} listings, neither the old {old} nor the new {new}");
        let (status, _) = get(&served.addr, "/api/search?q=rolex");
        assert!(status.starts_with("HTTP/1.1 200"), "round {round}: {status}");
        drop(served);
        *outcomes.entry(listings).or_insert(0) += 1;
        // Back to the old generation for the next round, through the same atomic switch.
        assert!(build(&small).wait().unwrap().success());
    }
    // No leftovers from the killed builds once a build has run again.
    let leftovers: Vec<_> = std::fs::read_dir(&index_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".building"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("outcomes (listings served -> rounds): {outcomes:?}");
}
