//! Completed sales: three years of transactions, the evidence the price estimator learns from.
//!
//! Most sales are independent records spread over the three years (ids in time order); the
//! listings marked `sold` also close here, with their listing id, their own title and a price
//! negotiated down from the asking price.

use rand::Rng;

use crate::catalog::{DEFAULT_CURRENCY, Sale};

use super::calendar::{self, DAY, Timeline};
use super::catalogue::{Catalogue, Spec};
use super::item::{self, Item};
use super::listings::{self, Context};
use super::pricing;
use super::random::{self, Domain};
use super::text::{self, Style};

pub(crate) fn sale_id(index: u64) -> String {
    format!("sale-{:07}", index + 1)
}

fn record(
    cat: &Catalogue,
    item: &Item,
    title: String,
    price: i64,
    sold_at: i64,
    listing_id: Option<String>,
) -> Sale {
    let model = item.model(cat);
    Sale {
        id: String::new(),
        listing_id,
        category: model.category.slug().to_string(),
        brand: Some(cat.brand_of(item.entry).name.clone()),
        model: Some(model.name.to_string()),
        reference_number: item::reference(cat, item).map(str::to_string),
        condition: item.condition,
        title: Some(title),
        attributes: item::attributes(cat, item),
        sale_price: pricing::money(price),
        currency: DEFAULT_CURRENCY.to_string(),
        sold_at: calendar::datetime(sold_at),
    }
}

/// The independent sales, made one at a time from their own streams.
pub(crate) struct Independent<'c> {
    catalogue: &'c Catalogue,
    seed: u64,
    total: u64,
    timeline: Timeline,
}

impl<'c> Independent<'c> {
    pub(crate) fn new(catalogue: &'c Catalogue, seed: u64, total: u64) -> Independent<'c> {
        Independent {
            catalogue,
            seed,
            total,
            timeline: Timeline::sales(),
        }
    }

    /// Sale `index` of the independent series (its id is given when the series are merged).
    pub(crate) fn make(&self, index: u64) -> Sale {
        let cat = self.catalogue;
        let mut rng = random::stream(self.seed, Domain::Sale, index);
        let t = self
            .timeline
            .at((index as f64 + rng.r#gen::<f64>()) / self.total.max(1) as f64);
        let year = calendar::year_of(t);
        let entry = cat.pick_sale(&mut rng, year, |m| match &m.spec {
            Spec::Electronics { release, .. } => calendar::unix(release.0, release.1, 15) <= t,
            _ => true,
        });
        let item = item::sample(cat, entry, t, &mut rng);
        let gulf = rng.gen_bool(0.1);
        let style = Style::pick(&mut rng, gulf);
        let title = text::title(cat, &item, style, &mut rng);
        let v = pricing::log_value(cat, &item, t) + pricing::sale_noise(cat, &item, &mut rng);
        let price = pricing::round_sale(v.exp(), &mut rng);
        record(cat, &item, title, price, t, None)
    }
}

/// The sale that closed listing `index`, which is marked `sold`.
pub(crate) fn closing(ctx: &Context<'_>, index: u64) -> Sale {
    let made = listings::make(ctx, index);
    let l = &made.listing;
    let mut rng = random::stream(ctx.seed, Domain::LinkedSale, index);
    let created = l
        .created_at
        .map(|d| d.unix_timestamp())
        .unwrap_or_else(calendar::t0);
    let room = (calendar::t0() - 1 - created).max(1);
    let sold_at = created + rng.gen_range(0..room.min(40 * DAY));
    // Buyers negotiate: 3-12% off the asking price.
    let asked: f64 = l.price.to_string().parse().unwrap_or(1.0);
    let discount = rng.gen_range(0.03..0.12);
    let price = pricing::round_sale(asked * (1.0 - discount), &mut rng);
    record(
        ctx.catalogue,
        &made.item,
        l.title.clone(),
        price,
        sold_at,
        Some(l.id.clone()),
    )
}
