//! Storefront listings: an item, a seller, a place, a time, and the seller's own words and price.

use rand::Rng;

use crate::catalog::{
    AuthenticationStatus, DEFAULT_CURRENCY, GeoPoint, Listing, ListingStatus, SellerLevel,
};

use super::calendar::{self, DAY, Timeline};
use super::catalogue::Catalogue;
use super::item::{self, Item};
use super::pricing;
use super::random::{self, Domain, normal, weighted};
use super::text::{self, Style};

/// A city sellers list from, with its districts (Arabic, English) for "pickup in ..." lines.
struct City {
    lat: f64,
    lng: f64,
    /// Relative share of sellers; Egypt carries about 90% of the marketplace.
    weight: f64,
    gulf: bool,
    areas: &'static [(&'static str, &'static str)],
}

const CITIES: &[City] = &[
    City {
        lat: 30.0444,
        lng: 31.2357,
        weight: 26.0,
        gulf: false,
        areas: &[
            ("مدينة نصر", "Nasr City"),
            ("المعادي", "Maadi"),
            ("الزمالك", "Zamalek"),
            ("مصر الجديدة", "Heliopolis"),
        ],
    },
    City {
        lat: 30.0300,
        lng: 31.4700,
        weight: 16.0,
        gulf: false,
        areas: &[
            ("التجمع الخامس", "Fifth Settlement"),
            ("الرحاب", "Rehab City"),
            ("مدينتي", "Madinaty"),
        ],
    },
    City {
        lat: 30.0131,
        lng: 31.2089,
        weight: 9.0,
        gulf: false,
        areas: &[
            ("المهندسين", "Mohandessin"),
            ("الدقي", "Dokki"),
            ("الهرم", "Haram"),
        ],
    },
    City {
        lat: 30.0440,
        lng: 30.9780,
        weight: 8.0,
        gulf: false,
        areas: &[
            ("الشيخ زايد", "Sheikh Zayed"),
            ("بيفرلي هيلز", "Beverly Hills"),
            ("6 أكتوبر", "6th of October"),
        ],
    },
    City {
        lat: 31.2001,
        lng: 29.9187,
        weight: 12.0,
        gulf: false,
        areas: &[
            ("سموحة", "Smouha"),
            ("ستانلي", "Stanley"),
            ("العجمي", "Agami"),
        ],
    },
    City {
        lat: 31.0409,
        lng: 31.3785,
        weight: 5.0,
        gulf: false,
        areas: &[("المنصورة", "Mansoura")],
    },
    City {
        lat: 27.2579,
        lng: 33.8116,
        weight: 3.0,
        gulf: false,
        areas: &[("الغردقة", "Hurghada")],
    },
    City {
        lat: 25.2048,
        lng: 55.2708,
        weight: 3.2,
        gulf: true,
        areas: &[
            ("دبي مارينا", "Dubai Marina"),
            ("البرشاء", "Al Barsha"),
            ("داون تاون", "Downtown Dubai"),
        ],
    },
    City {
        lat: 24.4539,
        lng: 54.3773,
        weight: 1.0,
        gulf: true,
        areas: &[("أبوظبي", "Abu Dhabi")],
    },
    City {
        lat: 24.7136,
        lng: 46.6753,
        weight: 1.8,
        gulf: true,
        areas: &[("حي الملقا", "Al Malqa"), ("العليا", "Olaya")],
    },
    City {
        lat: 21.4858,
        lng: 39.1925,
        weight: 1.0,
        gulf: true,
        areas: &[("جدة", "Jeddah")],
    },
    City {
        lat: 29.3759,
        lng: 47.9774,
        weight: 0.8,
        gulf: true,
        areas: &[("الكويت", "Kuwait City")],
    },
    City {
        lat: 25.2854,
        lng: 51.5310,
        weight: 0.6,
        gulf: true,
        areas: &[("الدوحة", "Doha")],
    },
    City {
        lat: 26.2285,
        lng: 50.5860,
        weight: 0.4,
        gulf: true,
        areas: &[("المنامة", "Manama")],
    },
];

/// A seller: everything about them follows from their index, so their listings agree on city
/// and level however many listings are made.
pub(crate) struct Seller {
    pub id: String,
    pub level: SellerLevel,
    city: usize,
}

fn seller(seed: u64, index: u64, sellers: u64) -> Seller {
    let mut rng = random::stream(seed, Domain::Seller, index);
    let weights: Vec<f64> = CITIES.iter().map(|c| c.weight).collect();
    let city = weighted(&mut rng, &weights);
    // The busiest accounts (low indices, see `Context::pick_seller`) are the pro dealers.
    let rank = index as f64 / sellers as f64;
    let level = if rank < 0.03 {
        SellerLevel::Pro
    } else if rank < 0.12 {
        SellerLevel::Trusted
    } else if rank < 0.45 {
        SellerLevel::Verified
    } else {
        SellerLevel::New
    };
    Seller {
        id: format!("usr-{:05}", index + 1),
        level,
        city,
    }
}

/// What every listing of one run shares.
pub(crate) struct Context<'c> {
    pub catalogue: &'c Catalogue,
    pub seed: u64,
    pub total: u64,
    pub images: bool,
    timeline: Timeline,
    sellers: u64,
}

impl<'c> Context<'c> {
    pub(crate) fn new(
        catalogue: &'c Catalogue,
        seed: u64,
        total: u64,
        images: bool,
    ) -> Context<'c> {
        Context {
            catalogue,
            seed,
            total,
            images,
            timeline: Timeline::listings(120),
            sellers: (total / 5).max(50),
        }
    }

    /// Sellers are Zipf-like: a few dealers list a lot, most people list once or twice.
    fn pick_seller<R: Rng>(&self, rng: &mut R) -> u64 {
        let u: f64 = rng.r#gen();
        ((u.powf(2.2) * self.sellers as f64) as u64).min(self.sellers - 1)
    }
}

/// A listing with the item it describes (the photo is drawn from the item).
pub(crate) struct Made {
    pub listing: Listing,
    pub item: Item,
}

pub(crate) fn listing_id(index: u64) -> String {
    format!("lst-{:07}", index + 1)
}

/// Makes listing `index` (0-based) of the run.
pub(crate) fn make(ctx: &Context<'_>, index: u64) -> Made {
    let cat = ctx.catalogue;
    let mut rng = random::stream(ctx.seed, Domain::Listing, index);
    let t = ctx
        .timeline
        .at((index as f64 + rng.r#gen::<f64>()) / ctx.total.max(1) as f64);
    let entry = cat.pick_listing(&mut rng);
    let item = item::sample(cat, entry, t, &mut rng);
    let seller = seller(ctx.seed, ctx.pick_seller(&mut rng), ctx.sellers);
    let city = &CITIES[seller.city];
    let area = random::choose(&mut rng, city.areas);
    let style = Style::pick(&mut rng, city.gulf);
    let title = text::title(cat, &item, style, &mut rng);
    let description = text::description(cat, &item, style, area, &mut rng);
    let value = pricing::log_value(cat, &item, t);
    let premium = pricing::asking_premium(seller.level, &mut rng);
    let price = pricing::round_asking((value + premium).exp(), &mut rng);

    let age_days = (calendar::t0() - t) as f64 / DAY as f64;
    // Old listings have had time to sell or lapse; fresh ones are more often still in review.
    let status_weights = [
        0.885,
        0.022,
        if age_days < 7.0 { 0.05 } else { 0.012 },
        0.02 + 0.0004 * age_days,
        0.012,
        if age_days > 60.0 { 0.06 } else { 0.0 },
    ];
    let status = [
        ListingStatus::Active,
        ListingStatus::Draft,
        ListingStatus::PendingReview,
        ListingStatus::Sold,
        ListingStatus::Reserved,
        ListingStatus::Expired,
    ][weighted(&mut rng, &status_weights)];
    let expensive = value > 500_000f64.ln();
    let auth_weights: [f64; 5] = match (status, seller.level) {
        (ListingStatus::Draft | ListingStatus::PendingReview, _) => [0.55, 0.15, 0.05, 0.02, 0.23],
        (ListingStatus::Expired, _) => [0.45, 0.25, 0.08, 0.02, 0.2],
        (_, SellerLevel::New) => [0.55, 0.3, 0.1, 0.05, 0.0],
        (_, SellerLevel::Verified) => [0.35, 0.35, 0.2, 0.1, 0.0],
        (_, SellerLevel::Trusted) => [0.2, 0.35, 0.28, 0.17, 0.0],
        (_, SellerLevel::Pro) => [0.1, 0.3, 0.3, 0.3, 0.0],
    };
    let mut auth_weights = auth_weights;
    if expensive {
        // Nobody pays a million pounds for an unchecked watch: the expensive pieces get experts.
        auth_weights[2] *= 2.0;
        auth_weights[3] *= 2.5;
    }
    let authentication_status = AuthenticationStatus::ALL[weighted(&mut rng, &auth_weights)];
    let lat = city.lat + 0.04 * normal(&mut rng);
    let lng = city.lng + 0.04 * normal(&mut rng);
    let id = listing_id(index);
    let model = item.model(cat);
    let listing = Listing {
        images: if ctx.images {
            vec![format!("images/{id}.jpg")]
        } else {
            Vec::new()
        },
        id,
        title,
        description: Some(description),
        category: model.category.slug().to_string(),
        brand: Some(cat.brand_of(entry).name.clone()),
        model: Some(model.name.to_string()),
        reference_number: item::reference(cat, &item).map(str::to_string),
        condition: item.condition,
        price: pricing::money(price),
        currency: DEFAULT_CURRENCY.to_string(),
        authentication_status,
        seller_id: Some(seller.id),
        seller_level: Some(seller.level),
        attributes: item::attributes(cat, &item),
        location: Some(GeoPoint {
            lat: round5(lat),
            lng: round5(lng),
        }),
        created_at: Some(calendar::datetime(t)),
        status,
    };
    Made { listing, item }
}

/// About a metre: more would only bloat the file.
fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}
