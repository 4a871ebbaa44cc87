//! A completed sale as the pricing code reads it: its text borrowed from wherever the sale
//! came from, a mapped sales file or an owned [`Sale`].
//!
//! Why not `Sale` itself: an owned sale is about twenty heap allocations (id, names, title,
//! currency, and an attribute map of owned keys and values). A profile of a million-sale load
//! put a third of its samples in the kernel zeroing fresh pages, much of them for those
//! allocations, only for the frames to copy the same text again. A record borrows every string that has no
//! JSON escape (nearly all of them) straight from the file's bytes; its attributes are one
//! small vector. The file's bytes must outlive the records, which is what [`super::load::SalesFile`]
//! is for.
//!
//! Records accept exactly what `Sale` accepts (same keys, same defaults, same checks and error
//! words); `into_sale` and `From<&Sale>` convert both ways.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;

use crate::catalog::{check_sale, decimal_from_string_or_number, Condition, Sale, DEFAULT_CURRENCY};

/// Text borrowed from the input when it has no escapes, owned when it had to be unescaped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        de.deserialize_str(TextVisitor)
    }
}

/// One attribute value of a sale: a JSON value whose strings may be borrowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttrValue<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Text(Cow<'a, str>),
    /// An array or object (rare in sales; they count as categorical levels by their JSON text).
    Other(Value),
}

impl<'a> AttrValue<'a> {
    /// Borrows a JSON value (a subject's attribute, or an owned sale's).
    pub fn of(value: &'a Value) -> AttrValue<'a> {
        match value {
            Value::Null => AttrValue::Null,
            Value::Bool(b) => AttrValue::Bool(*b),
            Value::Number(n) => AttrValue::Number(n.clone()),
            Value::String(s) => AttrValue::Text(Cow::Borrowed(s)),
            other => AttrValue::Other(other.clone()),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            AttrValue::Null => Value::Null,
            AttrValue::Bool(b) => Value::Bool(*b),
            AttrValue::Number(n) => Value::Number(n.clone()),
            AttrValue::Text(s) => Value::String(s.to_string()),
            AttrValue::Other(v) => v.clone(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, AttrValue::Null)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            AttrValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Number(n) => n.as_f64(),
            _ => None,
        }
    }
}

/// Shown as JSON, as `serde_json::Value` shows it (`true`, `40`, `"steel"`).
impl fmt::Display for AttrValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttrValue::Null => f.write_str("null"),
            AttrValue::Bool(b) => write!(f, "{b}"),
            AttrValue::Number(n) => write!(f, "{n}"),
            AttrValue::Text(s) => write!(f, "{}", Value::String(s.to_string())),
            AttrValue::Other(v) => write!(f, "{v}"),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for AttrValue<'a> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = AttrValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Null)
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Bool(b))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Number(n.into()))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Number(n.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<AttrValue<'de>, E> {
                // serde_json never yields a non-finite number; Null is what `Value` would hold.
                Ok(Number::from_f64(x).map_or(AttrValue::Null, AttrValue::Number))
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<AttrValue<'de>, E> {
                Ok(AttrValue::Text(Cow::Owned(s)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<AttrValue<'de>, A::Error> {
                Ok(AttrValue::Other(Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AttrValue<'de>, A::Error> {
                Ok(AttrValue::Other(Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?))
            }
        }
        de.deserialize_any(ValueVisitor)
    }
}

/// A sale's attributes: its keys in the order first seen, a repeated key keeping its last
/// value (as a JSON object read into a map does).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes<'a>(Vec<(Cow<'a, str>, AttrValue<'a>)>);

impl<'a> Attributes<'a> {
    /// Borrows a JSON object's attributes.
    pub fn of(map: &'a Map<String, Value>) -> Attributes<'a> {
        Attributes(map.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), AttrValue::of(v))).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttrValue<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn get(&self, key: &str) -> Option<&AttrValue<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_map(&self) -> Map<String, Value> {
        self.0.iter().map(|(k, v)| (k.to_string(), v.to_value())).collect()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Attributes<'a> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Attributes<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes<'de>, A::Error> {
                let mut entries: Vec<(Cow<'de, str>, AttrValue<'de>)> = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some((Text(key), value)) = map.next_entry::<Text<'de>, AttrValue<'de>>()? {
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => entries.push((key, value)),
                    }
                }
                Ok(Attributes(entries))
            }
        }
        de.deserialize_map(ObjectVisitor)
    }
}

fn default_currency<'a>() -> Text<'a> {
    Text(Cow::Borrowed(DEFAULT_CURRENCY))
}

/// One completed sale, borrowing its text. The keys, defaults and rules are `Sale`'s.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleRecord<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(default, borrow)]
    pub listing_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub category: Text<'a>,
    #[serde(default, borrow)]
    pub brand: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub model: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub reference_number: Option<Text<'a>>,
    pub condition: Condition,
    #[serde(default, borrow)]
    pub title: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub attributes: Attributes<'a>,
    #[serde(deserialize_with = "decimal_from_string_or_number")]
    pub sale_price: Decimal,
    #[serde(default = "default_currency", borrow)]
    pub currency: Text<'a>,
    #[serde(with = "time::serde::rfc3339")]
    pub sold_at: OffsetDateTime,
}

impl<'a> SaleRecord<'a> {
    /// The rules `Sale` is held to when read ([`crate::catalog::validate_sale`]).
    pub fn validate(&self) -> Result<(), String> {
        check_sale(&self.id, &self.category, self.sale_price, &self.currency)
    }

    pub fn brand(&self) -> Option<&str> {
        self.brand.as_deref()
    }

    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    pub fn reference_number(&self) -> Option<&str> {
        self.reference_number.as_deref()
    }

    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// An owned sale with the same content (attributes that were `null` stay `null`).
    pub fn to_sale(&self) -> Sale {
        let text = |t: &Option<Text<'_>>| t.as_deref().map(str::to_string);
        Sale {
            id: self.id.to_string(),
            listing_id: text(&self.listing_id),
            category: self.category.to_string(),
            brand: text(&self.brand),
            model: text(&self.model),
            reference_number: text(&self.reference_number),
            condition: self.condition,
            title: text(&self.title),
            attributes: self.attributes.to_map(),
            sale_price: self.sale_price,
            currency: self.currency.to_string(),
            sold_at: self.sold_at,
        }
    }
}

impl<'a> From<&'a Sale> for SaleRecord<'a> {
    fn from(s: &'a Sale) -> SaleRecord<'a> {
        let text = |t: &'a Option<String>| t.as_deref().map(|t| Text(Cow::Borrowed(t)));
        SaleRecord {
            id: Text(Cow::Borrowed(&s.id)),
            listing_id: text(&s.listing_id),
            category: Text(Cow::Borrowed(&s.category)),
            brand: text(&s.brand),
            model: text(&s.model),
            reference_number: text(&s.reference_number),
            condition: s.condition,
            title: text(&s.title),
            attributes: Attributes::of(&s.attributes),
            sale_price: s.sale_price,
            currency: Text(Cow::Borrowed(&s.currency)),
            sold_at: s.sold_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_jsonl_line;

    /// Lines a sales file may hold, good and bad, with escapes, nulls, numbers of each kind and
    /// repeated keys.
    const LINES: &[&str] = &[
        r#"{"id":"s1","category":"watches","brand":"Rolex","model":"Sub\u00e9","condition":"good","title":"ساعة \"x\"","attributes":{"box":true,"size":40,"w":1.5,"big":18446744073709551615,"neg":-3,"c":"Steel","n":null,"arr":[1,"a"],"obj":{"k":1},"box":false},"salePrice":"100.50","soldAt":"2024-01-01T00:00:00Z","extra":1}"#,
        r#"{"id":"s2","category":"bags","condition":"new","salePrice":620000,"currency":"SAR","soldAt":"2024-02-01T10:00:00+02:00","listingId":"l2","referenceNumber":"M-1"}"#,
        r#"{"id":"s3","category":"bags","condition":"new","salePrice":12.25,"soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s4","category":"bags","condition":"new","salePrice":true,"soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s5","category":"bags","condition":"new","salePrice":[1,2],"soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s6","category":"bags","condition":"new","salePrice":"1,000","soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s7","category":"bags","condition":"mint","salePrice":"1","soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s8","category":"bags","condition":"new","salePrice":"1","soldAt":"yesterday"}"#,
        r#"{"id":"s9","category":"bags","condition":"new","salePrice":"1","soldAt":"2024-02-01T10:00:00Z","attributes":[1]}"#,
        r#"{"id":"s10","category":"bags","condition":"new","salePrice":"1","soldAt":"2024-02-01T10:00:00Z","brand":7}"#,
        r#"{"id":"s11","condition":"new","salePrice":"1","soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s12","category":"bags","condition":"new","salePrice":"-1","currency":"sar","soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s13","category":"bags","condition":"new","salePrice":"5","currency":"sar","soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s14","category":"bags","condition":"new","salePrice":1e400,"soldAt":"2024-02-01T10:00:00Z"}"#,
        r#"{"id":"s15","category":"bags","condition":"new","salePrice":"9","soldAt":"2024-02-01T10:00:00Z","brand":null,"attributes":{}}"#,
        r#"not json"#,
        r#"{"id":"s16","category":"bags","condition":"new","salePrice":"9","soldAt":"2024-02-01T10:00:00Z""#,
    ];

    fn owned(line: &str) -> Result<Option<Sale>, String> {
        parse_jsonl_line::<Sale>(line.as_bytes())
            .and_then(|s| s.map(|s| crate::catalog::validate_sale(&s).map(|()| s)).transpose())
    }

    fn borrowed(line: &str) -> Result<Option<SaleRecord<'_>>, String> {
        parse_jsonl_line::<SaleRecord>(line.as_bytes()).and_then(|s| s.map(|s| s.validate().map(|()| s)).transpose())
    }

    #[test]
    fn records_accept_and_refuse_what_sales_do_with_the_same_words() {
        let mut refused = 0;
        for line in LINES {
            match (owned(line), borrowed(line)) {
                (Ok(Some(sale)), Ok(Some(record))) => {
                    // A map keeps the last of a repeated key, and so does a record.
                    assert_eq!(record.to_sale(), sale, "{line}");
                    assert_eq!(SaleRecord::from(&sale).to_sale(), sale, "round trip of {line}");
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{line}");
                    refused += 1;
                }
                (a, b) => panic!("{line}: sale {a:?} but record {b:?}"),
            }
        }
        assert_eq!(refused, 13, "the bad lines are refused");
    }

    #[test]
    fn plain_text_is_borrowed_and_escaped_text_owned() {
        let line = LINES[0];
        let record = borrowed(line).unwrap().unwrap();
        assert!(matches!(record.id.0, Cow::Borrowed(_)));
        assert!(matches!(record.model.as_ref().unwrap().0, Cow::Owned(_)), "an escape must be unescaped");
        assert_eq!(record.model(), Some("Subé"));
        assert_eq!(record.title(), Some("ساعة \"x\""));
        assert!(matches!(record.attributes.get("c"), Some(AttrValue::Text(Cow::Borrowed("Steel")))));
        assert_eq!(record.attributes.get("box"), Some(&AttrValue::Bool(false)), "the last of a repeated key");
        assert_eq!(record.attributes.len(), 9);
        assert_eq!(record.attributes.get("arr").map(ToString::to_string).as_deref(), Some(r#"[1,"a"]"#));
        assert_eq!(record.attributes.get("big").and_then(AttrValue::as_f64), Some(18446744073709551615.0));
    }
}
