//! What the store holds, as the console sees it: marks, who made them, and the current state
//! they add up to. No SQL here.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::article::ArticleId;

/// How urgent a flagged article is. Stored as 1..=3, so `ORDER BY` sorts by urgency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low = 1,
    Medium = 2,
    High = 3,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    pub(crate) fn from_level(level: i64) -> Option<Self> {
        match level {
            1 => Some(Priority::Low),
            2 => Some(Priority::Medium),
            3 => Some(Priority::High),
            _ => None,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = String;
    /// "low"/"medium"/"high" or "1"/"2"/"3".
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "low" | "1" => Ok(Priority::Low),
            "medium" | "2" => Ok(Priority::Medium),
            "high" | "3" => Ok(Priority::High),
            _ => Err(format!("not a priority: {s:?} (low, medium, high)")),
        }
    }
}

/// One triage action: sets one part of an article's state to an absolute value. Absolute, not
/// "toggle", so two consoles acting at once cannot undo each other by accident: the later
/// action wins and both are in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Mark {
    Read(bool),
    /// `None` clears the flag.
    Flag(Option<Priority>),
    Dismissed(bool),
    /// `None` (or an empty note) clears the note.
    Note(Option<String>),
}

impl Mark {
    /// The `actions.kind` column value.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Mark::Read(_) => "read",
            Mark::Flag(_) => "flag",
            Mark::Dismissed(_) => "dismiss",
            Mark::Note(_) => "note",
        }
    }
}

/// Who made a mark and when, with the sequence number of the action in the shared log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stamp {
    pub seq: u64,
    /// Unix user name.
    pub who: String,
    /// UTC, RFC 3339 with milliseconds, fixed width (so strings sort as times).
    pub at: String,
}

/// One part of the triage state: its value and the action that set it (`None`: never set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Marked<T> {
    pub value: T,
    pub stamp: Option<Stamp>,
}

impl<T> Marked<T> {
    /// Take `value` if the action is newer than the one that set the current value. Changes
    /// can arrive twice (the console's own write, then the watcher), so older ones are ignored.
    fn update(&mut self, value: T, stamp: Stamp) -> bool {
        if self.stamp.as_ref().is_some_and(|s| s.seq >= stamp.seq) {
            return false;
        }
        self.value = value;
        self.stamp = Some(stamp);
        true
    }
}

/// The current triage state of one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Triage {
    pub read: Marked<bool>,
    pub flag: Marked<Option<Priority>>,
    pub dismissed: Marked<bool>,
    pub note: Marked<Option<String>>,
}

impl Triage {
    /// Fold one action into the state; false if it was not newer than what is held.
    pub fn apply(&mut self, change: &Change) -> bool {
        self.absorb(change.clone())
    }

    /// [`Triage::apply`] without copying: loading 100,000 articles spent most of its time
    /// cloning the strings of changes it then dropped.
    pub(crate) fn absorb(&mut self, change: Change) -> bool {
        let Change { mark, stamp, .. } = change;
        match mark {
            Mark::Read(v) => self.read.update(v, stamp),
            Mark::Flag(v) => self.flag.update(v, stamp),
            Mark::Dismissed(v) => self.dismissed.update(v, stamp),
            Mark::Note(v) => self.note.update(v, stamp),
        }
    }

    /// The latest action on this article.
    pub fn last_stamp(&self) -> Option<&Stamp> {
        [
            &self.read.stamp,
            &self.flag.stamp,
            &self.dismissed.stamp,
            &self.note.stamp,
        ]
        .into_iter()
        .flatten()
        .max_by_key(|s| s.seq)
    }
}

/// One recorded action, as the log and the watcher report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub article: ArticleId,
    pub mark: Mark,
    pub stamp: Stamp,
}

/// What the store remembers of an article so that `export` needs no rescan of the directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub title: String,
    pub source: Option<String>,
    pub published: Option<String>,
    pub path: String,
    /// Theme ids.
    pub themes: Vec<String>,
    /// Province ids.
    pub provinces: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(seq: u64, mark: Mark) -> Change {
        Change {
            article: ArticleId([0; 16]),
            mark,
            stamp: Stamp {
                seq,
                who: "amal".into(),
                at: "2026-01-01T00:00:00.000Z".into(),
            },
        }
    }

    #[test]
    fn later_actions_win_whatever_order_they_arrive_in() {
        let mut t = Triage::default();
        assert!(t.apply(&change(5, Mark::Flag(Some(Priority::High)))));
        assert!(!t.apply(&change(3, Mark::Flag(None))));
        assert!(
            !t.apply(&change(5, Mark::Flag(None))),
            "a repeat is ignored"
        );
        assert_eq!(t.flag.value, Some(Priority::High));
        assert!(t.apply(&change(7, Mark::Flag(Some(Priority::Low)))));
        assert_eq!(t.flag.value, Some(Priority::Low));
        assert!(
            t.apply(&change(6, Mark::Read(true))),
            "other parts are separate"
        );
        assert_eq!(t.last_stamp().map(|s| s.seq), Some(7));
    }

    #[test]
    fn priorities_parse_by_name_or_level() {
        assert_eq!("high".parse(), Ok(Priority::High));
        assert_eq!("1".parse(), Ok(Priority::Low));
        assert!("urgent".parse::<Priority>().is_err());
        assert_eq!(Priority::from_level(2), Some(Priority::Medium));
        assert_eq!(Priority::from_level(4), None);
        assert!(Priority::High > Priority::Low);
    }
}
