//! Validation errors: each names the field it belongs to, so the admin form can show it next to that field and
//! the API can answer `{"error": {"code", "message", "field"}}`.

use serde::{Deserialize, Serialize};

/// One problem with one field. `field` is a path such as `title.ru` or `sources[2].url`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem found in one value, in the order the fields are declared. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl ValidationErrors {
    pub fn first(&self) -> &FieldError {
        &self.0[0]
    }

    /// The errors of one field (or of its sub-fields), for showing them next to it.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldError> + 'a {
        self.0.iter().filter(move |e| {
            e.field == field
                || e.field
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        })
    }
}

/// Collects problems while a value is checked, so that a form shows all of them at once, not the first only.
#[derive(Debug, Default)]
pub struct Issues(Vec<FieldError>);

impl Issues {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn add(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}
