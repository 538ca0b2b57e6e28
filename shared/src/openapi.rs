//! OpenAPI schemas of the types whose JSON is written by hand (wire enums, dates, ids): the derived ones sit on the
//! types themselves. Only with the `openapi` feature, which the server enables and the WASM bundles never do.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string that is one of `values`.
pub fn string_enum(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}

/// A string matching `pattern`, described.
pub fn pattern(pattern: &str, description: &str, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
        .examples([serde_json::Value::from(example)])
        .into()
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub const PARTIAL_DATE: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// An item id: lowercase Latin letters, digits and hyphens.
pub const SLUG: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";

macro_rules! manual_schema {
    ($t:ty, $name:literal, $body:expr) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> RefOr<Schema> {
                $body
            }
        }
        impl utoipa::ToSchema for $t {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
        }
    };
}

manual_schema!(
    crate::PartialDate,
    "PartialDate",
    pattern(
        PARTIAL_DATE,
        "A day, a month or a year: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.",
        "2025-09"
    )
);

manual_schema!(
    crate::DateEnd,
    "DateEnd",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(
            r"^(ongoing|[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$"
        ))
        .description(Some(
            "When a span ended: a date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) or `ongoing`."
        ))
        .into()
);

manual_schema!(
    crate::Slug,
    "Slug",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(SLUG))
        .min_length(Some(3))
        .max_length(Some(80))
        .description(Some(
            "An item's id: 3–80 lowercase Latin letters, digits and single inner hyphens."
        ))
        .examples([serde_json::Value::from("blocking-of-example-site")])
        .into()
);
