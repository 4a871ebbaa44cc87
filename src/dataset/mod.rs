//! The bundled demo dataset: a deterministic generator of a realistic Egyptian/Gulf luxury
//! resale marketplace.
//!
//! Dalil ships with data so that search, visual lookup and price estimates can be tried, tested
//! and benchmarked without a customer's database. Real marketplace data cannot be shipped, so it
//! is generated, and generated to be hard in the ways real data is hard:
//!
//! - `listings.jsonl`: storefront listings whose titles and descriptions are written the way
//!   sellers write them (Egyptian and Gulf Arabic, English, and both mixed; brands and models in
//!   every spelling, Arabic-Indic digits, typos, emojis), with category-specific attributes, a
//!   Zipf-like brand mix, sellers of four trust levels in fourteen cities (about 90% in Egypt),
//!   and about one listing in eight not on the storefront (sold, reserved, draft, in review,
//!   expired). See `text.rs` and `listings.rs`.
//! - `sales.jsonl`: three years of completed sales before the dataset date, with a price
//!   structure an estimator can learn but not read off: condition, age, completeness, carats,
//!   gold prices, the March 2024 devaluation of the pound, brand trends and noise. The structure
//!   is documented in full in `pricing.rs`.
//! - `images/<listing id>.jpg`: one small procedural product photo per listing (`photo.rs`).
//!
//! The catalogue of real models, references and prices is the table in `table.rs`. Brand names
//! come from the user-editable `brands.jsonl` in the output folder, so a listing's `brand` is
//! always a canonical name that search knows.
//!
//! Everything is a function of the options: every record is made from its own ChaCha8 stream
//! keyed by (seed, kind, index), times come from a fixed dataset date (2026-11-01), and nothing
//! iterates a hash map. The same options give byte-identical files, and a million listings
//! stream to disk in bounded memory. Files are written under temporary names and renamed at the
//! end, so an interrupted run leaves the previous dataset intact.
//!
//! ```no_run
//! use dalil::dataset::{generate, GenerateOptions};
//! # fn main() -> anyhow::Result<()> {
//! let opts = GenerateOptions { listings: 1_000, sales: 20_000, ..GenerateOptions::default() };
//! let summary = generate(&opts, &mut |stage, done, total| eprintln!("{stage}: {done}/{total}"))?;
//! println!("{} listings, {} sales, {} bytes", summary.listings, summary.sales, summary.bytes_written);
//! # Ok(())
//! # }
//! ```

mod calendar;
mod catalogue;
mod item;
mod listings;
mod photo;
mod pricing;
mod random;
mod sales;
mod table;
mod text;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use crate::catalog::{Dictionaries, ListingStatus};

/// JPEG quality of the photos: high enough that textures survive, low enough that 5,000 photos
/// stay within the dataset's size budget.
const JPEG_QUALITY: u8 = 80;

/// How often the progress callback is called, in records.
const PROGRESS_EVERY: u64 = 500;

/// What to generate and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// The dataset folder: it must hold `brands.jsonl` and `categories.jsonl` (and optionally
    /// `synonyms.txt`); the generated files are written next to them.
    pub out_dir: PathBuf,
    /// Number of storefront listings.
    pub listings: usize,
    /// Number of completed sales.
    pub sales: usize,
    /// Seed of every random choice: the same seed gives the same bytes.
    pub seed: u64,
    /// Whether to draw one photo per listing into `images/`. When false, listings carry no
    /// image paths and an existing `images/` folder is left as it is.
    pub images: bool,
    /// Photo width and height in pixels.
    pub image_size: u32,
}

impl Default for GenerateOptions {
    /// The bundled dataset: 5,000 listings and 24,000 sales, which fits the repository's size
    /// budget (under 35 MB with the photos and dictionaries).
    fn default() -> Self {
        GenerateOptions {
            out_dir: PathBuf::from("datasets"),
            listings: 5_000,
            sales: 24_000,
            seed: 20_261_123,
            images: true,
            image_size: 96,
        }
    }
}

/// What a run wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    pub listings: usize,
    pub sales: usize,
    pub images: usize,
    /// Total size of the files written (listings, sales and photos).
    pub bytes_written: u64,
}

const LISTINGS_FILE: &str = "listings.jsonl";
const SALES_FILE: &str = "sales.jsonl";
const IMAGES_DIR: &str = "images";

fn partial(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.partial"))
}

/// Generates the dataset described by `opts` into `opts.out_dir`.
///
/// `progress` is called now and then with a stage name (`listings`, `sales`), the records done
/// and the records in that stage.
pub fn generate(
    opts: &GenerateOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> anyhow::Result<GenerateSummary> {
    if opts.images && !(16..=1024).contains(&opts.image_size) {
        anyhow::bail!(
            "image size must be between 16 and 1024 pixels, not {}",
            opts.image_size
        );
    }
    if opts.listings > 9_999_999 || opts.sales > 9_999_999 {
        anyhow::bail!("at most 9,999,999 listings and sales fit the 7-digit ids");
    }
    let dir = &opts.out_dir;
    let dicts = Dictionaries::load(dir).with_context(|| {
        format!(
            "cannot load the dictionaries (brands.jsonl, categories.jsonl) from {}",
            dir.display()
        )
    })?;
    let catalogue = catalogue::Catalogue::build(&dicts)?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let listings_tmp = partial(dir, LISTINGS_FILE);
    let sales_tmp = partial(dir, SALES_FILE);
    let images_tmp = partial(dir, IMAGES_DIR);
    remove_if_exists(&images_tmp)?;
    if opts.images {
        fs::create_dir_all(&images_tmp)
            .with_context(|| format!("cannot create {}", images_tmp.display()))?;
    }

    let result = write_all(
        opts,
        &catalogue,
        &listings_tmp,
        &sales_tmp,
        &images_tmp,
        progress,
    );
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            // Leave no half-written files behind; the previous dataset is untouched.
            let _ = fs::remove_file(&listings_tmp);
            let _ = fs::remove_file(&sales_tmp);
            let _ = fs::remove_dir_all(&images_tmp);
            return Err(e);
        }
    };

    rename(&listings_tmp, &dir.join(LISTINGS_FILE))?;
    rename(&sales_tmp, &dir.join(SALES_FILE))?;
    if opts.images {
        let images = dir.join(IMAGES_DIR);
        let old = partial(dir, "images-old");
        remove_if_exists(&old)?;
        if images.exists() {
            rename(&images, &old)?;
        }
        rename(&images_tmp, &images)?;
        remove_if_exists(&old)?;
    }
    summary.bytes_written += fs::metadata(dir.join(LISTINGS_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    summary.bytes_written += fs::metadata(dir.join(SALES_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    Ok(summary)
}

fn write_all(
    opts: &GenerateOptions,
    catalogue: &catalogue::Catalogue,
    listings_tmp: &Path,
    sales_tmp: &Path,
    images_tmp: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> anyhow::Result<GenerateSummary> {
    let mut summary = GenerateSummary::default();
    let ctx = listings::Context::new(catalogue, opts.seed, opts.listings as u64, opts.images);

    // Listings, streamed; only the indices of sold listings are kept, to close them in sales.
    let mut sold: Vec<u32> = Vec::new();
    {
        let mut out = JsonlWriter::create(listings_tmp)?;
        let total = opts.listings as u64;
        for i in 0..total {
            let made = listings::make(&ctx, i);
            out.write(&made.listing)?;
            if made.listing.status == ListingStatus::Sold && sold.len() < opts.sales / 4 {
                sold.push(i as u32);
            }
            if opts.images {
                let mut rng = random::stream(opts.seed, random::Domain::Photo, i);
                let rgb = photo::render(catalogue, &made.item, opts.image_size, &mut rng);
                let jpeg = photo::encode_jpeg(&rgb, opts.image_size, JPEG_QUALITY)?;
                let path = images_tmp.join(format!("{}.jpg", made.listing.id));
                fs::write(&path, &jpeg)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                summary.images += 1;
                summary.bytes_written += jpeg.len() as u64;
            }
            if (i + 1).is_multiple_of(PROGRESS_EVERY) || i + 1 == total {
                progress("listings", i + 1, total);
            }
        }
        out.finish()?;
        summary.listings = opts.listings;
    }

    // Sales: the closing sales of sold listings merged by time into the independent series.
    {
        let mut closing: Vec<crate::catalog::Sale> = sold
            .iter()
            .map(|&i| sales::closing(&ctx, i as u64))
            .collect();
        closing.sort_by(|a, b| {
            a.sold_at
                .cmp(&b.sold_at)
                .then_with(|| a.listing_id.cmp(&b.listing_id))
        });
        let mut closing = closing.into_iter().peekable();
        let total = opts.sales as u64;
        let independent_total = total - closing.len() as u64;
        let independent = sales::Independent::new(catalogue, opts.seed, independent_total);
        let mut out = JsonlWriter::create(sales_tmp)?;
        let mut next_id = 0u64;
        let mut emit = |out: &mut JsonlWriter,
                        mut sale: crate::catalog::Sale,
                        progress: &mut dyn FnMut(&str, u64, u64)| {
            sale.id = sales::sale_id(next_id);
            next_id += 1;
            if next_id.is_multiple_of(PROGRESS_EVERY) || next_id == total {
                progress("sales", next_id, total);
            }
            out.write(&sale)
        };
        for j in 0..independent_total {
            let sale = independent.make(j);
            while closing.peek().is_some_and(|c| c.sold_at <= sale.sold_at) {
                if let Some(c) = closing.next() {
                    emit(&mut out, c, progress)?;
                }
            }
            emit(&mut out, sale, progress)?;
        }
        for c in closing {
            emit(&mut out, c, progress)?;
        }
        out.finish()?;
        summary.sales = opts.sales;
    }
    Ok(summary)
}

/// A buffered JSON Lines file writer.
struct JsonlWriter {
    path: PathBuf,
    out: BufWriter<File>,
}

impl JsonlWriter {
    fn create(path: &Path) -> anyhow::Result<JsonlWriter> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(JsonlWriter {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn write<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.out, record)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.out
            .write_all(b"\n")
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.out
            .get_ref()
            .sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

fn rename(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("cannot rename {} to {}", from.display(), to.display()))
}

fn remove_if_exists(path: &Path) -> anyhow::Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalog::{Condition, Listing, Sale, read_jsonl};

    /// A temporary dataset folder with a dictionary naming every brand of the table.
    struct Fixture {
        dir: PathBuf,
    }

    impl Fixture {
        fn new(name: &str) -> Fixture {
            let dir =
                std::env::temp_dir().join(format!("dalil-dataset-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            let mut slugs: Vec<&str> = catalogue::table()
                .unwrap()
                .iter()
                .map(|m| m.brand_slug)
                .collect();
            slugs.sort();
            slugs.dedup();
            let mut brands = String::new();
            for s in slugs {
                let name: String = s
                    .split('-')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let name = if s == "hermes" {
                    "Hermès".to_string()
                } else {
                    name
                };
                let (ar, aliases) = match s {
                    "rolex" => ("رولكس", vec!["روليكس", "rolex", "Rollex"]),
                    "chanel" => ("شانيل", vec!["شانيل", "chanel"]),
                    "hermes" => ("هيرميس", vec!["هرمز", "hermes"]),
                    "louis-vuitton" => ("لويس فيتون", vec!["LV", "لوي فيتون"]),
                    _ => ("ماركة", vec![]),
                };
                brands.push_str(&serde_json::json!({"name": name, "slug": s, "nameAr": ar, "aliases": aliases, "tier": "prestige"}).to_string());
                brands.push('\n');
            }
            fs::write(dir.join("brands.jsonl"), brands).unwrap();
            let mut categories = String::new();
            for c in catalogue::Category::ALL {
                categories.push_str(&serde_json::json!({"slug": c.slug(), "nameEn": c.slug(), "nameAr": "فئة", "parent": null}).to_string());
                categories.push('\n');
            }
            fs::write(dir.join("categories.jsonl"), categories).unwrap();
            Fixture { dir }
        }

        fn opts(&self, listings: usize, sales: usize, images: bool) -> GenerateOptions {
            GenerateOptions {
                out_dir: self.dir.clone(),
                listings,
                sales,
                seed: 42,
                images,
                image_size: 48,
            }
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }

    fn read_all<T: serde::de::DeserializeOwned>(path: &Path) -> Vec<T> {
        read_jsonl::<T, _>(path, false, |_| Ok(())).unwrap().0
    }

    #[test]
    fn same_seed_gives_identical_bytes() {
        let a = Fixture::new("same-a");
        let b = Fixture::new("same-b");
        let sa = generate(&a.opts(120, 400, true), &mut |_, _, _| {}).unwrap();
        let sb = generate(&b.opts(120, 400, true), &mut |_, _, _| {}).unwrap();
        assert_eq!(sa, sb);
        assert_eq!(sa.images, 120);
        for f in [
            LISTINGS_FILE,
            SALES_FILE,
            "images/lst-0000001.jpg",
            "images/lst-0000120.jpg",
        ] {
            assert_eq!(
                fs::read(a.dir.join(f)).unwrap(),
                fs::read(b.dir.join(f)).unwrap(),
                "{f} differs"
            );
        }
        // No temporary files are left behind.
        let names: Vec<String> = fs::read_dir(&a.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    }

    #[test]
    fn a_listing_does_not_depend_on_how_many_are_made_after_it() {
        let f = Fixture::new("prefix");
        generate(&f.opts(50, 0, false), &mut |_, _, _| {}).unwrap();
        let small: Vec<Listing> = read_all(&f.dir.join(LISTINGS_FILE));
        let cat = catalogue::Catalogue::build(&Dictionaries::load(&f.dir).unwrap()).unwrap();
        let ctx = listings::Context::new(&cat, 42, 50, false);
        assert_eq!(listings::make(&ctx, 7).listing, small[7]);
    }

    #[test]
    fn records_parse_back_and_look_like_a_marketplace() {
        let f = Fixture::new("parse");
        let summary = generate(&f.opts(600, 3_000, false), &mut |_, _, _| {}).unwrap();
        let listings: Vec<Listing> = read_all(&f.dir.join(LISTINGS_FILE));
        let sales: Vec<Sale> = read_all(&f.dir.join(SALES_FILE));
        assert_eq!(listings.len(), 600);
        assert_eq!(sales.len(), 3_000);
        assert_eq!(summary.images, 0);
        assert!(
            listings
                .iter()
                .all(|l| l.images.is_empty() && l.price > rust_decimal::Decimal::ZERO)
        );

        let arabic = listings
            .iter()
            .filter(|l| text::has_arabic(&l.title))
            .count();
        let latin = listings
            .iter()
            .filter(|l| l.title.chars().any(|c| c.is_ascii_alphabetic()))
            .count();
        assert!(
            arabic > 150 && latin > 150,
            "arabic {arabic}, latin {latin}"
        );
        let inactive = listings
            .iter()
            .filter(|l| l.status != ListingStatus::Active)
            .count();
        assert!(inactive > 20 && inactive < 150, "{inactive} inactive");
        let categories: std::collections::BTreeSet<&str> =
            listings.iter().map(|l| l.category.as_str()).collect();
        assert_eq!(categories.len(), 8);

        // Ids are in time order and unique.
        assert!(
            sales
                .windows(2)
                .all(|w| w[0].sold_at <= w[1].sold_at && w[0].id < w[1].id)
        );
        assert!(
            listings
                .windows(2)
                .all(|w| w[0].created_at <= w[1].created_at)
        );
        assert!(sales.iter().any(|s| s.listing_id.is_some()));
        assert!(sales.iter().all(|s| s.sale_price.scale() == 2));
    }

    #[test]
    fn sale_prices_follow_the_condition_order() {
        let f = Fixture::new("condition");
        generate(&f.opts(0, 6_000, false), &mut |_, _, _| {}).unwrap();
        let sales: Vec<Sale> = read_all(&f.dir.join(SALES_FILE));
        // Residual log price against each model's mean, averaged per condition.
        let mut by_model: BTreeMap<String, Vec<(Condition, f64)>> = BTreeMap::new();
        for s in &sales {
            let p: f64 = s.sale_price.to_string().parse().unwrap();
            by_model
                .entry(format!("{:?}{:?}", s.brand, s.model))
                .or_default()
                .push((s.condition, p.ln()));
        }
        let mut sums = [0.0f64; 5];
        let mut counts = [0usize; 5];
        for rows in by_model.values() {
            let mean = rows.iter().map(|r| r.1).sum::<f64>() / rows.len() as f64;
            for (c, lp) in rows {
                let k = Condition::ALL.iter().position(|x| x == c).unwrap();
                sums[k] += lp - mean;
                counts[k] += 1;
            }
        }
        let means: Vec<f64> = (0..5).map(|k| sums[k] / counts[k].max(1) as f64).collect();
        assert!(means.windows(2).all(|w| w[0] > w[1]), "{means:?}");
    }

    #[test]
    fn bundled_dictionaries_name_every_catalogue_brand() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        if !dir.join("brands.jsonl").exists() {
            return;
        }
        let cat = catalogue::Catalogue::build(&Dictionaries::load(&dir).unwrap()).unwrap();
        assert!(
            cat.missing_brands.is_empty(),
            "brands.jsonl lacks {:?}",
            cat.missing_brands
        );
    }

    #[test]
    fn missing_dictionaries_are_reported() {
        let dir = std::env::temp_dir().join(format!("dalil-dataset-empty-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let opts = GenerateOptions {
            out_dir: dir.clone(),
            ..GenerateOptions::default()
        };
        let err = generate(&opts, &mut |_, _, _| {}).unwrap_err();
        assert!(format!("{err:#}").contains("brands.jsonl"), "{err:#}");
        let _ = fs::remove_dir_all(&dir);
    }
}
