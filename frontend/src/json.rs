//! Maps a value the browser's `JSON.parse` produced onto the shared crate's DTOs (their own serde derives), without a
//! JSON parser in the WASM.
//!
//! It replaces serde-wasm-bindgen for one reason, size: its errors (like serde_json's) describe what went wrong in
//! text, and that text machinery (serde's `Unexpected` and `expecting` messages, with float formatting) was a
//! sizeable part of the widget. The API is our own server, so a mismatch is a bug, not reader input; the widget
//! only needs to know that the data was not what it expected, and says so.

use js_sys::{Array, Object};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// What the mapping reads of a parsed JSON value. The browser's `JsValue` is the one the bundles use; the host tests
/// use `serde_json::Value`, so that the mapping (the same generic code) is tested without a browser. The methods
/// mirror the `JsValue` calls one to one, so the widget's code is what it was before the trait.
pub trait Source: Sized {
    /// An array's items, or an object's `[key, value]` pairs.
    type List;
    /// `undefined` (a missing value).
    fn undefined() -> Self;
    fn is_null(&self) -> bool;
    fn is_undefined(&self) -> bool;
    fn as_bool(&self) -> Option<bool>;
    fn as_f64(&self) -> Option<f64>;
    fn as_string(&self) -> Option<String>;
    fn is_array(&self) -> bool;
    fn is_object(&self) -> bool;
    /// The items of a value `is_array` said is one.
    fn into_items(self) -> Self::List;
    /// The `[key, value]` pairs of a value `is_object` said is one (`Object.entries`).
    fn entries(&self) -> Self::List;
    fn len(list: &Self::List) -> u32;
    fn get(list: &Self::List, i: u32) -> Self;
}

impl Source for JsValue {
    type List = Array;
    fn undefined() -> JsValue {
        JsValue::UNDEFINED
    }
    fn is_null(&self) -> bool {
        JsValue::is_null(self)
    }
    fn is_undefined(&self) -> bool {
        JsValue::is_undefined(self)
    }
    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }
    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }
    fn as_string(&self) -> Option<String> {
        JsValue::as_string(self)
    }
    fn is_array(&self) -> bool {
        Array::is_array(self)
    }
    fn is_object(&self) -> bool {
        JsValue::is_object(self)
    }
    fn into_items(self) -> Array {
        self.unchecked_into()
    }
    fn entries(&self) -> Array {
        Object::entries(self.unchecked_ref())
    }
    fn len(list: &Array) -> u32 {
        list.length()
    }
    fn get(list: &Array, i: u32) -> JsValue {
        list.get(i)
    }
}

/// The data did not have the shape of the type asked for. Deliberately without details (see the module note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unexpected data")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Error
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Error
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Error
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Error
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Error
    }
    fn missing_field(_: &'static str) -> Self {
        Error
    }
    fn duplicate_field(_: &'static str) -> Self {
        Error
    }
}

/// `T` from a parsed JSON value.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    from_source(value)
}

/// `T` from any [`Source`].
pub fn from_source<T: DeserializeOwned, S: Source>(value: S) -> Result<T, Error> {
    T::deserialize(Value(value))
}

/// The largest integer a JSON number (an f64) holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

struct Value<S>(S);

impl<'de, S: Source> de::Deserializer<'de> for Value<S> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let v = self.0;
        if v.is_null() || v.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = v.as_f64() {
            if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n) {
                visitor.visit_u64(n as u64)
            } else if n.fract() == 0.0 && (-MAX_SAFE..0.0).contains(&n) {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if v.is_array() {
            let items = v.into_items();
            visitor.visit_seq(Seq::<S> {
                len: S::len(&items),
                items,
                next: 0,
            })
        } else if v.is_object() {
            let entries = v.entries();
            visitor.visit_map(Map::<S> {
                len: S::len(&entries),
                entries,
                next: 0,
                value: None,
            })
        } else {
            Err(Error)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants only (our enums' JSON is their name).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s)),
            None => Err(Error),
        }
    }

    // Typed requests get only the one `visit_*` call their type accepts, so that the other paths of the derived
    // visitors (a struct read from an array, a field named by its index, ...) are never referenced and the linker
    // drops them.

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let v = self.0;
        if v.is_object() && !v.is_array() {
            let entries = v.entries();
            visitor.visit_map(Map::<S> {
                len: S::len(&entries),
                entries,
                next: 0,
                value: None,
            })
        } else {
            Err(Error)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_array() {
            let items = self.0.into_items();
            visitor.visit_seq(Seq::<S> {
                len: S::len(&items),
                items,
                next: 0,
            })
        } else {
            Err(Error)
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(Error),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(Error),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n) => {
                visitor.visit_u64(n as u64)
            }
            _ => Err(Error),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u128 f32 f64 char
        bytes byte_buf unit unit_struct tuple tuple_struct
    }
}

struct Seq<S: Source> {
    items: S::List,
    len: u32,
    next: u32,
}

impl<'de, S: Source> de::SeqAccess<'de> for Seq<S> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.len {
            return Ok(None);
        }
        let item = S::get(&self.items, self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}

/// An object's `[key, value]` pairs (in the browser, from `Object.entries`).
struct Map<S: Source> {
    entries: S::List,
    len: u32,
    next: u32,
    value: Option<S>,
}

impl<'de, S: Source> de::MapAccess<'de> for Map<S> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.len {
            return Ok(None);
        }
        let pair = S::get(&self.entries, self.next).into_items();
        self.next += 1;
        self.value = Some(S::get(&pair, 1));
        seed.deserialize(Value(S::get(&pair, 0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().unwrap_or_else(S::undefined);
        seed.deserialize(Value(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}

/// The mapping, on the host: `serde_json::Value` stands in for what `JSON.parse` gives the browser, and every
/// answer is compared with serde_json's own reading of the same JSON.
#[cfg(test)]
mod tests {
    use super::*;
    use aqiqat_shared::api::{
        ApiError, ClaimDetail, DataVersion, Facets, IncidentCard, IncidentDetail, Page,
        StoryDetail, Timeline,
    };
    use serde_json::{Value as Json, json};

    impl Source for Json {
        type List = Vec<Json>;
        fn undefined() -> Json {
            Json::Null
        }
        fn is_null(&self) -> bool {
            Json::is_null(self)
        }
        fn is_undefined(&self) -> bool {
            false
        }
        fn as_bool(&self) -> Option<bool> {
            Json::as_bool(self)
        }
        fn as_f64(&self) -> Option<f64> {
            Json::as_f64(self)
        }
        fn as_string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn is_array(&self) -> bool {
            Json::is_array(self)
        }
        /// As in JavaScript, an array is an object too.
        fn is_object(&self) -> bool {
            Json::is_object(self) || Json::is_array(self)
        }
        fn into_items(self) -> Vec<Json> {
            match self {
                Json::Array(items) => items,
                _ => Vec::new(),
            }
        }
        fn entries(&self) -> Vec<Json> {
            match self {
                Json::Object(m) => m
                    .iter()
                    .map(|(k, v)| Json::Array(vec![Json::String(k.clone()), v.clone()]))
                    .collect(),
                Json::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Json::Array(vec![Json::String(i.to_string()), v.clone()]))
                    .collect(),
                _ => Vec::new(),
            }
        }
        fn len(list: &Vec<Json>) -> u32 {
            list.len() as u32
        }
        fn get(list: &Vec<Json>, i: u32) -> Json {
            list.get(i as usize).cloned().unwrap_or(Json::Null)
        }
    }

    /// Reads `v` as `T` both ways and checks that they agree (and that ours succeeds).
    fn same<T>(v: Json) -> T
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let reference: T = serde_json::from_value(v.clone()).expect("serde_json reads the fixture");
        let ours: T = from_source(v).expect("json.rs reads the fixture");
        assert_eq!(ours, reference);
        ours
    }

    fn card() -> Json {
        json!({
            "id": "site-blocked", "date": "2025-09", "period": null, "end_date": "ongoing",
            "title": "Сайт заблокирован", "summary": "…", "text_lang": "ru",
            "category": "freedom_of_expression", "kind": "blocking", "region": "almaty", "city": null,
            "platforms": ["website", "telegram"], "tags": ["сми"], "source_count": 2, "corrected": false
        })
    }

    fn claim_card() -> Json {
        json!({
            "id": "a-claim", "date": "2025-10-02", "quote": "«…»", "text_lang": "kk",
            "speaker": {"name": "Someone", "position": null},
            "category": "personal_data", "verdict": "mostly_true", "incident_ids": ["site-blocked"],
            "corrected": true
        })
    }

    #[test]
    fn cards_pages_and_optional_fields() {
        let page: Page<IncidentCard> = same(json!({
            "items": [card()], "total": 41, "next_cursor": "abc"
        }));
        assert_eq!(page.items[0].platforms.len(), 2);
        // Optional fields may be absent as well as null.
        let mut c = card();
        for k in ["date", "period", "end_date", "region", "city"] {
            c.as_object_mut().unwrap().remove(k);
        }
        let card: IncidentCard = same(c);
        assert_eq!(card.date, None);
        let _: Page<IncidentCard> = same(json!({"items": [], "total": 0, "next_cursor": null}));
    }

    #[test]
    fn details_read_by_hand_and_nested_lists() {
        let mut d = card();
        let extra = json!({
            "actors": [{"name": "Ministry", "role": "journalist"}],
            "legal_refs": [{"code": "criminal_code", "article": "174", "part": "1", "law": null, "text": "УК РК, ст. 174"}],
            "sources": [{"url": "https://example.org/a", "outlet": "Example"}],
            "corrections": [{"date": "2025-10-01", "note": "fixed"}],
            "claims": [claim_card()],
            "stories": [{"id": "a-case", "title": "A case", "kind": "court_case", "stage": "hearing", "position": 1,
                         "steps": [{"position": 1, "stage": "hearing", "date": "2025-09", "note": null,
                                    "incident": card(), "claim": null}]}],
            "updated_at": "2025-10-01T10:00:00Z"
        });
        d.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let detail: IncidentDetail = same(d);
        assert_eq!(detail.card.id, "site-blocked");
        assert_eq!(detail.stories[0].steps.len(), 1);

        let mut c = claim_card();
        c.as_object_mut().unwrap().extend(
            json!({
                "said_at": {"url": "https://example.org/said"}, "explanation": "…",
                "evidence": [], "corrections": [], "incidents": [card()], "published_at": null
            })
            .as_object()
            .unwrap()
            .clone(),
        );
        let claim: ClaimDetail = same(c);
        assert_eq!(claim.card.verdict.map(|v| v.as_str()), Some("mostly_true"));

        let _: StoryDetail = same(json!({
            "id": "a-law", "title": "A law", "text_lang": "en", "kind": "law", "stage": "signed",
            "summary": null, "steps": [], "corrections": [], "updated_at": null
        }));
    }

    #[test]
    fn aggregates_version_and_errors() {
        let _: Facets = same(json!({
            "incidents": 3, "claims": 1,
            "category": [{"value": "cybersecurity", "count": 3}], "kind": [], "region": [], "platform": [],
            "verdict": [{"value": "unrated", "count": 1}], "stage": []
        }));
        let _: Timeline = same(json!({
            "buckets": [{"month": "2025-09", "category": "cybersecurity", "count": 2}],
            "ranges": [{"from": "2025-08", "to": "2026-01", "category": "court_cases", "count": 1}],
            "claims": [{"month": "2025-09", "verdict": "false", "count": 1}], "year_only": 0
        }));
        let v: DataVersion = same(json!({"data_version": 9_007_199_254_740_991u64}));
        assert_eq!(v.data_version, 9_007_199_254_740_991);
        let e: ApiError = same(json!({"error": {"code": "not_found", "message": "no such item"}}));
        assert_eq!(e.error.field, None);
    }

    #[test]
    fn what_is_not_the_shape_is_an_error() {
        let bad = |v: Json| from_source::<IncidentCard, _>(v).is_err();
        let with = |k: &str, v: Json| {
            let mut c = card();
            c.as_object_mut().unwrap().insert(k.to_owned(), v);
            c
        };
        assert!(
            bad(with("kind", json!("no_such_kind"))),
            "an unknown enum name"
        );
        assert!(bad(with("source_count", json!(-1))), "a negative count");
        assert!(bad(with("source_count", json!(1.5))), "a fraction");
        assert!(bad(with("source_count", json!("2"))), "a number as text");
        assert!(
            bad(with("date", json!("2025-13"))),
            "a date that is not one"
        );
        assert!(
            bad(with("platforms", json!("website"))),
            "a list that is not one"
        );
        assert!(
            bad(with("corrected", json!(null))),
            "null for a required field"
        );
        assert!(bad(json!([card()])), "an array for an object");
        let mut c = card();
        c.as_object_mut().unwrap().remove("title");
        assert!(bad(c), "a missing field");
        assert!(
            from_source::<DataVersion, _>(json!({"data_version": 9_007_199_254_740_992u64}))
                .is_err(),
            "a number a JSON number (f64) does not hold exactly"
        );
    }
}
