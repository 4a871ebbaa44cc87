//! How generated prices are made. The price estimator is judged on how well it recovers this
//! structure from `sales.jsonl`, so it is written down here in full.
//!
//! A sale's price in EGP is `exp(v + ε)` rounded to a realistic step, where `v`, the log market
//! value of the item at the sale time `t`, is a sum of effects:
//!
//! ```text
//! v = ln(base of the model)                      new, reference variant, at 2026-11-01
//!   + ln(variant multipliers)                    reference/material (watches), size and
//!                                                leather (bags), colourway (shoes), storage
//!                                                (electronics), concentration (perfume)
//!   + condition effect                           new 0, excellent -0.06, very_good -0.12,
//!                                                good -0.22, fair -0.38, times a category scale
//!                                                (watches 0.9, bags 1.0, jewelry 0.6 and gold by
//!                                                weight 0.35, shoes 1.2, clothing 1.3,
//!                                                accessories 1.1, electronics 1.2, perfume 0.7)
//!   + age effect                                 watches: age_rate(model) × years since
//!                                                watchYear (≤ 30; mostly -0.5% to -12% a year,
//!                                                positive for a few icons); bags: age_rate ×
//!                                                years since `year` (≤ 20; Hermès and Goyard
//!                                                hold or gain); electronics:
//!                                                -0.28·(1 - e^(-y/0.6)) - 0.15·y, y = years since
//!                                                the model's release
//!   + completeness                               watches box & papers +0.06 (base < 100k EGP)
//!                                                or +0.10 (above); bags dust bag +0.03 and box
//!                                                +0.04 (+0.05 Hermès/Chanel); branded jewelry
//!                                                box & papers +0.06; shoes, accessories box
//!                                                +0.04; electronics box +0.05
//!   + attribute terms                            electronics: +0.01 per battery-health point
//!                                                above 90 (capped ±0.12); perfume:
//!                                                ln(volume / reference volume) × 0.8 and
//!                                                ln(fill% / 100)
//!   + market index m(t)                          see below
//! ```
//!
//! Jewelry is priced differently by kind:
//! - branded pieces (Love, Alhambra) follow the sum above, with the market index mixed
//!   `gold_share × g(t) + (1 - gold_share) × m(t)`, where `g(t)` is the log gold price index;
//! - diamond solitaires: `setting × metal + rate × carat^1.6 × certificate`, certificate GIA 1.0,
//!   IGI 0.88, none 0.72, then the condition, box and market terms;
//! - plain gold (chains, bangles, wedding bands) is sold by the gram, as in Egyptian gold shops:
//!   `grams × price of 21k per gram at t × purity / 21 × (1 + making charge)`.
//!
//! The market index `m(t) = pass_through × ln L(t) + (model drift + brand drift) × years(t -
//! 2026-11-01) + 0.015 × sin(2π·(phase + category offset))`. `L(t)` is the EGP price level of
//! imported luxury goods relative to the dataset date: about 0.64 in late 2023, 0.665 at the end
//! of February 2024, then the 6 March 2024 float of the pound lifts it about 45% by mid-June 2024
//! (0.96), then a slow drift to 1.0. Clothing passes through 85% (partly made locally). The gold
//! series `G(t)` (EGP per gram of 21k) is a separate curve: it already priced the parallel dollar
//! rate, so it peaked in early February 2024, fell when the float killed the parallel market,
//! then climbed with world gold to about 6,000 EGP/g in late 2026.
//!
//! Noise: `ε ~ N(0, σ)` with σ by category (watches 0.065, bags 0.075, jewelry 0.08, solitaires
//! 0.10, gold by weight 0.035, shoes 0.09, clothing 0.12, accessories 0.085, electronics 0.07,
//! perfume 0.08), times 1.0/1.0/1.1/1.25/1.6 from new to fair; 1.5% of sales also carry an
//! outlier term N(-0.12, 0.25) (distressed sales, mislabelled items).
//!
//! A listing's asking price is the market value at its `createdAt` times `exp(premium)`,
//! premium ~ N(0.12, 0.12) for new sellers down to N(0.06, 0.05) for pro sellers, rounded to the
//! round figures sellers ask (650,000, 18,500). A sale that closes a listing is that asking price
//! less a negotiated discount of 3-12%.

use rand::Rng;
use rust_decimal::Decimal;

use crate::catalog::{Condition, SellerLevel};

use super::calendar::{self, YEAR_SECONDS};
use super::catalogue::{Catalogue, Category, JewelryKind, Model, Spec};
use super::item::{Detail, Item};
use super::random::normal;

const CONDITION_BASE: [f64; 5] = [0.0, -0.06, -0.12, -0.22, -0.38];

fn rank(c: Condition) -> usize {
    Condition::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

fn condition_scale(model: &Model) -> f64 {
    match (&model.category, &model.spec) {
        (
            _,
            Spec::Jewelry {
                kind: JewelryKind::Weight,
                ..
            },
        ) => 0.35,
        (Category::Watches, _) => 0.9,
        (Category::Bags, _) => 1.0,
        (Category::Jewelry, _) => 0.6,
        (Category::Shoes, _) => 1.2,
        (Category::Clothing, _) => 1.3,
        (Category::Accessories, _) => 1.1,
        (Category::Electronics, _) => 1.2,
        (Category::Fragrances, _) => 0.7,
    }
}

/// The log price effect of condition for this model.
pub(crate) fn condition_effect(model: &Model, c: Condition) -> f64 {
    CONDITION_BASE[rank(c)] * condition_scale(model)
}

/// Piecewise-linear interpolation in log space over dated knots.
fn interpolate(knots: &[(i32, u8, u8, f64)], t: i64) -> f64 {
    let first = knots[0];
    if t <= calendar::unix(first.0, first.1, first.2) {
        return first.3.ln();
    }
    for w in knots.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (ta, tb) = (calendar::unix(a.0, a.1, a.2), calendar::unix(b.0, b.1, b.2));
        if t <= tb {
            let f = (t - ta) as f64 / (tb - ta).max(1) as f64;
            return a.3.ln() * (1.0 - f) + b.3.ln() * f;
        }
    }
    knots[knots.len() - 1].3.ln()
}

/// EGP price level of imported luxury goods relative to the dataset date.
const LUXURY_LEVEL: [(i32, u8, u8, f64); 7] = [
    (2023, 11, 1, 0.640),
    (2024, 2, 29, 0.665),
    (2024, 3, 6, 0.700),
    (2024, 4, 15, 0.880),
    (2024, 6, 15, 0.960),
    (2025, 6, 1, 0.985),
    (2026, 11, 1, 1.000),
];

/// EGP per gram of 21k gold in Egypt.
const GOLD_21K: [(i32, u8, u8, f64); 12] = [
    (2023, 11, 1, 2950.0),
    (2024, 1, 15, 3500.0),
    (2024, 2, 5, 3900.0),
    (2024, 3, 10, 3050.0),
    (2024, 6, 1, 3150.0),
    (2024, 10, 31, 3750.0),
    (2025, 4, 20, 4750.0),
    (2025, 7, 1, 4600.0),
    (2025, 10, 15, 5500.0),
    (2026, 1, 15, 5600.0),
    (2026, 6, 1, 5750.0),
    (2026, 11, 1, 6000.0),
];

/// ln L(t).
pub(crate) fn luxury_level(t: i64) -> f64 {
    interpolate(&LUXURY_LEVEL, t)
}

/// EGP per gram of 21k gold at `t`.
pub(crate) fn gold_21k(t: i64) -> f64 {
    interpolate(&GOLD_21K, t).exp()
}

/// Brand-wide drift in log price per year, on top of each model's own drift: houses that raise
/// retail prices every year (Rolex, Hermès) against fashion brands out of favour.
fn brand_drift(slug: &str) -> f64 {
    match slug {
        "rolex" | "hermes" | "lattafa" => 0.02,
        "cartier" | "van-cleef-arpels" | "chanel" => 0.01,
        "gucci" | "balenciaga" | "burberry" => -0.01,
        _ => 0.0,
    }
}

/// A per-category phase so that seasonal swings (Eid and wedding season for gold and perfume,
/// summer travel for bags) do not all peak together.
fn season_offset(c: Category) -> f64 {
    match c {
        Category::Watches => 0.85,
        Category::Bags => 0.45,
        Category::Jewelry => 0.2,
        Category::Shoes => 0.6,
        Category::Clothing => 0.75,
        Category::Accessories => 0.5,
        Category::Electronics => 0.7,
        Category::Fragrances => 0.15,
    }
}

/// The log market index of a model at `t` (0 at the dataset date for a model without drift).
pub(crate) fn market_index(model: &Model, t: i64) -> f64 {
    let pass_through = if model.category == Category::Clothing {
        0.85
    } else {
        1.0
    };
    let years = calendar::years_from_t0(t);
    let season = 0.015
        * ((std::f64::consts::TAU * (calendar::year_phase(t) + season_offset(model.category)))
            .sin()
            - (std::f64::consts::TAU
                * (calendar::year_phase(calendar::t0()) + season_offset(model.category)))
            .sin());
    let fx = pass_through * luxury_level(t)
        + (model.drift + brand_drift(model.brand_slug)) * years
        + season;
    match &model.spec {
        Spec::Jewelry { gold_share, .. } => {
            let g = (gold_21k(t) / gold_21k(calendar::t0())).ln();
            gold_share * g + (1.0 - gold_share) * fx
        }
        _ => fx,
    }
}

/// The expected log price (EGP) of `item` at time `t`, before noise.
pub(crate) fn log_value(cat: &Catalogue, item: &Item, t: i64) -> f64 {
    let model = item.model(cat);
    let year_now = calendar::year_of(t);
    let cond = condition_effect(model, item.condition);
    let market = market_index(model, t);
    match (&model.spec, &item.detail) {
        (
            Spec::Watch { variants, .. },
            Detail::Watch {
                variant,
                year,
                box_papers,
                ..
            },
        ) => {
            let v = &variants[*variant];
            let age = (year_now - year).clamp(0, 30) as f64;
            let completeness = if *box_papers {
                if model.base < 100_000.0 { 0.06 } else { 0.10 }
            } else {
                0.0
            };
            model.base.ln() + v.mult.ln() + cond + model.age_rate * age + completeness + market
        }
        (
            Spec::Bag {
                sizes, materials, ..
            },
            Detail::Bag {
                size,
                material,
                year,
                dust_bag,
                box_,
                ..
            },
        ) => {
            let age = (year_now - year).clamp(0, 20) as f64;
            let box_bonus = if matches!(model.brand_slug, "hermes" | "chanel") {
                0.05
            } else {
                0.04
            };
            let completeness =
                if *dust_bag { 0.03 } else { 0.0 } + if *box_ { box_bonus } else { 0.0 };
            model.base.ln()
                + sizes[*size].mult.ln()
                + materials[*material].mult.ln()
                + cond
                + model.age_rate * age
                + completeness
                + market
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
            let boxed = if *box_papers { 0.06 } else { 0.0 };
            match kind {
                JewelryKind::Piece => model.base.ln() + v.value.ln() + cond + boxed + market,
                JewelryKind::Solitaire => {
                    let cert = match *certification {
                        "GIA" => 1.0,
                        "IGI" => 0.88,
                        _ => 0.72,
                    };
                    let metal = if v.metal == "platinum" { 1.15 } else { 1.0 };
                    let value = model.base * metal + v.value * carat.powf(1.6) * cert;
                    value.ln() + cond + boxed + market
                }
                JewelryKind::Weight => {
                    let purity: f64 = v.purity.trim_end_matches('k').parse().unwrap_or(21.0);
                    (grams * gold_21k(t) * purity / 21.0 * (1.0 + v.value)).ln() + cond
                }
            }
        }
        (Spec::Shoe { colorways, .. }, Detail::Shoe { colorway, box_, .. }) => {
            model.base.ln()
                + colorways[*colorway].mult.ln()
                + cond
                + if *box_ { 0.04 } else { 0.0 }
                + market
        }
        (Spec::Clothing { .. }, Detail::Clothing { .. }) => model.base.ln() + cond + market,
        (Spec::Accessory { materials, .. }, Detail::Accessory { material, box_, .. }) => {
            model.base.ln()
                + materials[*material].mult.ln()
                + cond
                + if *box_ { 0.04 } else { 0.0 }
                + market
        }
        (
            Spec::Electronics {
                release, storage, ..
            },
            Detail::Electronics {
                storage: s,
                battery,
                box_,
                ..
            },
        ) => {
            let released = calendar::unix(release.0, release.1, 15);
            let y = ((t - released) as f64 / YEAR_SECONDS).max(0.0);
            let age = -0.28 * (1.0 - (-y / 0.6).exp()) - 0.15 * y;
            let battery = battery.map_or(0.0, |b| (0.01 * (b as f64 - 90.0)).clamp(-0.12, 0.12));
            model.base.ln()
                + storage[*s].1.ln()
                + cond
                + age
                + battery
                + if *box_ { 0.05 } else { 0.0 }
                + market
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
            let size = (volumes[*volume] as f64 / volumes[0] as f64).ln() * 0.8;
            let fill = (*fill as f64 / 100.0).ln();
            model.base.ln() + concentrations[*concentration].mult.ln() + size + fill + cond + market
        }
        // An item always matches its model's spec; a mismatch would be a bug in `item::sample`.
        _ => model.base.ln() + cond + market,
    }
}

/// Draws the sale noise ε for `item`.
pub(crate) fn sale_noise<R: Rng>(cat: &Catalogue, item: &Item, rng: &mut R) -> f64 {
    let model = item.model(cat);
    let sigma = match &model.spec {
        Spec::Watch { .. } => 0.065,
        Spec::Bag { .. } => 0.075,
        Spec::Jewelry {
            kind: JewelryKind::Piece,
            ..
        } => 0.08,
        Spec::Jewelry {
            kind: JewelryKind::Solitaire,
            ..
        } => 0.10,
        Spec::Jewelry {
            kind: JewelryKind::Weight,
            ..
        } => 0.035,
        Spec::Shoe { .. } => 0.09,
        Spec::Clothing { .. } => 0.12,
        Spec::Accessory { .. } => 0.085,
        Spec::Electronics { .. } => 0.07,
        Spec::Fragrance { .. } => 0.08,
    } * [1.0, 1.0, 1.1, 1.25, 1.6][rank(item.condition)];
    let mut e = sigma * normal(rng);
    if rng.gen_bool(0.015) {
        e += -0.12 + 0.25 * normal(rng);
    }
    e
}

/// Draws a seller's asking premium over market value.
pub(crate) fn asking_premium<R: Rng>(level: SellerLevel, rng: &mut R) -> f64 {
    let (mean, sd) = match level {
        SellerLevel::New => (0.12, 0.12),
        SellerLevel::Verified => (0.09, 0.08),
        SellerLevel::Trusted => (0.07, 0.07),
        SellerLevel::Pro => (0.06, 0.05),
    };
    mean + sd * normal(rng)
}

/// Rounds to a multiple of `step`, at least one step.
fn to_step(p: f64, step: i64) -> i64 {
    (((p / step as f64).round() as i64).max(1)) * step
}

/// An asking price as sellers write it: round figures (650,000, 18,500, 2,750), now and then a
/// charm price (8,999).
pub(crate) fn round_asking<R: Rng>(p: f64, rng: &mut R) -> i64 {
    let coarse = rng.gen_bool(0.55);
    let step = match p {
        p if p >= 2_000_000.0 => {
            if coarse {
                100_000
            } else {
                50_000
            }
        }
        p if p >= 500_000.0 => {
            if coarse {
                25_000
            } else {
                10_000
            }
        }
        p if p >= 100_000.0 => {
            if coarse {
                5_000
            } else {
                1_000
            }
        }
        p if p >= 20_000.0 => {
            if coarse {
                1_000
            } else {
                500
            }
        }
        p if p >= 5_000.0 => {
            if coarse {
                500
            } else {
                100
            }
        }
        p if p >= 1_000.0 => {
            if coarse {
                100
            } else {
                50
            }
        }
        _ => 10,
    };
    let rounded = to_step(p, step);
    if p < 100_000.0 && rounded > 1_000 && rng.gen_bool(0.05) {
        rounded - 1
    } else {
        rounded
    }
}

/// A closing price: negotiated to a figure finer than the asking steps (612,500, 17,750), and
/// sometimes exact to the pound after fees or a bank transfer.
pub(crate) fn round_sale<R: Rng>(p: f64, rng: &mut R) -> i64 {
    let r: f64 = rng.r#gen();
    let magnitude = 10f64.powf(p.max(1.0).log10().floor());
    let step = if r < 0.6 {
        // One of 1, 2.5, 5 times a power of ten, about 1/200 of the price.
        let target = p / 200.0;
        [1.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * 10f64.powf(target.max(1.0).log10().floor()))
            .find(|s| *s >= target)
            .unwrap_or(magnitude / 100.0)
    } else if r < 0.85 {
        (magnitude / 1000.0).max(1.0)
    } else {
        if p >= 1000.0 { 10.0 } else { 1.0 }
    };
    to_step(p, step.max(1.0) as i64)
}

/// A whole-pound amount as a money decimal with two places (`650000.00`).
pub(crate) fn money(egp: i64) -> Decimal {
    Decimal::new(egp * 100, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn devaluation_lifts_luxury_prices_by_about_half() {
        let before = luxury_level(calendar::unix(2024, 2, 20)).exp();
        let after = luxury_level(calendar::unix(2024, 7, 1)).exp();
        let jump = after / before;
        assert!((1.35..1.6).contains(&jump), "{jump}");
        assert!(luxury_level(calendar::t0()).abs() < 1e-12);
    }

    #[test]
    fn rounding_gives_round_figures() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let a = round_asking(648_321.0, &mut rng);
            assert!(a % 10_000 == 0, "{a}");
            let s = round_sale(17_733.0, &mut rng);
            assert!(s % 10 == 0 && (s - 17_733).abs() < 200, "{s}");
        }
        assert_eq!(money(650_000).to_string(), "650000.00");
    }
}
