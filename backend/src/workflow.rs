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

/// What the rules need to know of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    /// Who submitted it for review (and so may not publish it).
    pub submitted_by: Option<i64>,
    /// A pending change to a published item, with who proposed it (and so may not publish it).
    pub pending: Option<Option<i64>>,
}

/// What an allowed step does to a pending change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The public document stays (or, for a retraction, is the one retracted; a pending change is dropped).
    Keep,
    /// The pending change becomes the public document.
    Publish,
    /// The pending change is dropped; readers never saw it.
    Discard,
}

/// The result of an allowed step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub status: Status,
    pub submitted_by: Option<i64>,
    pub change: Change,
}

/// Applies `action` by `actor` to an item with these `facts`.
pub fn step(
    action: Action,
    facts: Facts,
    actor: i64,
    role: Role,
    note: Option<&str>,
) -> Result<Step, Refusal> {
    let Facts {
        status: from,
        submitted_by,
        pending,
    } = facts;
    let refuse = Err(Refusal::Transition { from, action });
    let keep = |status, submitted_by| {
        Ok(Step {
            status,
            submitted_by,
            change: Change::Keep,
        })
    };
    match (action, from) {
        // A change to a published item: published by a second person, like a first publication.
        (Action::Publish, Status::Published) => match pending {
            Some(by) if by == Some(actor) => Err(Refusal::OwnSubmission),
            Some(_) => Ok(Step {
                status: Status::Published,
                submitted_by,
                change: Change::Publish,
            }),
            None => refuse,
        },
        (Action::DiscardChange, Status::Published) if pending.is_some() => Ok(Step {
            status: Status::Published,
            submitted_by,
            change: Change::Discard,
        }),
        (Action::Submit, Status::Draft) => keep(Status::InReview, Some(actor)),
        (Action::Publish, Status::InReview) => {
            if submitted_by == Some(actor) {
                Err(Refusal::OwnSubmission)
            } else {
                keep(Status::Published, submitted_by)
            }
        }
        (Action::ReturnToDraft, Status::InReview) => keep(Status::Draft, None),
        (Action::ReturnToDraft, Status::Retracted) => {
            if role == Role::Admin {
                keep(Status::Draft, None)
            } else {
                Err(Refusal::AdminOnly)
            }
        }
        (Action::Retract, Status::Published) => {
            if note.is_none_or(|n| n.trim().is_empty()) {
                Err(Refusal::NoteRequired)
            } else {
                keep(Status::Retracted, submitted_by)
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

/// Whether content may be edited in this status. A change to a published item needs a correction note, unless
/// it revises a pending change (which has its note already); it then waits for a second person to publish it.
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

    fn facts(status: Status, submitted_by: Option<i64>) -> Facts {
        Facts {
            status,
            submitted_by,
            pending: None,
        }
    }

    #[test]
    fn draft_goes_to_review_then_another_person_publishes() {
        let s = step(
            Action::Submit,
            facts(Status::Draft, None),
            ALICE,
            Role::Editor,
            None,
        )
        .unwrap();
        assert_eq!(
            s,
            Step {
                status: Status::InReview,
                submitted_by: Some(ALICE),
                change: Change::Keep,
            }
        );
        assert_eq!(
            step(
                Action::Publish,
                facts(Status::InReview, Some(ALICE)),
                ALICE,
                Role::Editor,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        assert_eq!(
            step(
                Action::Publish,
                facts(Status::InReview, Some(ALICE)),
                ALICE,
                Role::Admin,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        let p = step(
            Action::Publish,
            facts(Status::InReview, Some(ALICE)),
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
            step(
                Action::Publish,
                facts(Status::Draft, None),
                BOB,
                Role::Admin,
                None
            ),
            Err(Refusal::Transition { .. })
        ));
        assert!(matches!(
            step(
                Action::Submit,
                facts(Status::Published, None),
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
                facts(Status::Published, None),
                BOB,
                Role::Editor,
                Some(" ")
            ),
            Err(Refusal::NoteRequired)
        );
        assert_eq!(
            step(
                Action::Retract,
                facts(Status::Published, None),
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
                facts(Status::Retracted, None),
                BOB,
                Role::Editor,
                None
            ),
            Err(Refusal::AdminOnly)
        );
        assert_eq!(
            step(
                Action::ReturnToDraft,
                facts(Status::Retracted, None),
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
                facts(Status::InReview, after),
                BOB,
                Role::Admin,
                None
            ),
            Err(Refusal::OwnSubmission)
        );
        assert!(
            step(
                Action::Publish,
                facts(Status::InReview, after),
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

    #[test]
    fn a_change_to_a_published_item_is_published_by_a_second_person() {
        let pending_by = |by| Facts {
            status: Status::Published,
            submitted_by: Some(ALICE),
            pending: Some(Some(by)),
        };
        assert_eq!(
            step(Action::Publish, pending_by(BOB), BOB, Role::Admin, None),
            Err(Refusal::OwnSubmission),
            "not by whoever proposed it, administrators included"
        );
        let p = step(Action::Publish, pending_by(BOB), ALICE, Role::Editor, None).unwrap();
        assert_eq!((p.status, p.change), (Status::Published, Change::Publish));
        let d = step(
            Action::DiscardChange,
            pending_by(BOB),
            BOB,
            Role::Editor,
            None,
        )
        .unwrap();
        assert_eq!((d.status, d.change), (Status::Published, Change::Discard));
        let nothing = facts(Status::Published, Some(ALICE));
        for a in [Action::Publish, Action::DiscardChange] {
            assert!(matches!(
                step(a, nothing, BOB, Role::Admin, None),
                Err(Refusal::Transition { .. })
            ));
        }
    }
}
