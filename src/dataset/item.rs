//! One physical item: a model from the catalogue plus what makes this piece itself (its
//! condition, production year, size, colour, what comes in the box). Listings and sales are both
//! built from items, so their attributes and prices follow the same rules.

use rand::Rng;
use serde_json::{Map, Value};

use crate::catalog::Condition;

use super::calendar::{self, YEAR_SECONDS};
use super::catalogue::{Catalogue, Category, JewelryKind, Model, Spec};
use super::random::{choose, front_loaded, normal, weighted};

#[derive(Debug, Clone)]
pub(crate) enum Detail {
    Watch {
        variant: usize,
        dial: &'static str,
        year: i32,
        box_papers: bool,
    },
    Bag {
        size: usize,
        material: usize,
        color: &'static str,
        hardware: &'static str,
        year: i32,
        dust_bag: bool,
        box_: bool,
        date_code: Option<String>,
    },
    Jewelry {
        variant: usize,
        carat: f64,
        grams: f64,
        certification: &'static str,
        box_papers: bool,
    },
    Shoe {
        colorway: usize,
        size_eu: f64,
        box_: bool,
    },
    Clothing {
        size: &'static str,
        color: &'static str,
        material: &'static str,
    },
    Accessory {
        material: usize,
        color: &'static str,
        box_: bool,
    },
    Electronics {
        storage: usize,
        color: &'static str,
        battery: Option<u32>,
        box_: bool,
    },
    Fragrance {
        concentration: usize,
        volume: usize,
        fill: u32,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Index into `Catalogue::entries`.
    pub entry: usize,
    pub condition: Condition,
    pub detail: Detail,
}

impl Item {
    pub(crate) fn model<'c>(&self, cat: &'c Catalogue) -> &'c Model {
        cat.entries[self.entry].model
    }
}

/// Condition mix per category, best first. Perfume is mostly sold sealed; shoes and clothes are
/// often new with tags; watches and bags are mostly pre-owned.
fn condition_weights(c: Category) -> [f64; 5] {
    match c {
        Category::Watches => [0.14, 0.36, 0.28, 0.16, 0.06],
        Category::Bags => [0.15, 0.33, 0.28, 0.17, 0.07],
        Category::Jewelry => [0.22, 0.38, 0.24, 0.12, 0.04],
        Category::Shoes => [0.30, 0.28, 0.22, 0.14, 0.06],
        Category::Clothing => [0.28, 0.30, 0.22, 0.14, 0.06],
        Category::Accessories => [0.22, 0.33, 0.25, 0.14, 0.06],
        Category::Electronics => [0.18, 0.32, 0.27, 0.16, 0.07],
        Category::Fragrances => [0.55, 0.25, 0.12, 0.06, 0.02],
    }
}

fn rank(c: Condition) -> usize {
    Condition::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// Probability that the box, papers or dust bag are still with the item: high when new, lower
/// with wear, lower again for older pieces.
fn kept<R: Rng>(rng: &mut R, condition: Condition, age_years: f64) -> bool {
    let p = [0.95, 0.8, 0.65, 0.45, 0.25][rank(condition)] - 0.015 * age_years.max(0.0);
    rng.gen_bool(p.clamp(0.05, 0.98))
}

/// Years an item has been in use: none when new, a few for a worn piece.
fn years_used<R: Rng>(rng: &mut R, condition: Condition) -> i32 {
    if condition == Condition::New {
        return if rng.gen_bool(0.7) { 0 } else { 1 };
    }
    let mean = [0.0, 2.0, 3.5, 5.5, 8.0][rank(condition)];
    let u: f64 = 1.0 - rng.r#gen::<f64>();
    (-u.ln() * mean).floor() as i32 + i32::from(rng.gen_bool(0.5))
}

/// Draws an item of catalogue entry `entry` as it would be offered at time `t`.
pub(crate) fn sample<R: Rng>(cat: &Catalogue, entry: usize, t: i64, rng: &mut R) -> Item {
    let model = cat.entries[entry].model;
    let condition = Condition::ALL[weighted(rng, &condition_weights(model.category))];
    let year_now = calendar::year_of(t);
    let detail = match &model.spec {
        Spec::Watch { variants, .. } => {
            let available: Vec<usize> = (0..variants.len())
                .filter(|&i| variants[i].years.0 <= year_now)
                .collect();
            let variant = if available.is_empty() {
                0
            } else {
                available[front_loaded(rng, available.len(), 0.6)]
            };
            let v = &variants[variant];
            let newest = v.years.1.min(year_now);
            let year =
                (year_now - years_used(rng, condition)).clamp(v.years.0, newest.max(v.years.0));
            let box_papers = kept(rng, condition, (year_now - year) as f64);
            Detail::Watch {
                variant,
                dial: choose(rng, &v.dials),
                year,
                box_papers,
            }
        }
        Spec::Bag {
            sizes,
            materials,
            colors,
            hardware,
            years,
        } => {
            let year = (year_now - years_used(rng, condition))
                .clamp(years.0, years.1.min(year_now).max(years.0));
            let age = (year_now - year) as f64;
            let dust_bag = kept(rng, condition, age) || rng.gen_bool(0.3);
            let box_ = dust_bag && kept(rng, condition, age + 4.0);
            let date_code = date_code(model.brand_slug, year, rng);
            Detail::Bag {
                size: front_loaded(rng, sizes.len(), 0.7),
                material: front_loaded(rng, materials.len(), 0.55),
                color: choose(rng, colors),
                hardware: choose(rng, hardware),
                year,
                dust_bag,
                box_,
                date_code,
            }
        }
        Spec::Jewelry { kind, variants, .. } => {
            let variant = front_loaded(rng, variants.len(), 0.6);
            let v = &variants[variant];
            let (carat, grams, certification) = match kind {
                JewelryKind::Piece => (v.carats.0, 0.0, "none"),
                JewelryKind::Solitaire => {
                    let (lo, hi) = v.carats;
                    // Most stones are small; a few are large (log scale, skewed low).
                    let mut c = lo * (hi / lo).powf(rng.r#gen::<f64>().powf(1.6));
                    // Stones are cut to hit the "magic" weights buyers search for.
                    const MAGIC: [f64; 10] = [0.3, 0.5, 0.7, 0.9, 1.0, 1.01, 1.5, 2.0, 2.01, 3.0];
                    let nearest = MAGIC
                        .iter()
                        .copied()
                        .filter(|m| *m >= lo && *m <= hi)
                        .min_by(|a, b| {
                            (a - c)
                                .abs()
                                .partial_cmp(&(b - c).abs())
                                .unwrap_or(std::cmp::Ordering::Equal)
                        });
                    if let Some(m) = nearest
                        && rng.gen_bool(0.35)
                    {
                        c = m;
                    }
                    let branded = matches!(model.brand_slug, "tiffany" | "cartier" | "graff");
                    let cert = if branded {
                        if rng.gen_bool(0.9) { "GIA" } else { "none" }
                    } else {
                        ["GIA", "IGI", "none"][weighted(rng, &[0.5, 0.28, 0.22])]
                    };
                    ((c * 100.0).round() / 100.0, 0.0, cert)
                }
                JewelryKind::Weight => {
                    let (lo, hi) = v.grams;
                    let g = lo * (hi / lo).powf(rng.r#gen::<f64>());
                    (0.0, (g * 10.0).round() / 10.0, "none")
                }
            };
            let box_papers = *kind != JewelryKind::Weight && kept(rng, condition, 0.0);
            Detail::Jewelry {
                variant,
                carat,
                grams,
                certification,
                box_papers,
            }
        }
        Spec::Shoe {
            colorways, sizes, ..
        } => {
            let mid = (sizes.0 + sizes.1) as f64 / 2.0;
            let spread = (sizes.1 - sizes.0) as f64 / 4.0;
            let mut size = (mid + normal(rng) * spread)
                .round()
                .clamp(sizes.0 as f64, sizes.1 as f64);
            if rng.gen_bool(0.15) && size < sizes.1 as f64 {
                size += 0.5;
            }
            Detail::Shoe {
                colorway: front_loaded(rng, colorways.len(), 0.75),
                size_eu: size,
                box_: kept(rng, condition, 0.0),
            }
        }
        Spec::Clothing { materials, colors } => {
            let size = match model.shape {
                "suit" | "blazer" => choose(rng, &["46", "48", "50", "52", "54"]),
                "jeans" => choose(rng, &["28", "30", "31", "32", "33", "34", "36"]),
                _ => ["XS", "S", "M", "L", "XL", "XXL"]
                    [weighted(rng, &[0.06, 0.2, 0.3, 0.25, 0.13, 0.06])],
            };
            Detail::Clothing {
                size,
                color: choose(rng, colors),
                material: choose(rng, materials),
            }
        }
        Spec::Accessory { materials, colors } => Detail::Accessory {
            material: front_loaded(rng, materials.len(), 0.5),
            color: choose(rng, colors),
            box_: kept(rng, condition, 0.0),
        },
        Spec::Electronics {
            release,
            storage,
            colors,
        } => {
            let released = calendar::unix(release.0, release.1, 15);
            let age = ((t - released) as f64 / YEAR_SECONDS).max(0.0);
            let battery = matches!(model.shape, "phone" | "laptop" | "smartwatch").then(|| {
                if condition == Condition::New {
                    100
                } else {
                    let wear = [0.0, 2.0, 5.0, 9.0, 14.0][rank(condition)];
                    let b =
                        100.0 - wear - 6.0 * age * rng.r#gen::<f64>() - 2.0 * rng.r#gen::<f64>();
                    b.round().clamp(70.0, 100.0) as u32
                }
            });
            Detail::Electronics {
                storage: front_loaded(rng, storage.len(), 0.6),
                color: choose(rng, colors),
                battery,
                box_: kept(rng, condition, age),
            }
        }
        Spec::Fragrance {
            concentrations,
            volumes,
        } => {
            let fill = match condition {
                Condition::New => 100,
                Condition::Excellent => rng.gen_range(90..=99),
                Condition::VeryGood => rng.gen_range(70..=90),
                Condition::Good => rng.gen_range(50..=75),
                Condition::Fair => rng.gen_range(30..=55),
            };
            Detail::Fragrance {
                concentration: front_loaded(rng, concentrations.len(), 0.5),
                volume: front_loaded(rng, volumes.len(), 0.45),
                fill,
            }
        }
    };
    Item {
        entry,
        condition,
        detail,
    }
}

/// The date code a bag of this brand and year carries, in the brand's own format.
fn date_code<R: Rng>(brand: &str, year: i32, rng: &mut R) -> Option<String> {
    match brand {
        "louis-vuitton" => {
            // Since March 2021 Louis Vuitton embeds an NFC chip instead of a stamped code.
            if year >= 2021 {
                return Some("microchip".into());
            }
            const FACTORIES: [&str; 10] =
                ["SD", "FL", "AR", "CA", "DU", "MI", "TJ", "SP", "VI", "SR"];
            let week: u32 = rng.gen_range(1..=52);
            let yy = (year.rem_euclid(100)) as u32;
            // Week and year digits interleave: week tens, year tens, week units, year units.
            Some(format!(
                "{}{}{}{}{}",
                choose(rng, &FACTORIES),
                week / 10,
                yy / 10,
                week % 10,
                yy % 10
            ))
        }
        "hermes" => {
            const STAMPS: [(i32, &str); 20] = [
                (2005, "I"),
                (2006, "J"),
                (2007, "K"),
                (2008, "L"),
                (2009, "M"),
                (2010, "N"),
                (2011, "O"),
                (2012, "P"),
                (2013, "Q"),
                (2014, "R"),
                (2015, "T"),
                (2016, "X"),
                (2017, "A"),
                (2018, "C"),
                (2019, "D"),
                (2020, "Y"),
                (2021, "Z"),
                (2022, "U"),
                (2023, "B"),
                (2024, "W"),
            ];
            Some(match STAMPS.iter().find(|(y, _)| *y == year) {
                Some((_, s)) => format!("{s} stamp"),
                None => format!("{year} stamp"),
            })
        }
        "chanel" => {
            if year >= 2021 {
                return Some("microchip".into());
            }
            // Serial series run roughly a year each: series 10 in 2005 to series 31 in 2021.
            let series = (10 + (year - 2005) * 21 / 16).clamp(10, 31);
            Some(format!("{series}{:06}", rng.gen_range(0..1_000_000)))
        }
        "dior" => Some(format!(
            "{:02}-MA-{:02}{:02}",
            rng.gen_range(1..60),
            rng.gen_range(1..=12),
            year.rem_euclid(100)
        )),
        "gucci" => Some(format!(
            "{} {:04}",
            rng.gen_range(400_000..700_000),
            rng.gen_range(1000..10_000)
        )),
        _ => None,
    }
}

/// The reference number, for watches.
pub(crate) fn reference(cat: &Catalogue, item: &Item) -> Option<&'static str> {
    match (&item.model(cat).spec, &item.detail) {
        (Spec::Watch { variants, .. }, Detail::Watch { variant, .. }) => {
            Some(variants[*variant].reference)
        }
        _ => None,
    }
}

fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// The item's attributes as `attributes` carries them (camelCase keys, per category).
pub(crate) fn attributes(cat: &Catalogue, item: &Item) -> Map<String, Value> {
    let model = item.model(cat);
    let mut a = Map::new();
    let mut put = |k: &str, v: Value| {
        a.insert(k.to_string(), v);
    };
    match (&model.spec, &item.detail) {
        (
            Spec::Watch { movement, variants },
            Detail::Watch {
                variant,
                dial,
                year,
                box_papers,
            },
        ) => {
            let v = &variants[*variant];
            put("watchYear", Value::from(*year));
            put("boxPapers", Value::from(*box_papers));
            put("caseSizeMm", num(v.case_mm));
            put("material", Value::from(v.material));
            put("movement", Value::from(*movement));
            put("dialColor", Value::from(*dial));
        }
        (
            Spec::Bag {
                sizes, materials, ..
            },
            Detail::Bag {
                size,
                material,
                color,
                hardware,
                year,
                dust_bag,
                box_,
                date_code,
            },
        ) => {
            put("material", Value::from(materials[*material].name));
            put("color", Value::from(*color));
            if *hardware != "none" {
                put("hardwareColor", Value::from(*hardware));
            }
            put("size", Value::from(sizes[*size].name));
            put("dustBag", Value::from(*dust_bag));
            put("box", Value::from(*box_));
            put("year", Value::from(*year));
            if let Some(code) = date_code {
                put("dateCode", Value::from(code.as_str()));
            }
        }
        (
            Spec::Jewelry { kind, variants, .. },
            Detail::Jewelry {
                variant,
                carat,
                grams,
                certification,
                box_papers,
            },
        ) => {
            let v = &variants[*variant];
            put("metal", Value::from(v.metal));
            put("purity", Value::from(v.purity));
            put("gemstone", Value::from(v.gemstone));
            if *carat > 0.0 {
                put("caratWeight", num(*carat));
            }
            if *kind == JewelryKind::Weight {
                put("weightGrams", num(*grams));
            }
            put("certification", Value::from(*certification));
            if *kind != JewelryKind::Weight {
                put("boxPapers", Value::from(*box_papers));
            }
        }
        (
            Spec::Shoe {
                material,
                colorways,
                ..
            },
            Detail::Shoe {
                colorway,
                size_eu,
                box_,
            },
        ) => {
            put("sizeEu", num(*size_eu));
            put("color", Value::from(colorways[*colorway].name));
            put("material", Value::from(*material));
            put("box", Value::from(*box_));
        }
        (
            Spec::Clothing { .. },
            Detail::Clothing {
                size,
                color,
                material,
            },
        ) => {
            put("size", Value::from(*size));
            put("color", Value::from(*color));
            put("material", Value::from(*material));
        }
        (
            Spec::Accessory { materials, .. },
            Detail::Accessory {
                material,
                color,
                box_,
            },
        ) => {
            put("color", Value::from(*color));
            put("material", Value::from(materials[*material].name));
            put("box", Value::from(*box_));
        }
        (
            Spec::Electronics { storage, .. },
            Detail::Electronics {
                storage: s,
                color,
                battery,
                box_,
            },
        ) => {
            if storage[*s].0 > 0 {
                put("storageGb", Value::from(storage[*s].0));
            }
            put("color", Value::from(*color));
            if let Some(b) = battery {
                put("batteryHealth", Value::from(*b));
            }
            put("box", Value::from(*box_));
        }
        (
            Spec::Fragrance {
                concentrations,
                volumes,
            },
            Detail::Fragrance {
                concentration,
                volume,
                fill,
            },
        ) => {
            put("volumeMl", Value::from(volumes[*volume]));
            put(
                "concentration",
                Value::from(concentrations[*concentration].name),
            );
            put("fillPercent", Value::from(*fill));
        }
        _ => {}
    }
    a
}
