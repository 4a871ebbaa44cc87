//! Embedding throughput of an image model in Dalil's embedder, beside Python `onnxruntime`
//! running the same model file in the same run (`models/bench_onnxruntime.py`).
//!
//! ```sh
//! python3 models/generate.py --vit-b32 models/vit-b32-random     # ViT-B/32 shape, random weights
//! DALIL_EMBED_MODEL=models/vit-b32-random cargo bench --bench embed_throughput
//! ```
//! Without `DALIL_EMBED_MODEL` it measures the bundled model. Inputs are random CLIP-normalised
//! tensors, so preprocessing is not included on either side (`cargo bench --bench visual` times
//! it). Dalil's figure is what the catalogue embedding job does: batches spread over the
//! session pool by rayon, both cores busy. Python's is one session with two intra-op threads,
//! the usual way to run it, at its best batch size.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dalil::vision::{EmbedderOptions, ImageEmbedder, ImageTensor};
use rayon::prelude::*;

/// Time spent per configuration, after warm-up.
const BUDGET: Duration = Duration::from_secs(12);

fn random_tensors(n: usize, size: u32, seed: u64) -> Vec<ImageTensor> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            let data = (0..3 * size as usize * size as usize)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((state >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0
                })
                .collect();
            ImageTensor::from_vec(size, data).expect("a square tensor")
        })
        .collect()
}

/// Images per second when `images` are embedded in batches of `batch`, spread over the pool.
fn throughput(embedder: &ImageEmbedder, images: &[ImageTensor], batch: usize) -> (f64, usize) {
    let run = || {
        images.par_chunks(batch).for_each(|chunk| {
            let out = embedder.embed(chunk).expect("inference");
            assert_eq!(out.len(), chunk.len());
            assert_eq!(out[0].len(), embedder.embedding_dim());
        })
    };
    run();
    let started = Instant::now();
    let mut done = 0;
    while started.elapsed() < BUDGET {
        run();
        done += images.len();
    }
    (done as f64 / started.elapsed().as_secs_f64(), done)
}

/// One photo at a time, as a shopper's upload is embedded: milliseconds per image.
fn single_latency(embedder: &ImageEmbedder, image: &ImageTensor) -> (f64, f64) {
    embedder.embed_one(image).expect("inference");
    let mut times = Vec::new();
    let started = Instant::now();
    while started.elapsed() < BUDGET {
        let t = Instant::now();
        embedder.embed_one(image).expect("inference");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[(times.len() * 99 / 100).min(times.len() - 1)])
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let model = std::env::var_os("DALIL_EMBED_MODEL").map(PathBuf::from).unwrap_or_else(|| root.join(dalil::cli::DEFAULT_MODEL_DIR));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("model: {}", model.display());
    println!("machine: {cores} cores");

    let mut best = 0.0f64;
    for (sessions, threads) in [(cores, 1), (1, cores)] {
        let options = EmbedderOptions { sessions, intra_threads: threads, ..EmbedderOptions::default() };
        let load = Instant::now();
        let embedder = ImageEmbedder::load(&model, options).expect("the model loads in ONNX Runtime");
        println!("dalil: {sessions} session(s) x {threads} intra-op thread(s), loaded in {:.2} s", load.elapsed().as_secs_f64());
        let size = embedder.preprocess_config().size;
        for batch in [1, 8, 16] {
            let images = random_tensors(batch * sessions * 2, size, batch as u64);
            let (rate, n) = throughput(&embedder, &images, batch);
            best = best.max(rate);
            println!("dalil: sessions={sessions} threads={threads} batch={batch} images={n} images_per_s={rate:.2}");
        }
        if sessions == cores {
            let (p50, p99) = single_latency(&embedder, &random_tensors(1, size, 99)[0]);
            println!("dalil: one photo at a time: p50 {p50:.1} ms, p99 {p99:.1} ms");
        }
    }

    // The same model file in Python onnxruntime, in the same run.
    let script = root.join("models/bench_onnxruntime.py");
    let output = std::process::Command::new("python3")
        .arg(&script)
        .arg(&model)
        .args(["--batch", "1", "8", "16", "--threads"])
        .arg(cores.to_string())
        .args(["--seconds", &BUDGET.as_secs().to_string()])
        .output();
    let mut python_best = 0.0f64;
    match output {
        Ok(out) if out.status.success() => {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                println!("python: {line}");
                if let Some(rate) = line.split_whitespace().find_map(|w| w.strip_prefix("images_per_s=")) {
                    python_best = python_best.max(rate.parse().unwrap_or(0.0));
                }
            }
        }
        Ok(out) => println!("python: failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => println!("python: cannot run python3: {e}"),
    }
    if python_best > 0.0 {
        println!("best: dalil {best:.2} images/s, python onnxruntime {python_best:.2} images/s, ratio {:.2}", best / python_best);
    }
}
