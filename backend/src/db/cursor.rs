//! Opaque paging cursors. Lists ordered by date continue after the last (sort key, id) seen, so a page never
//! repeats or skips an item when others are published meanwhile; relevance-ranked searches continue by offset.

use aqiqat_shared::FieldError;
use aqiqat_shared::api::ErrorCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    After { sort_key: String, id: String },
    Offset(u32),
}

const MAX_OFFSET: u32 = 100_000;

fn bad(msg: &str) -> FieldError {
    FieldError::new("cursor", ErrorCode::InvalidCursor.as_str(), msg)
}

impl Cursor {
    pub fn encode(&self) -> String {
        let raw = match self {
            Cursor::After { sort_key, id } => format!("k|{sort_key}|{id}"),
            Cursor::Offset(n) => format!("o|{n}"),
        };
        URL_SAFE_NO_PAD.encode(raw)
    }

    pub fn decode(s: &str) -> Result<Cursor, FieldError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(s.as_bytes())
            .map_err(|_| bad("this cursor was not issued by this API; use next_cursor as given"))?;
        let text = String::from_utf8(bytes).map_err(|_| bad("the cursor is damaged"))?;
        let mut parts = text.splitn(3, '|');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("k"), Some(key), Some(id))
                if key.len() == 10
                    && key.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    })
                    && aqiqat_shared::Slug::parse(id).is_ok() =>
            {
                Ok(Cursor::After {
                    sort_key: key.to_owned(),
                    id: id.to_owned(),
                })
            }
            (Some("o"), Some(n), None) => match n.parse::<u32>() {
                Ok(n) if n <= MAX_OFFSET => Ok(Cursor::Offset(n)),
                _ => Err(bad("the cursor is damaged")),
            },
            _ => Err(bad("the cursor is damaged")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for c in [
            Cursor::After {
                sort_key: "2025-09-00".into(),
                id: "a-b-c".into(),
            },
            Cursor::Offset(40),
        ] {
            assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        }
    }

    #[test]
    fn rejects_foreign_cursors() {
        for s in [
            "!!!",
            "abc",
            &URL_SAFE_NO_PAD.encode("k|2025|x"),
            &URL_SAFE_NO_PAD.encode("o|-1"),
            &URL_SAFE_NO_PAD.encode("k|2025-09-00|Bad Id"),
        ] {
            assert_eq!(Cursor::decode(s).unwrap_err().code, "invalid_cursor", "{s}");
        }
    }
}
