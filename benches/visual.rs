//! Criterion benches for visual lookup's per-photo work: decoding and CLIP preprocessing of a
//! catalogue photo, of OpenAI's reference photo and of a 12-megapixel phone photo; one photo
//! through the bundled model; and a search of the bundled catalogue's vectors.
//!
//! `cargo bench --bench visual`. Embedding throughput against Python is
//! `benches/embed_throughput.rs`; 100,000 and 1,000,000 vectors are `benches/visual_scale.rs`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dalil::vision::{preprocess, EmbedderOptions, ImageEmbedder, PreprocessConfig};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A phone-sized JPEG (4000 x 3000) with texture, made once: the usual upload.
fn phone_photo() -> Vec<u8> {
    let image = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let v = ((x * 7 + y * 13) ^ (x / 5 * y / 7)) as u8;
        image::Rgb([v, v.wrapping_mul(3), 255 - v])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&image).expect("jpeg");
    out.into_inner()
}

fn preprocessing(c: &mut Criterion) {
    let config = PreprocessConfig::clip(224);
    let catalogue = std::fs::read(root().join("datasets/images/lst-0000001.jpg")).expect("a catalogue photo");
    let kafka = std::fs::read(root().join("tests/fixtures/clip/franz-kafka.jpg")).expect("the reference photo");
    let phone = phone_photo();
    let mut group = c.benchmark_group("preprocess");
    for (name, bytes) in [("catalogue", &catalogue), ("franz-kafka", &kafka), ("phone-12mp", &phone)] {
        let tensor = preprocess(bytes, &config).expect("decodes");
        assert_eq!(tensor.as_slice().len(), 3 * 224 * 224);
        group.throughput(Throughput::Elements(1));
        group.bench_function(name, |b| b.iter(|| preprocess(black_box(bytes), &config).expect("decodes")));
    }
    // Where a phone photo's time goes: decoding alone.
    group.bench_function("phone-12mp/decode only", |b| {
        b.iter(|| dalil::vision::decode(black_box(&phone), &config.limits, true).expect("decodes"))
    });
    group.finish();

    let embedder = ImageEmbedder::load(&root().join(dalil::cli::DEFAULT_MODEL_DIR), EmbedderOptions::default()).expect("bundled model");
    let tensor = preprocess(&catalogue, embedder.preprocess_config()).expect("decodes");
    let batch: Vec<_> = (0..16).map(|_| tensor.clone()).collect();
    let mut group = c.benchmark_group("embed/bundled-model");
    group.throughput(Throughput::Elements(1));
    group.bench_function("one photo", |b| b.iter(|| embedder.embed_one(black_box(&tensor)).expect("inference")));
    group.throughput(Throughput::Elements(16));
    group.bench_function("batch of 16", |b| b.iter(|| embedder.embed(black_box(&batch)).expect("inference")));
    group.finish();
}

criterion_group!(benches, preprocessing);
criterion_main!(benches);
