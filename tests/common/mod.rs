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

/// The PostgreSQL server tests use (`DALIL_TEST_DATABASE_URL`, default: this machine's).
pub fn test_server_url() -> String {
    std::env::var("DALIL_TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh, empty database for one test, so tests run in parallel without sharing state.
/// Returns its URL; call [`drop_database`] at the end.
pub async fn fresh_database(name_hint: &str) -> String {
    use sqlx::Connection;
    let server = test_server_url();
    let name = format!("dalil_test_{name_hint}_{}_{}", std::process::id(), rand_suffix());
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base).to_string();
    format!("{base}/{name}")
}

pub async fn drop_database(url: &str) {
    use sqlx::Connection;
    let name = url.rsplit_once('/').expect("a database URL").1;
    let mut admin = sqlx::PgConnection::connect(&test_server_url()).await.expect("the test PostgreSQL server");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.expect("drop database");
}

fn rand_suffix() -> u32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos())
}

/// A fresh database, migrated, holding the fixture catalogue (22 listings, 20 active).
pub async fn database_with_fixture(name_hint: &str) -> (String, sqlx::PgPool) {
    let url = fresh_database(name_hint).await;
    let pool = dalil::db::connect(&url).await.expect("connect");
    dalil::db::migrate(&pool).await.expect("migrate");
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo_path("tests/fixtures/listings.jsonl"), data.path().join("listings.jsonl")).expect("copy fixture");
    dalil::db::load_dataset(&pool, data.path()).await.expect("load the fixture");
    (url, pool)
}

/// Waits (up to five seconds) until no outbox row is above the drain horizon. Transaction ids
/// are cluster-wide, so other tests' open transactions can hold the horizon back for a moment.
pub async fn wait_for_horizon(pool: &sqlx::PgPool) {
    for _ in 0..100 {
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM dalil_outbox WHERE txid >= pg_snapshot_xmin(pg_current_snapshot())",
        )
        .fetch_one(pool)
        .await
        .expect("outbox count");
        if pending == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A running `dalil serve`, its address, and the rest of its log.
pub struct Served {
    pub child: std::process::Child,
    pub addr: String,
    logs: Option<std::io::BufReader<std::process::ChildStderr>>,
}

/// Starts `dalil serve` on a free port with these extra arguments; waits until it listens.
pub fn serve(args: &[&std::ffi::OsStr]) -> Served {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dalil"))
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
                return Served { child, addr, logs: Some(logs) };
            }
        }
        line.clear();
    }
    panic!("dalil serve exited before listening");
}

impl Served {
    /// Reads the rest of the log on a thread, so a long-running server never blocks on a full
    /// pipe (the log is then gone for [`stop`]).
    pub fn discard_logs(&mut self) {
        if let Some(mut logs) = self.logs.take() {
            std::thread::spawn(move || std::io::copy(&mut logs, &mut std::io::sink()));
        }
    }
}

/// A GET over a plain TCP socket: status line and body.
pub fn get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

/// A test that fails mid-way must not leave its server running: the server holds the test's
/// output pipes open, so `cargo test | ...` would never end.
impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// SIGTERM, then the rest of the log once it has exited cleanly.
pub fn stop(mut served: Served) -> String {
    use std::io::Read;
    let status = std::process::Command::new("kill").arg("-TERM").arg(served.child.id().to_string()).status().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    if let Some(logs) = served.logs.as_mut() {
        logs.read_to_string(&mut rest).unwrap();
    }
    assert!(served.child.wait().unwrap().success(), "a clean exit after SIGTERM; logs: {rest}");
    rest
}
