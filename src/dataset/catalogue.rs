//! The model catalogue: `table.rs` parsed into typed rows, joined with the user's brand
//! dictionary, and the weighted pickers that decide how often each model is listed and sold.

use std::sync::OnceLock;

use rand::Rng;

use crate::catalog::Dictionaries;

use super::table::TABLE;

/// The storefront categories the generator fills, with the share of listings and of sales each
/// gets. Luxury resale is mostly watches and bags; electronics and fragrances are the long tail
/// that still has to look alive in the facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Watches,
    Bags,
    Jewelry,
    Shoes,
    Clothing,
    Accessories,
    Electronics,
    Fragrances,
}

impl Category {
    pub(crate) const ALL: [Category; 8] = [
        Category::Watches,
        Category::Bags,
        Category::Jewelry,
        Category::Shoes,
        Category::Clothing,
        Category::Accessories,
        Category::Electronics,
        Category::Fragrances,
    ];

    pub(crate) fn slug(self) -> &'static str {
        match self {
            Category::Watches => "watches",
            Category::Bags => "bags",
            Category::Jewelry => "jewelry",
            Category::Shoes => "shoes",
            Category::Clothing => "clothing",
            Category::Accessories => "accessories",
            Category::Electronics => "electronics",
            Category::Fragrances => "fragrances",
        }
    }

    fn from_section(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.slug() == s)
    }

    fn index(self) -> usize {
        Category::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// Share of storefront listings.
    fn listing_share(self) -> f64 {
        match self {
            Category::Watches => 0.27,
            Category::Bags => 0.24,
            Category::Jewelry => 0.13,
            Category::Shoes => 0.11,
            Category::Accessories => 0.09,
            Category::Clothing => 0.07,
            Category::Electronics => 0.05,
            Category::Fragrances => 0.04,
        }
    }

    /// Share of completed sales: expensive, liquid items (watches, bags) sell more often than
    /// they sit on the shelf; clothing sits longest.
    fn sales_share(self) -> f64 {
        match self {
            Category::Watches => 0.30,
            Category::Bags => 0.26,
            Category::Jewelry => 0.12,
            Category::Shoes => 0.10,
            Category::Accessories => 0.08,
            Category::Clothing => 0.05,
            Category::Electronics => 0.06,
            Category::Fragrances => 0.03,
        }
    }
}

/// A named option with a price multiplier (a bag size, a leather, a colourway).
#[derive(Debug, Clone)]
pub(crate) struct Opt {
    pub name: &'static str,
    pub mult: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct WatchVariant {
    pub reference: &'static str,
    pub material: &'static str,
    pub dials: Vec<&'static str>,
    pub case_mm: f64,
    pub mult: f64,
    /// Production years: a watch's `watchYear` falls inside them.
    pub years: (i32, i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JewelryKind {
    /// A branded design priced as a piece (Love bracelet, Alhambra).
    Piece,
    /// A diamond solitaire: setting plus a stone priced by carat.
    Solitaire,
    /// Plain gold sold by the gram plus a making charge, as Egyptian gold shops do.
    Weight,
}

#[derive(Debug, Clone)]
pub(crate) struct JewelryVariant {
    pub metal: &'static str,
    pub purity: &'static str,
    pub gemstone: &'static str,
    /// Piece: fixed carats (low = high). Solitaire: the range stones are drawn from.
    pub carats: (f64, f64),
    /// Weight: the gram range.
    pub grams: (f64, f64),
    /// Piece: price multiplier. Solitaire: EGP per carat^1.6. Weight: making charge (0.18 = +18%).
    pub value: f64,
}

#[derive(Debug, Clone)]
pub(crate) enum Spec {
    Watch {
        movement: &'static str,
        variants: Vec<WatchVariant>,
    },
    Bag {
        sizes: Vec<Opt>,
        materials: Vec<Opt>,
        colors: Vec<&'static str>,
        hardware: Vec<&'static str>,
        years: (i32, i32),
    },
    Jewelry {
        kind: JewelryKind,
        gold_share: f64,
        variants: Vec<JewelryVariant>,
    },
    Shoe {
        material: &'static str,
        colorways: Vec<Opt>,
        sizes: (u32, u32),
    },
    Clothing {
        materials: Vec<&'static str>,
        colors: Vec<&'static str>,
    },
    Accessory {
        materials: Vec<Opt>,
        colors: Vec<&'static str>,
    },
    Electronics {
        release: (i32, u8),
        storage: Vec<(u32, f64)>,
        colors: Vec<&'static str>,
    },
    Fragrance {
        concentrations: Vec<Opt>,
        volumes: Vec<u32>,
    },
}

/// One row of the table.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub brand_slug: &'static str,
    pub category: Category,
    pub name: &'static str,
    /// Other ways sellers name the model, Arabic and Latin mixed (`صب مارينر`, `Sub`).
    pub alt_names: Vec<&'static str>,
    /// Drawing template for the photo (`round`, `tote`, `sneaker`...).
    pub shape: &'static str,
    pub base: f64,
    pub popularity: f64,
    pub age_rate: f64,
    pub drift: f64,
    pub spec: Spec,
}

impl Model {
    /// The first calendar year anyone could have sold this model.
    pub(crate) fn first_year(&self) -> i32 {
        match &self.spec {
            Spec::Watch { variants, .. } => {
                variants.iter().map(|v| v.years.0).min().unwrap_or(2000)
            }
            Spec::Bag { years, .. } => years.0,
            Spec::Electronics { release, .. } => release.0,
            _ => 2000,
        }
    }
}

/// A brand as the generator writes it: the canonical name and the other spellings, split by
/// script so an Arabic title can pick an Arabic spelling.
#[derive(Debug, Clone)]
pub(crate) struct BrandForms {
    pub slug: String,
    pub name: String,
    pub arabic: Vec<String>,
    pub latin: Vec<String>,
}

/// A model whose brand exists in the loaded dictionary.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub model: &'static Model,
    pub brand: usize,
}

/// Cumulative weights for picking an item index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Picker {
    items: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Picker {
    fn push(&mut self, item: usize, weight: f64) {
        let total = self.cumulative.last().copied().unwrap_or(0.0) + weight.max(0.0);
        self.items.push(item);
        self.cumulative.push(total);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() || self.total() <= 0.0
    }

    fn total(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    pub(crate) fn pick<R: Rng>(&self, rng: &mut R) -> usize {
        let x = rng.r#gen::<f64>() * self.total();
        let i = self
            .cumulative
            .partition_point(|&c| c <= x)
            .min(self.items.len() - 1);
        self.items[i]
    }
}

/// Everything the generator needs to know about what exists and how often it appears.
pub(crate) struct Catalogue {
    pub entries: Vec<Entry>,
    pub brands: Vec<BrandForms>,
    /// Category pickers (indices into `Category::ALL`), one for listings, one for sales.
    listing_categories: Picker,
    sales_categories: Picker,
    /// Per category, model pickers (indices into `entries`).
    listing_models: Vec<Picker>,
    sales_models: Vec<Picker>,
    /// Brand slugs of the table that the dictionary does not know; their models are left out.
    /// A user may remove brands on purpose, so this is not an error; tests check the bundled
    /// dictionary covers them all.
    #[cfg_attr(not(test), allow(dead_code))]
    pub missing_brands: Vec<&'static str>,
}

impl Catalogue {
    pub(crate) fn build(dicts: &Dictionaries) -> anyhow::Result<Catalogue> {
        let models = table().map_err(|e| anyhow::anyhow!("built-in catalogue: {e}"))?;
        let mut brands: Vec<BrandForms> = Vec::new();
        let mut entries = Vec::new();
        let mut missing_brands: Vec<&'static str> = Vec::new();
        for model in models {
            if !dicts.categories.is_empty() && dicts.category(model.category.slug()).is_none() {
                // A user who removed a category from the dictionary does not want it filled.
                continue;
            }
            let brand = match brands.iter().position(|b| b.slug == model.brand_slug) {
                Some(i) => i,
                None => match dicts.brands.iter().find(|b| b.slug == model.brand_slug) {
                    Some(b) => {
                        brands.push(brand_forms(b));
                        brands.len() - 1
                    }
                    None => {
                        if !missing_brands.contains(&model.brand_slug) {
                            missing_brands.push(model.brand_slug);
                        }
                        continue;
                    }
                },
            };
            entries.push(Entry { model, brand });
        }
        if entries.is_empty() {
            anyhow::bail!(
                "none of the catalogue's brands is in brands.jsonl; the generator needs brands such as rolex, hermes and louis-vuitton"
            );
        }
        let mut listing_models = vec![Picker::default(); Category::ALL.len()];
        let mut sales_models = vec![Picker::default(); Category::ALL.len()];
        for (i, e) in entries.iter().enumerate() {
            let c = e.model.category.index();
            listing_models[c].push(i, e.model.popularity);
            // Sales are more concentrated than listings: the popular references turn over fast,
            // the rare ones trade a handful of times a year.
            sales_models[c].push(i, e.model.popularity.powf(1.25));
        }
        let mut listing_categories = Picker::default();
        let mut sales_categories = Picker::default();
        for (i, c) in Category::ALL.into_iter().enumerate() {
            if !listing_models[i].is_empty() {
                listing_categories.push(i, c.listing_share());
                sales_categories.push(i, c.sales_share());
            }
        }
        Ok(Catalogue {
            entries,
            brands,
            listing_categories,
            sales_categories,
            listing_models,
            sales_models,
            missing_brands,
        })
    }

    /// Picks a model for a storefront listing.
    pub(crate) fn pick_listing<R: Rng>(&self, rng: &mut R) -> usize {
        let c = self.listing_categories.pick(rng);
        self.listing_models[c].pick(rng)
    }

    /// Picks a model for a sale in `year`, skipping models not on the market yet (an iPhone 17
    /// cannot have sold in 2024).
    pub(crate) fn pick_sale<R: Rng>(
        &self,
        rng: &mut R,
        year: i32,
        released: impl Fn(&Model) -> bool,
    ) -> usize {
        let c = self.sales_categories.pick(rng);
        let mut last = 0;
        for _ in 0..32 {
            let i = self.sales_models[c].pick(rng);
            let m = self.entries[i].model;
            if m.first_year() <= year && released(m) {
                return i;
            }
            last = i;
        }
        last
    }

    pub(crate) fn brand_of(&self, entry: usize) -> &BrandForms {
        &self.brands[self.entries[entry].brand]
    }
}

fn brand_forms(b: &crate::catalog::Brand) -> BrandForms {
    let mut arabic = Vec::new();
    let mut latin = Vec::new();
    if !b.name_ar.trim().is_empty() {
        arabic.push(b.name_ar.trim().to_string());
    }
    for a in &b.aliases {
        let a = a.trim();
        if a.is_empty() || a.eq_ignore_ascii_case(&b.name) {
            continue;
        }
        if super::text::has_arabic(a) {
            if !arabic.iter().any(|x| x == a) {
                arabic.push(a.to_string());
            }
        } else if !latin.iter().any(|x: &String| x.eq_ignore_ascii_case(a)) {
            latin.push(a.to_string());
        }
    }
    BrandForms {
        slug: b.slug.clone(),
        name: b.name.clone(),
        arabic,
        latin,
    }
}

/// The parsed table, parsed once per process.
pub(crate) fn table() -> Result<&'static [Model], String> {
    static PARSED: OnceLock<Result<Vec<Model>, String>> = OnceLock::new();
    match PARSED.get_or_init(|| parse_table(TABLE)) {
        Ok(models) => Ok(models.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

fn parse_table(text: &'static str) -> Result<Vec<Model>, String> {
    let mut models = Vec::new();
    let mut category = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            category = Some(
                Category::from_section(section)
                    .ok_or_else(|| format!("table line {}: unknown section {section:?}", n + 1))?,
            );
            continue;
        }
        let category = category
            .ok_or_else(|| format!("table line {}: a model before any [section]", n + 1))?;
        let model = parse_row(category, line).map_err(|e| format!("table line {}: {e}", n + 1))?;
        models.push(model);
    }
    Ok(models)
}

fn parse_row(category: Category, line: &'static str) -> Result<Model, String> {
    let f: Vec<&'static str> = line.split('|').map(str::trim).collect();
    let need = |n: usize| -> Result<(), String> {
        if f.len() == n {
            Ok(())
        } else {
            Err(format!(
                "expected {n} fields for {}, found {}",
                category.slug(),
                f.len()
            ))
        }
    };
    let alt = |s: &'static str| -> Vec<&'static str> {
        s.split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (shape, base, pop, age_rate, drift, spec) = match category {
        Category::Watches => {
            need(10)?;
            let variants = f[9]
                .split(';')
                .map(|v| parse_watch_variant(v.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            (
                f[4],
                num(f[5])?,
                num(f[6])?,
                num(f[7])?,
                num(f[8])?,
                Spec::Watch {
                    movement: f[3],
                    variants,
                },
            )
        }
        Category::Bags => {
            need(13)?;
            let spec = Spec::Bag {
                sizes: opts(f[8])?,
                materials: opts(f[9])?,
                colors: list(f[10]),
                hardware: list(f[11]),
                years: range_i(f[12])?,
            };
            (f[3], num(f[4])?, num(f[5])?, num(f[6])?, num(f[7])?, spec)
        }
        Category::Jewelry => {
            need(10)?;
            let kind = match f[3] {
                "piece" => JewelryKind::Piece,
                "solitaire" => JewelryKind::Solitaire,
                "weight" => JewelryKind::Weight,
                other => return Err(format!("unknown jewelry kind {other:?}")),
            };
            let variants = f[9]
                .split(';')
                .map(|v| parse_jewelry_variant(kind, v.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            (
                f[4],
                num(f[5])?,
                num(f[6])?,
                0.0,
                num(f[8])?,
                Spec::Jewelry {
                    kind,
                    gold_share: num(f[7])?,
                    variants,
                },
            )
        }
        Category::Shoes => {
            need(10)?;
            let (lo, hi) = range_i(f[9])?;
            let spec = Spec::Shoe {
                material: f[7],
                colorways: opts(f[8])?,
                sizes: (lo as u32, hi as u32),
            };
            (f[3], num(f[4])?, num(f[5])?, 0.0, num(f[6])?, spec)
        }
        Category::Clothing => {
            need(9)?;
            (
                f[3],
                num(f[4])?,
                num(f[5])?,
                0.0,
                num(f[6])?,
                Spec::Clothing {
                    materials: list(f[7]),
                    colors: list(f[8]),
                },
            )
        }
        Category::Accessories => {
            need(9)?;
            (
                f[3],
                num(f[4])?,
                num(f[5])?,
                0.0,
                num(f[6])?,
                Spec::Accessory {
                    materials: opts(f[7])?,
                    colors: list(f[8]),
                },
            )
        }
        Category::Electronics => {
            need(9)?;
            let (y, m) = f[6]
                .split_once('-')
                .ok_or_else(|| format!("bad release month {:?}", f[6]))?;
            let release = (
                y.parse::<i32>().map_err(|e| e.to_string())?,
                m.parse::<u8>().map_err(|e| e.to_string())?,
            );
            let storage = opts(f[7])?
                .into_iter()
                .map(|o| {
                    o.name
                        .parse::<u32>()
                        .map(|gb| (gb, o.mult))
                        .map_err(|e| format!("storage {:?}: {e}", o.name))
                })
                .collect::<Result<Vec<_>, _>>()?;
            (
                f[3],
                num(f[4])?,
                num(f[5])?,
                0.0,
                0.0,
                Spec::Electronics {
                    release,
                    storage,
                    colors: list(f[8]),
                },
            )
        }
        Category::Fragrances => {
            need(8)?;
            let volumes = list(f[7])
                .into_iter()
                .map(|v| v.parse::<u32>().map_err(|e| format!("volume {v:?}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            (
                "bottle",
                num(f[3])?,
                num(f[4])?,
                0.0,
                num(f[5])?,
                Spec::Fragrance {
                    concentrations: opts(f[6])?,
                    volumes,
                },
            )
        }
    };
    let model = Model {
        brand_slug: f[0],
        category,
        name: f[1],
        alt_names: alt(f[2]),
        shape,
        base,
        popularity: pop,
        age_rate,
        drift,
        spec,
    };
    check(&model)?;
    Ok(model)
}

fn check(m: &Model) -> Result<(), String> {
    let empty = match &m.spec {
        Spec::Watch { variants, .. } => variants.is_empty(),
        Spec::Bag {
            sizes,
            materials,
            colors,
            hardware,
            ..
        } => sizes.is_empty() || materials.is_empty() || colors.is_empty() || hardware.is_empty(),
        Spec::Jewelry { variants, .. } => variants.is_empty(),
        Spec::Shoe { colorways, .. } => colorways.is_empty(),
        Spec::Clothing { materials, colors } => materials.is_empty() || colors.is_empty(),
        Spec::Accessory { materials, colors } => materials.is_empty() || colors.is_empty(),
        Spec::Electronics {
            storage, colors, ..
        } => storage.is_empty() || colors.is_empty(),
        Spec::Fragrance {
            concentrations,
            volumes,
        } => concentrations.is_empty() || volumes.is_empty(),
    };
    if empty {
        return Err(format!(
            "{} {} has an empty option list",
            m.brand_slug, m.name
        ));
    }
    let weight_kind = matches!(
        &m.spec,
        Spec::Jewelry {
            kind: JewelryKind::Weight,
            ..
        }
    );
    if (m.base <= 0.0 && !weight_kind) || m.popularity <= 0.0 {
        return Err(format!(
            "{} {} needs a positive base price and popularity",
            m.brand_slug, m.name
        ));
    }
    Ok(())
}

fn parse_watch_variant(v: &'static str) -> Result<WatchVariant, String> {
    let p: Vec<&'static str> = v.split(',').map(str::trim).collect();
    if p.len() != 6 {
        return Err(format!(
            "watch variant {v:?} needs 6 comma-separated fields"
        ));
    }
    Ok(WatchVariant {
        reference: p[0],
        material: p[1],
        dials: p[2].split('/').map(str::trim).collect(),
        case_mm: num(p[3])?,
        mult: num(p[4])?,
        years: range_i(p[5])?,
    })
}

fn parse_jewelry_variant(kind: JewelryKind, v: &'static str) -> Result<JewelryVariant, String> {
    let p: Vec<&'static str> = v.split(',').map(str::trim).collect();
    match kind {
        JewelryKind::Piece => {
            if p.len() != 5 {
                return Err(format!("piece variant {v:?} needs 5 fields"));
            }
            let c = num(p[3])?;
            Ok(JewelryVariant {
                metal: p[0],
                purity: p[1],
                gemstone: p[2],
                carats: (c, c),
                grams: (0.0, 0.0),
                value: num(p[4])?,
            })
        }
        JewelryKind::Solitaire => {
            if p.len() != 5 {
                return Err(format!("solitaire variant {v:?} needs 5 fields"));
            }
            Ok(JewelryVariant {
                metal: p[0],
                purity: p[1],
                gemstone: p[2],
                carats: range_f(p[3])?,
                grams: (0.0, 0.0),
                value: num(p[4])?,
            })
        }
        JewelryKind::Weight => {
            if p.len() != 4 {
                return Err(format!("weight variant {v:?} needs 4 fields"));
            }
            Ok(JewelryVariant {
                metal: p[0],
                purity: p[1],
                gemstone: "none",
                carats: (0.0, 0.0),
                grams: range_f(p[2])?,
                value: num(p[3])?,
            })
        }
    }
}

fn num(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| format!("{s:?} is not a number"))
}

fn list(s: &'static str) -> Vec<&'static str> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn opts(s: &'static str) -> Result<Vec<Opt>, String> {
    list(s)
        .into_iter()
        .map(|o| {
            let (name, mult) = o
                .rsplit_once(':')
                .ok_or_else(|| format!("option {o:?} needs name:multiplier"))?;
            Ok(Opt {
                name: name.trim(),
                mult: num(mult)?,
            })
        })
        .collect()
}

fn range_i(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("range {s:?} needs low-high"))?;
    let a = a
        .trim()
        .parse::<i32>()
        .map_err(|_| format!("range {s:?} is not numeric"))?;
    let b = b
        .trim()
        .parse::<i32>()
        .map_err(|_| format!("range {s:?} is not numeric"))?;
    if a > b {
        return Err(format!("range {s:?} is reversed"));
    }
    Ok((a, b))
}

fn range_f(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("range {s:?} needs low-high"))?;
    let (a, b) = (num(a)?, num(b)?);
    if a > b || a <= 0.0 {
        return Err(format!("range {s:?} must be positive and increasing"));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_row_parses() {
        let models = table().unwrap();
        assert!(models.len() > 200, "{} models", models.len());
        for c in Category::ALL {
            assert!(
                models.iter().any(|m| m.category == c),
                "no model in {}",
                c.slug()
            );
        }
    }

    #[test]
    fn brands_have_between_one_and_ten_models() {
        let models = table().unwrap();
        let mut slugs: Vec<&str> = models.iter().map(|m| m.brand_slug).collect();
        slugs.sort();
        slugs.dedup();
        for s in slugs {
            let n = models.iter().filter(|m| m.brand_slug == s).count();
            assert!((1..=10).contains(&n), "{s} has {n} models");
        }
    }
}
