//! The editorial rules, as pure functions: which workflow step is allowed from which status and by whom, and
//! when an edit is allowed. No I/O here, so every rule is unit-tested directly.

use aqiqat_shared::Status;
use aqiqat_shared::admin::{Action, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The action does not apply to an item in this status.
    Transition { from: Status, action: Action },
    /// The person who submitted an item for review may not publish it: a second person must.
    OwnSubmission,
    /// Retracting needs a reason.
    NoteRequired,
    /// Only administrators may take a retracted item back to draft.
    AdminOnly,
    /// Retracted items are kept for the record, not edited.
    Retracted,
    /// A published item changes only with a public correction note.
    CorrectionRequired,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Transition { from, action } => {
                write!(f, "cannot {} an item that is {}", action.as_str().replace('_', " "), from.as_str().replace('_', " "))
            }
            Refusal::OwnSubmission => {
                f.write_str("you submitted this item for review yourself; another editor or an administrator must publish it")
            }
            Refusal::NoteRequired => f.write_str("say why the item is retracted (note)"),
            Refusal::AdminOnly => f.write_str("only an administrator may take a retracted item back to draft"),
            Refusal::Retracted => f.write_str("a retracted item is kept for the record and cannot be edited"),
            Refusal::CorrectionRequired => {
                f.write_str("this item is published: describe the change in a public correction note")
            }
        }
    }
}

/// The result of an allowed step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub status: Status,
    pub submitted_by: Option<i64>,
}

/// Applies `action` by `actor` to an item in `from`, submitted for review by `submitted_by`.
pub fn step(
    action: Action,
    from: Status,
    submitted_by: Option<i64>,
    actor: i64,
    role: Role,
    note: Option<&str>,
) -> Result<Step, Refusal> {
    let refuse = Err(Refusal::Transition { from, action });
    match (action, from) {
        (Action::Submit, Status::Draft) => Ok(Step {
            status: Status::InReview,
            submitted_by: Some(actor),
        }),
        (Action::Publish, Status::InReview) => {
            if submitted_by == Some(actor) {
                Err(Refusal::OwnSubmission)
            } else {
                Ok(Step {
                    status: Status::Published,
                    submitted_by,
                })
            }
        }
        (Action::ReturnToDraft, Status::InReview) => Ok(Step {
            status: Status::Draft,
            submitted_by: None,
        }),
        (Action::ReturnToDraft, Status::Retracted) => {
            if role == Role::Admin {
                Ok(Step {
                    status: Status::Draft,
                    submitted_by: None,
                })
            } else {
                Err(Refusal::AdminOnly)
            }
        }
        (Action::Retract, Status::Published) => {
            if note.is_none_or(|n| n.trim().is_empty()) {
                Err(Refusal::NoteRequired)
            } else {
                Ok(Step {
                    status: Status::Retracted,
                    submitted_by,
                })
            }
        }
        _ => refuse,
    }
}

/// Who counts as having submitted an item after `editor` changed its content: in review, the last person to change
/// the text is its submitter, so they cannot publish it themselves (a second person must see what goes live).
pub fn submitter_after_edit(status: Status, submitted_by: Option<i64>, editor: i64) -> Option<i64> {
    if status == Status::InReview {
        Some(editor)
    } else {
        submitted_by
    }
}

/// Whether content may be edited in this status; a published item needs a correction note.
pub fn may_edit(status: Status, has_correction: bool) -> Result<(), Refusal> {
    match status {
        Status::Draft | Status::InReview => Ok(()),
        Status::Published if has_correction => Ok(()),
        Status::Published => Err(Refusal::CorrectionRequired),
        Status::Retracted => Err(Refusal::Retracted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: i64 = 1;
    const BOB: i64 = 2;

    #[test]
    fn draft_goes_to_review_then_another_person_publishes() {
        let s = step(
            Action::Submit,
            Status::Draft,
            None,
            ALICE,
            Role::Editor,
            None,
        )
        .unwrap();
        assert_eq!(
            s,
            Step {
                status: Status::InReview,
                submitted_by: Some(ALICE)
            }
        );
        assert_eq!(
            step(
                Action::Publish,
                Status::InReview,
                Some(ALICE),
                ALICE,
                Role::Editor,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        assert_eq!(
            step(
                Action::Publish,
                Status::InReview,
                Some(ALICE),
                ALICE,
                Role::Admin,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        let p = step(
            Action::Publish,
            Status::InReview,
            Some(ALICE),
            BOB,
            Role::Editor,
            None,
        )
        .unwrap();
        assert_eq!(p.status, Status::Published);
    }

    #[test]
    fn nothing_skips_review() {
        assert!(matches!(
            step(Action::Publish, Status::Draft, None, BOB, Role::Admin, None),
            Err(Refusal::Transition { .. })
        ));
        assert!(matches!(
            step(
                Action::Submit,
                Status::Published,
                None,
                BOB,
                Role::Admin,
                None
            ),
            Err(Refusal::Transition { .. })
        ));
    }

    #[test]
    fn retraction_needs_a_reason_and_only_admins_undo_it() {
        assert_eq!(
            step(
                Action::Retract,
                Status::Published,
                None,
                BOB,
                Role::Editor,
                Some(" ")
            ),
            Err(Refusal::NoteRequired)
        );
        assert_eq!(
            step(
                Action::Retract,
                Status::Published,
                None,
                BOB,
                Role::Editor,
                Some("duplicate")
            )
            .unwrap()
            .status,
            Status::Retracted
        );
        assert_eq!(
            step(
                Action::ReturnToDraft,
                Status::Retracted,
                None,
                BOB,
                Role::Editor,
                None
            ),
            Err(Refusal::AdminOnly)
        );
        assert_eq!(
            step(
                Action::ReturnToDraft,
                Status::Retracted,
                None,
                BOB,
                Role::Admin,
                None
            )
            .unwrap()
            .status,
            Status::Draft
        );
    }

    #[test]
    fn whoever_changes_an_item_in_review_cannot_publish_it() {
        let after = submitter_after_edit(Status::InReview, Some(ALICE), BOB);
        assert_eq!(after, Some(BOB));
        assert_eq!(
            step(
                Action::Publish,
                Status::InReview,
                after,
                BOB,
                Role::Admin,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        assert!(
            step(
                Action::Publish,
                Status::InReview,
                after,
                ALICE,
                Role::Editor,
                None
            )
            .is_ok()
        );
        assert_eq!(submitter_after_edit(Status::Draft, None, BOB), None);
    }

    #[test]
    fn published_items_change_only_with_a_correction() {
        assert!(may_edit(Status::Draft, false).is_ok());
        assert!(may_edit(Status::InReview, false).is_ok());
        assert_eq!(
            may_edit(Status::Published, false),
            Err(Refusal::CorrectionRequired)
        );
        assert!(may_edit(Status::Published, true).is_ok());
        assert_eq!(may_edit(Status::Retracted, true), Err(Refusal::Retracted));
    }
}
