//! The admin API's contract (`/api/v1/auth/*`, `/api/v1/admin/*`): requests and answers of the editorial panel.
//! Content itself travels as the same `IncidentInput` / `ClaimInput` the validation rules are defined on.

use serde::{Deserialize, Serialize};

use crate::claim::ClaimInput;
use crate::date::{DatePeriod, PartialDate};
use crate::enums::Status;
use crate::enums::{Category, Kind, LegalCode, Platform, Region};
use crate::error::FieldError;
use crate::i18n::LocalizedText;
use crate::incident::IncidentInput;
use crate::story::StoryInput;

macro_rules! simple_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $w:literal => $ru:literal, $kk:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $w)] $v,)+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $w),+ } }
            pub fn parse(s: &str) -> Option<$name> { match s { $($w => Some($name::$v),)+ _ => None } }
            pub fn label(self, lang: crate::Lang) -> &'static str {
                let l = match self { $($name::$v => crate::i18n::Label { ru: $ru, kk: $kk, en: $en }),+ };
                l.get(lang)
            }
        }
    };
}

simple_enum! {
    /// What a signed-in person may do. Admins manage users, partners and see the audit log.
    Role {
        Admin = "admin" => "Администратор", "Әкімші", "Administrator";
        Editor = "editor" => "Редактор", "Редактор", "Editor";
    }
}

simple_enum! {
    /// The kinds of editorial item.
    ItemKind {
        Incident = "incident" => "Инцидент", "Оқиға", "Incident";
        Claim = "claim" => "Заявление", "Мәлімдеме", "Claim";
        Story = "story" => "Сюжет", "Сюжет", "Story";
    }
}

simple_enum! {
    /// A workflow step: draft → in review → published; a published item is corrected or retracted, never deleted.
    /// A change to a published item waits as a pending change: `publish` (by another person) makes it public,
    /// `discard_change` drops it.
    Action {
        Submit = "submit" => "Отправить на проверку", "Тексеруге жіберу", "Submit for review";
        Publish = "publish" => "Опубликовать", "Жариялау", "Publish";
        ReturnToDraft = "return_to_draft" => "Вернуть в черновик", "Жобаға қайтару", "Return to draft";
        Retract = "retract" => "Отозвать", "Кері қайтарып алу", "Retract";
        DiscardChange = "discard_change" => "Отменить правку", "Түзетуден бас тарту", "Discard change";
    }
}

impl ItemKind {
    /// The path segment of this kind's admin routes (`incidents`, `claims`).
    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Incident => "incidents",
            ItemKind::Claim => "claims",
            ItemKind::Story => "stories",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// The signed-in person, and the token every state-changing request must echo in `X-CSRF-Token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub csrf_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: i64,
    pub name: String,
}

/// Workflow facts about a stored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMeta {
    pub status: Status,
    /// Increases with every save; a save must name the version it was based on.
    pub version: i64,
    pub author: Option<UserRef>,
    pub submitted_by: Option<UserRef>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    /// Where the item came from, e.g. the digest file it was imported from.
    pub origin: Option<String>,
    /// A change to this published item that readers do not see yet: the item's content in the admin API is this
    /// change; a second person publishes it (`publish`) or anyone drops it (`discard_change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingChange>,
}

/// Who proposed a pending change to a published item, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChange {
    pub by: Option<UserRef>,
    pub at: String,
}

/// An item in an admin list (any status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub id: String,
    pub kind: ItemKind,
    /// Russian title (incidents, stories) or quote (claims).
    pub title: String,
    pub date: String,
    pub category: String,
    pub status: Status,
    pub version: i64,
    pub author: Option<String>,
    pub updated_at: String,
    /// A published item with a change waiting for a second person.
    #[serde(default)]
    pub pending: bool,
}

/// One incident as the editor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminIncident {
    pub incident: IncidentInput,
    pub meta: ItemMeta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminClaim {
    pub claim: ClaimInput,
    pub meta: ItemMeta,
}

/// Create (`version` absent) or update (`version` = the version the edit started from) an incident. A change to a
/// published incident needs a public `correction` note (unless it revises a pending change, whose note it keeps)
/// and becomes a pending change until a second person publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveIncident {
    #[serde(default)]
    pub version: Option<i64>,
    pub incident: IncidentInput,
    #[serde(default)]
    pub correction: Option<LocalizedText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminStory {
    pub story: StoryInput,
    pub meta: ItemMeta,
}

/// Create or update a story, like [`SaveIncident`]. Steps link incidents and claims by id; they must exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveStory {
    #[serde(default)]
    pub version: Option<i64>,
    pub story: StoryInput,
    #[serde(default)]
    pub correction: Option<LocalizedText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveClaim {
    #[serde(default)]
    pub version: Option<i64>,
    pub claim: ClaimInput,
    #[serde(default)]
    pub correction: Option<LocalizedText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    pub version: i64,
    pub status: Status,
}

/// A workflow step on `version` of an item. Retracting needs a `note` (why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRequest {
    pub action: Action,
    pub version: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Restore an old revision's content as a new version. A published item needs a public `correction` note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreRequest {
    pub version: i64,
    /// The item's version the editor was looking at: a newer one refuses the restore (409) like a stale save.
    #[serde(default)]
    pub based_on: Option<i64>,
    #[serde(default)]
    pub correction: Option<LocalizedText>,
}

/// One saved state of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub version: i64,
    pub status: Status,
    pub author: Option<UserRef>,
    pub created_at: String,
    /// What happened: `created`, `edited`, `submit`, `publish`, `corrected`, `restored from 3`, ...
    pub note: String,
    /// Top-level fields that differ from the previous revision.
    pub changed: Vec<String>,
}

/// The differences between two revisions, field by field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionDiff {
    pub from: i64,
    pub to: i64,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// The 409 answer to a stale save: what the other person saved, so nothing is silently overwritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaleVersion {
    pub error: crate::api::ErrorBody,
    pub current_version: i64,
    pub current: serde_json::Value,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: Option<UserRef>,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

/// Changes to a user; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUser {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub disabled: Option<bool>,
    #[serde(default)]
    pub password: Option<String>,
}

/// A partner site that embeds the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub domains: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPartner {
    pub name: String,
    pub domains: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
}

pub const PASSWORD_MIN_CHARS: usize = 12;

/// Checks an e-mail address's shape (one `@`, a dot in the domain, no spaces) and lower-cases it.
pub fn normalize_email(email: &str) -> Result<String, FieldError> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(e)
    } else {
        Err(FieldError::new(
            "email",
            "invalid_email",
            "an e-mail address such as name@example.kz",
        ))
    }
}

/// Password rules (OWASP ASVS: length over composition): 12–128 characters, not all the same character.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Err(FieldError::new(
            "password",
            "too_short",
            format!("at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if n > 128 {
        return Err(FieldError::new(
            "password",
            "too_long",
            "at most 128 characters",
        ));
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(FieldError::new(
            "password",
            "too_weak",
            "a password of one repeated character is too easy to guess",
        ));
    }
    Ok(())
}

/// Checks a partner's domain list: host names only (`example.kz`, `news.example.kz`), at least one.
pub fn normalize_domains(domains: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    for d in domains {
        let d = d.trim().trim_end_matches('/').to_lowercase();
        let d = d
            .strip_prefix("https://")
            .or_else(|| d.strip_prefix("http://"))
            .unwrap_or(&d)
            .to_owned();
        let ok = !d.is_empty()
            && d.len() <= 253
            && d.contains('.')
            && d.split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
        if !ok {
            return Err(FieldError::new(
                "domains",
                "invalid_domain",
                format!("{d:?} is not a host name such as news.example.kz"),
            ));
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.is_empty() {
        return Err(FieldError::new(
            "domains",
            "required",
            "at least one domain",
        ));
    }
    Ok(out)
}

/// `POST /api/v1/admin/import/preview`: a digest's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreviewRequest {
    pub text: String,
}

/// What the importer read from a digest, entry by entry, before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The months the digest covers, as its introduction states them (`2025-08 – 2026-01`); `null` when not found.
    #[serde(default)]
    pub period: Option<String>,
    pub entries: Vec<ImportEntry>,
}

/// One entry of a digest as the importer read it, with what the editor must check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportEntry {
    /// The entry's number in the digest, from 0: what `accept` and `edits` name.
    pub index: usize,
    pub title: String,
    pub summary: String,
    pub category: Category,
    pub kind: Kind,
    /// The entry's own date (from its text or a source URL), else `null`.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Without a date of its own: the digest's period it happened within.
    #[serde(default)]
    pub period: Option<DatePeriod>,
    pub sources: Vec<String>,
    pub legal_refs: Vec<ImportLegalRef>,
    pub platforms: Vec<Platform>,
    pub regions: Vec<Region>,
    /// People and organisations as written in the text.
    pub actors: Vec<String>,
    pub flags: Vec<ImportFlag>,
    /// The existing incident this entry repeats (same source URL, or the same title up to word forms).
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

/// A law article the entry cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLegalRef {
    pub code: LegalCode,
    pub article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    /// Ready to show, in Russian.
    pub text: String,
}

/// Something the editor must check on an entry: a stable code and its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFlag {
    pub code: String,
    pub message: String,
}

/// An editor's changes to one entry before accepting it (absent fields keep the importer's value).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportEdits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

impl ImportEdits {
    pub fn is_empty(&self) -> bool {
        *self == ImportEdits::default()
    }
}

/// `POST /api/v1/admin/import/accept`: the same text as the preview, the entries to accept and the edits to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportAcceptRequest {
    pub text: String,
    /// The digest's name (e.g. its file name), recorded as the drafts' origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Entry indexes, each at most once (repeats count once).
    pub accept: Vec<usize>,
    /// Edits by entry index (as a string: a JSON object's key).
    #[serde(default)]
    pub edits: std::collections::BTreeMap<String, ImportEdits>,
}

/// What accepting made: the new drafts' ids, and the entries left out with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: Vec<String>,
    pub skipped: Vec<ImportSkipped>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSkipped {
    pub index: usize,
    pub title: String,
    pub reason: String,
    /// The existing incident it duplicates, if that is the reason.
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_filled_in_every_language() {
        let roles = Role::ALL
            .iter()
            .map(|v| (v.as_str(), crate::Lang::ALL.map(|l| v.label(l))));
        let kinds = ItemKind::ALL
            .iter()
            .map(|v| (v.as_str(), crate::Lang::ALL.map(|l| v.label(l))));
        let actions = Action::ALL
            .iter()
            .map(|v| (v.as_str(), crate::Lang::ALL.map(|l| v.label(l))));
        for (wire, texts) in roles.chain(kinds).chain(actions) {
            assert!(
                texts.iter().all(|t| !t.trim().is_empty()),
                "{wire}: {texts:?}"
            );
        }
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            normalize_email(" Editor@Aqiqat.KZ ").unwrap(),
            "editor@aqiqat.kz"
        );
        for bad in ["", "a", "a@b", "a@@b.kz", "a b@c.kz", "@c.kz", "a@.kz"] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_length() {
        assert_eq!(check_password("short").unwrap_err().code, "too_short");
        assert_eq!(
            check_password(&"a".repeat(20)).unwrap_err().code,
            "too_weak"
        );
        assert!(check_password("ақиқат-құпия-сөз").is_ok());
    }

    #[test]
    fn domains() {
        assert_eq!(
            normalize_domains(&["https://Vlast.kz/".into(), "vlast.kz".into()]).unwrap(),
            ["vlast.kz"]
        );
        assert!(normalize_domains(&[]).is_err());
        assert!(normalize_domains(&["not a domain".into()]).is_err());
    }

    #[test]
    fn wire_names() {
        assert_eq!(
            serde_json::to_string(&Action::ReturnToDraft).unwrap(),
            "\"return_to_draft\""
        );
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(ItemKind::Claim.plural(), "claims");
    }
}
