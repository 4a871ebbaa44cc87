//! Listings and sales as they appear in JSON Lines files (camelCase keys, unknown keys ignored).

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

/// Currency assumed when a record names none: the bundled marketplace is Egyptian.
pub const DEFAULT_CURRENCY: &str = "EGP";

/// Physical condition of an item, best first. The order is meaningful to pricing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    New,
    Excellent,
    VeryGood,
    Good,
    Fair,
}

impl Condition {
    pub const ALL: [Condition; 5] = [
        Condition::New,
        Condition::Excellent,
        Condition::VeryGood,
        Condition::Good,
        Condition::Fair,
    ];

    /// The wire name (`very_good`).
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::New => "new",
            Condition::Excellent => "excellent",
            Condition::VeryGood => "very_good",
            Condition::Good => "good",
            Condition::Fair => "fair",
        }
    }

    /// A label for facet lists, in English and Arabic.
    pub fn label(self) -> &'static str {
        match self {
            Condition::New => "New · جديد",
            Condition::Excellent => "Excellent · ممتاز",
            Condition::VeryGood => "Very good · جيد جدا",
            Condition::Good => "Good · جيد",
            Condition::Fair => "Fair · مقبول",
        }
    }

    pub fn parse(s: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// How far a listing's authenticity has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthenticationStatus {
    #[default]
    Pending,
    AiVerified,
    ExpertVerified,
    FullyVerified,
    Rejected,
}

impl AuthenticationStatus {
    pub const ALL: [AuthenticationStatus; 5] = [
        AuthenticationStatus::Pending,
        AuthenticationStatus::AiVerified,
        AuthenticationStatus::ExpertVerified,
        AuthenticationStatus::FullyVerified,
        AuthenticationStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthenticationStatus::Pending => "pending",
            AuthenticationStatus::AiVerified => "ai_verified",
            AuthenticationStatus::ExpertVerified => "expert_verified",
            AuthenticationStatus::FullyVerified => "fully_verified",
            AuthenticationStatus::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuthenticationStatus::Pending => "Pending · قيد التحقق",
            AuthenticationStatus::AiVerified => "AI verified · تحقق آلي",
            AuthenticationStatus::ExpertVerified => "Expert verified · تحقق خبير",
            AuthenticationStatus::FullyVerified => "Fully verified · موثق بالكامل",
            AuthenticationStatus::Rejected => "Rejected · مرفوض",
        }
    }

    pub fn parse(s: &str) -> Option<AuthenticationStatus> {
        AuthenticationStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The marketplace's trust level for a seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SellerLevel {
    #[default]
    New,
    Verified,
    Trusted,
    Pro,
}

impl SellerLevel {
    pub const ALL: [SellerLevel; 4] =
        [SellerLevel::New, SellerLevel::Verified, SellerLevel::Trusted, SellerLevel::Pro];

    pub fn as_str(self) -> &'static str {
        match self {
            SellerLevel::New => "new",
            SellerLevel::Verified => "verified",
            SellerLevel::Trusted => "trusted",
            SellerLevel::Pro => "pro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SellerLevel::New => "New seller · بائع جديد",
            SellerLevel::Verified => "Verified · موثق",
            SellerLevel::Trusted => "Trusted · موثوق",
            SellerLevel::Pro => "Pro · محترف",
        }
    }

    pub fn parse(s: &str) -> Option<SellerLevel> {
        SellerLevel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where a listing is in its life. Only `Active` listings are on the storefront.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    #[default]
    Active,
    Draft,
    PendingReview,
    Sold,
    Reserved,
    Expired,
}

impl ListingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Active => "active",
            ListingStatus::Draft => "draft",
            ListingStatus::PendingReview => "pending_review",
            ListingStatus::Sold => "sold",
            ListingStatus::Reserved => "reserved",
            ListingStatus::Expired => "expired",
        }
    }

    pub fn is_searchable(self) -> bool {
        self == ListingStatus::Active
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lng: f64,
}

/// One storefront document (`listings.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
    pub condition: Condition,
    #[serde(deserialize_with = "decimal_from_string_or_number")]
    pub price: Decimal,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub authentication_status: AuthenticationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_level: Option<SellerLevel>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub status: ListingStatus,
}

/// One completed transaction (`sales.jsonl`): the evidence behind price estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sale {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing_id: Option<String>,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
    #[serde(deserialize_with = "decimal_from_string_or_number")]
    pub sale_price: Decimal,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(with = "time::serde::rfc3339")]
    pub sold_at: OffsetDateTime,
}

fn default_currency() -> String {
    DEFAULT_CURRENCY.to_string()
}

/// Money arrives as `"620000.00"` or `620000`: accept both, exactly (no float round trip for
/// strings). Read through a visitor rather than a `Value`, so a borrowed price string costs no
/// allocation: a million-sale file reads a million of them.
pub fn decimal_from_string_or_number<'de, D: Deserializer<'de>>(de: D) -> Result<Decimal, D::Error> {
    de.deserialize_any(PriceVisitor)
}

struct PriceVisitor;

impl PriceVisitor {
    fn number<E: serde::de::Error>(n: serde_json::Number) -> Result<Decimal, E> {
        n.to_string()
            .parse::<Decimal>()
            .or_else(|_| Decimal::try_from(n.as_f64().unwrap_or(f64::NAN)))
            .map_err(|_| E::custom(format!("price {n} is out of range")))
    }

    fn other<E: serde::de::Error>(other: Value) -> Result<Decimal, E> {
        Err(E::custom(format!("price must be a decimal string or a number, not {other}")))
    }
}

impl<'de> serde::de::Visitor<'de> for PriceVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal string or a number")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Decimal, E> {
        s.trim().parse::<Decimal>().map_err(|_| E::custom(format!("price {s:?} is not a decimal number")))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Decimal, E> {
        Self::number(n.into())
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Decimal, E> {
        Self::number(n.into())
    }

    fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<Decimal, E> {
        match serde_json::Number::from_f64(x) {
            Some(n) => Self::number(n),
            None => Self::other(Value::Null),
        }
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Decimal, E> {
        Self::other(Value::Bool(b))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Decimal, E> {
        Self::other(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Decimal, A::Error> {
        Self::other(Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        Self::other(Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?)
    }
}

/// Checks a sale's rules that serde alone cannot.
pub fn validate_sale(sale: &Sale) -> Result<(), String> {
    check_sale(&sale.id, &sale.category, sale.sale_price, &sale.currency)
}

/// The rules of [`validate_sale`], on the fields they read (shared with the pricing loader's
/// borrowed records, so both refuse the same lines with the same words).
pub fn check_sale(id: &str, category: &str, sale_price: Decimal, currency: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        return Err("id must not be empty".into());
    }
    if category.trim().is_empty() {
        return Err(format!("sale {id}: category must not be empty"));
    }
    if sale_price <= Decimal::ZERO {
        return Err(format!("sale {id}: salePrice must be greater than 0, got {sale_price}"));
    }
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("sale {id}: currency {currency:?} is not an ISO 4217 code such as EGP"));
    }
    Ok(())
}
