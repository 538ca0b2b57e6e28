//! Exports of exactly what a view shows: `/api/v1/export/{incidents,claims}.{csv,ndjson}` with the lists' filter
//! and `lang`, every published match (not a page), streamed.
//!
//! The body is written chunk by chunk (`CHUNK` items, each read by key after the last, in the lists' date
//! order), so memory stays flat whatever the size of the download. Everything that can be refused is checked, and
//! the first chunk read, before the answer starts: those errors are the API's JSON errors. A failure later can
//! only cut the download short (logged); a client sees an incomplete chunked body, never a truncated file that
//! looks whole.
//!
//! `limit` and `cursor` are accepted (a list's URL may carry them) and ignored: an export has every match. `bom=1`
//! starts a CSV with a UTF-8 byte order mark, for spreadsheet programs that need one to read UTF-8.

use aqiqat_shared::export::{CLAIM_COLUMNS, ClaimRow, INCIDENT_COLUMNS, IncidentRow};
use aqiqat_shared::view::{PageKind, Tab, public_path};
use aqiqat_shared::{FieldError, Filter, Lang};
use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::pin::Pin;

use super::AppState;
use super::cache::AnsweredAt;
use super::error::ApiErr;
use super::extract::list_query_with;
use super::pages::{abs, origin};
use crate::db::{ExportKey, ExportOrder};

/// Items read and written per step of the stream.
const CHUNK: u32 = 500;
/// Chunks read ahead of the one being sent.
const READ_AHEAD: usize = 2;

/// Every export route, in one list (see `public::routes`): served under `/api/v1`, described in the OpenAPI
/// document.
pub fn routes() -> super::Routes {
    vec![
        (
            "/export/incidents.csv",
            get(export_route(Tab::Incidents, Format::Csv)),
        ),
        (
            "/export/incidents.ndjson",
            get(export_route(Tab::Incidents, Format::Ndjson)),
        ),
        (
            "/export/claims.csv",
            get(export_route(Tab::Claims, Format::Csv)),
        ),
        (
            "/export/claims.ndjson",
            get(export_route(Tab::Claims, Format::Ndjson)),
        ),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

type ExportFuture = Pin<Box<dyn Future<Output = Result<Response, ApiErr>> + Send>>;

fn export_route(
    tab: Tab,
    format: Format,
) -> impl Fn(State<AppState>, HeaderMap, RawQuery) -> ExportFuture + Clone + Send + Sync + 'static {
    move |State(st), headers, RawQuery(qs)| {
        Box::pin(
            async move { export(st, &headers, qs.as_deref().unwrap_or(""), tab, format).await },
        )
    }
}

/// `bom=1` (or `true`) asks for a byte order mark; `0`, `false` or nothing for none.
fn parse_bom(own: &[(String, String)], format: Format) -> Result<bool, ApiErr> {
    let bad = |msg: &str| ApiErr::BadRequest(FieldError::new("bom", "invalid_bom", msg));
    let mut bom = false;
    for (_, v) in own {
        bom = match v.trim() {
            "1" | "true" => true,
            "" | "0" | "false" => false,
            _ => return Err(bad("bom is 1 (a UTF-8 byte order mark first) or 0")),
        };
    }
    if bom && format == Format::Ndjson {
        return Err(bad("bom is for CSV; NDJSON never starts with one"));
    }
    Ok(bom)
}

/// What one export needs between chunks.
struct Export {
    st: AppState,
    filter: Filter,
    lang: Lang,
    origin: String,
    tab: Tab,
    format: Format,
}

impl Export {
    /// The items after `after` (from the first), encoded; and where to continue, if more may follow.
    async fn chunk(
        &self,
        after: Option<&ExportKey>,
    ) -> Result<(Vec<u8>, Option<ExportKey>), ApiErr> {
        let order = ExportOrder::Date(after);
        let lang = self.lang;
        let url = |kind: PageKind, id: &str| abs(&self.origin, &public_path(kind, id, lang));
        let mut out = Vec::with_capacity(256 * CHUNK as usize);
        let next = match self.tab {
            Tab::Incidents => {
                let (rows, next) = self
                    .st
                    .db
                    .export_incidents(&self.filter, lang, order, CHUNK)
                    .await?;
                let rows = rows.into_iter().map(|r| IncidentRow {
                    url: url(PageKind::Incident, &r.card.id),
                    card: r.card,
                    published_at: r.published_at,
                    updated_at: r.updated_at,
                });
                match self.format {
                    Format::Csv => write_csv(&mut out, rows.map(|r| r.csv_record(lang)))?,
                    Format::Ndjson => write_ndjson(&mut out, rows)?,
                }
                next
            }
            Tab::Claims => {
                let (rows, next) = self
                    .st
                    .db
                    .export_claims(&self.filter, lang, order, CHUNK)
                    .await?;
                let rows = rows.into_iter().map(|r| ClaimRow {
                    url: url(PageKind::Claim, &r.card.id),
                    card: r.card,
                    published_at: r.published_at,
                    updated_at: r.updated_at,
                });
                match self.format {
                    Format::Csv => write_csv(&mut out, rows.map(|r| r.csv_record(lang)))?,
                    Format::Ndjson => write_ndjson(&mut out, rows)?,
                }
                next
            }
        };
        Ok((out, next))
    }
}

fn internal(e: impl std::fmt::Display) -> ApiErr {
    ApiErr::Internal(anyhow::anyhow!("writing an export: {e}"))
}

/// Whether a spreadsheet would take a cell for a formula (CSV injection): it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return. Such a field is written with a leading `'`, which spreadsheets show as text.
fn formula_like(field: &[u8]) -> bool {
    matches!(
        field.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// RFC 4180: CRLF after every record, a field quoted when it holds a comma, a quote or a line break, and its
/// quotes doubled; fields a spreadsheet would run as formulas neutralized (see [`formula_like`]).
fn write_csv<R, F>(out: &mut Vec<u8>, records: impl Iterator<Item = R>) -> Result<(), ApiErr>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    for r in records {
        for field in r {
            let field = field.as_ref();
            if formula_like(field) {
                w.write_field([b"'", field].concat()).map_err(internal)?;
            } else {
                w.write_field(field).map_err(internal)?;
            }
        }
        w.write_record(std::iter::empty::<&[u8]>())
            .map_err(internal)?;
    }
    w.flush().map_err(internal)
}

fn write_ndjson<T: serde::Serialize>(
    out: &mut Vec<u8>,
    rows: impl Iterator<Item = T>,
) -> Result<(), ApiErr> {
    for r in rows {
        serde_json::to_writer(&mut *out, &r).map_err(internal)?;
        out.push(b'\n');
    }
    Ok(())
}

async fn export(
    st: AppState,
    headers: &HeaderMap,
    qs: &str,
    tab: Tab,
    format: Format,
) -> Result<Response, ApiErr> {
    let (q, _, own) = list_query_with(qs, &["bom"])?;
    let bom = parse_bom(&own, format)?;
    let version = st.db.data_version().await?;
    let export = Export {
        origin: origin(&st, headers),
        st,
        filter: q.filter,
        lang: q.lang,
        tab,
        format,
    };
    // The first chunk before answering: a failure here is still a JSON error.
    let (mut first, next) = export.chunk(None).await?;
    if format == Format::Csv {
        let columns: &[&str] = match tab {
            Tab::Incidents => &INCIDENT_COLUMNS,
            Tab::Claims => &CLAIM_COLUMNS,
        };
        let mut head = Vec::new();
        if bom {
            head.extend_from_slice("\u{feff}".as_bytes());
        }
        write_csv(&mut head, std::iter::once(columns))?;
        head.append(&mut first);
        first = head;
    }
    // The next chunk is read while the previous one is being sent: a task reads ahead into a channel of
    // `READ_AHEAD` chunks (memory stays bounded), and stops when the client goes away (the channel closes).
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(READ_AHEAD);
    tx.try_send(Ok(Bytes::from(first)))
        .map_err(|_| internal("the export's channel refused its first chunk"))?;
    if let Some(after) = next {
        tokio::spawn(async move {
            let mut after = after;
            loop {
                let item = match export.chunk(Some(&after)).await {
                    Ok((bytes, next)) => match next {
                        Some(n) => {
                            after = n;
                            (Ok(Bytes::from(bytes)), true)
                        }
                        None => (Ok(Bytes::from(bytes)), false),
                    },
                    Err(e) => {
                        tracing::error!(error = ?e, "an export stopped part way");
                        (
                            Err(std::io::Error::other("the export stopped part way")),
                            false,
                        )
                    }
                };
                let (item, more) = item;
                if tx.send(item).await.is_err() || !more {
                    return;
                }
            }
        });
    }
    // Fused: the compression layer polls the body again after its end, which a bare `unfold` answers with a panic
    // (found by schemathesis: every compressed export that fit in one chunk lost its connection).
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }));
    let name = format!(
        "aqiqat-{}-{}.{}",
        match tab {
            Tab::Incidents => "incidents",
            Tab::Claims => "claims",
        },
        crate::db::now().get(..10).unwrap_or("export"),
        match format {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    );
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).map_err(internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(match format {
                    Format::Csv => "text/csv; charset=utf-8; header=present",
                    Format::Ndjson => "application/x-ndjson",
                }),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Extension(AnsweredAt(version)),
        Body::from_stream(stream),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::write_csv;

    #[test]
    fn fields_a_spreadsheet_would_run_as_formulas_are_written_as_text() {
        let mut out = Vec::new();
        let rows = [
            ["=HYPERLINK(\"http://x\")", "+7 701", "-1", "@SUM(A1)"],
            ["plain", "a, b", "say \"hi\"", "line\nbreak"],
        ];
        write_csv(&mut out, rows.iter().map(|r| r.iter())).expect("written");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+7 701,'-1,'@SUM(A1)\r\n\
             plain,\"a, b\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n"
        );
    }
}
