//! Tracked changes as the walkers meet them: the change an element records (`w:ins`,
//! `w:del`, `w:moveFrom`, `w:moveTo` around content or in `w:trPr`, `w:cellIns` and `w:cellDel`
//! in `w:tcPr`), with its author and date. What a change means for the output is the builder's
//! and the table grid's to decide.

use quick_xml::events::BytesStart;

use crate::model::{Change, ChangeKind};
use crate::xml::{attr, local_name};

/// The change a tracked-change element records; `None` for any other element.
pub(super) fn tracked_change(e: &BytesStart<'_>) -> Option<Change> {
    let kind = match local_name(e) {
        b"ins" | b"cellIns" => ChangeKind::Insertion,
        b"moveTo" => ChangeKind::MoveTo,
        b"del" | b"cellDel" => ChangeKind::Deletion,
        b"moveFrom" => ChangeKind::MoveFrom,
        _ => return None,
    };
    let (author, date) = author_and_date(e);
    Some(Change { kind, author, date })
}

/// The change to keep when an element records two (a row inserted, then deleted: `w:ins` and
/// `w:del` in one `w:trPr`): a removal wins, as it does for nested changes of text, since the
/// content is gone once it is accepted.
pub(super) fn either_change(kept: Option<Change>, met: Option<Change>) -> Option<Change> {
    match (kept, met) {
        (Some(kept), Some(met)) if met.kind.is_removal() && !kept.kind.is_removal() => Some(met),
        (kept, met) => kept.or(met),
    }
}

/// The `w:author` and `w:date` of a tracked change (of content or of formatting).
pub(super) fn author_and_date(e: &BytesStart<'_>) -> (Option<String>, Option<String>) {
    (
        attr(e, b"author").map(|a| a.into_owned()),
        attr(e, b"date").map(|a| a.into_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_insertions_and_deletions_are_insertions_and_deletions() {
        let e = BytesStart::from_content(
            r#"w:cellDel w:author="Ann" w:date="2024-01-02T00:00:00Z""#,
            9,
        );
        let change = tracked_change(&e).expect("a change");
        assert_eq!(change.kind, ChangeKind::Deletion);
        assert_eq!(change.author.as_deref(), Some("Ann"));
        assert_eq!(change.date.as_deref(), Some("2024-01-02T00:00:00Z"));
        let e = BytesStart::from_content("w:cellIns", 9);
        assert_eq!(
            tracked_change(&e).map(|c| c.kind),
            Some(ChangeKind::Insertion)
        );
        assert!(tracked_change(&BytesStart::from_content("w:b", 3)).is_none());
    }

    #[test]
    fn of_an_insertion_and_a_deletion_of_one_row_the_deletion_is_kept() {
        let change = |name| tracked_change(&BytesStart::from_content(name, 5));
        let kept = either_change(change("w:ins"), change("w:del"));
        assert_eq!(kept.map(|c| c.kind), Some(ChangeKind::Deletion));
        let kept = either_change(change("w:del"), change("w:ins"));
        assert_eq!(kept.map(|c| c.kind), Some(ChangeKind::Deletion));
        let kept = either_change(None, change("w:ins"));
        assert_eq!(kept.map(|c| c.kind), Some(ChangeKind::Insertion));
    }
}
