//! The million-sales scale run for price estimates: load a large sales file into the book
//! (parse, frames, fit, calibration), report the time and the memory it holds, then time
//! estimates of sales drawn from the file.
//!
//! ```sh
//! dalil dataset generate --listings 1 --sales 1000000 --no-images --out /tmp/big   # after copying
//!                                                  # datasets/{brands,categories}.jsonl and synonyms.txt there
//! DALIL_SCALE_SALES=/tmp/big/sales.jsonl cargo bench --bench pricing_scale
//! ```
//! Without `DALIL_SCALE_SALES` it runs on the bundled sales.

#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;

use support::rss_mib;
use std::time::Instant;

use dalil::pricing::{subject_of_record, SalesBook, Settings};


fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_writer(std::io::stderr).init();
    let path = std::env::var_os("DALIL_SCALE_SALES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/sales.jsonl"));
    let before = rss_mib();
    let started = Instant::now();
    // As `dalil estimate` and `dalil serve` load a sales file: records borrowing the mapped
    // file, which is unmapped once the book is built.
    let file = dalil::pricing::load::SalesFile::open(&path).expect("sales");
    let (records, _) = file.records(false).expect("sales");
    let parsed = started.elapsed();
    let n = records.len();
    let fit_started = Instant::now();
    let book = SalesBook::build_from(&records, Settings::default());
    let fitted = fit_started.elapsed();
    let total = started.elapsed();
    // A sample of subjects, taken after the clock stopped.
    let step = (n / 2000).max(1);
    let subjects: Vec<_> = records.iter().step_by(step).map(subject_of_record).collect();
    drop(records);
    drop(file);
    // The book frees its calibration copy on a background thread once it is built; give that
    // a moment so the figure is what the book holds.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let held = rss_mib() - before;
    println!("sales: {n} from {}", path.display());
    println!("load: parse {:.2}s, frames + fit + calibration {:.2}s, total {:.2}s", parsed.as_secs_f64(), fitted.as_secs_f64(), total.as_secs_f64());
    println!("memory held after load: {held:.0} MiB ({:.0} MiB per million sales)", held / n as f64 * 1e6);
    let now = time::OffsetDateTime::now_utc();
    let mut times = Vec::with_capacity(subjects.len());
    let mut refused = 0;
    for s in &subjects {
        let t = Instant::now();
        if book.estimate(s, now).is_err() {
            refused += 1;
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let q = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "estimate ({} subjects, one thread): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {refused} refused",
        times.len(),
        q(0.5),
        q(0.99),
        times[times.len() - 1]
    );
}
