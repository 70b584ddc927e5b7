//! Claim kinds as data: what a rule author declares in `[[kind]]` and what the engine does with it.
//!
//! A kind names its value type and a list of behaviours from a small fixed vocabulary. Each
//! behaviour is implemented once, by one detector, for every kind that lists it; so a new story
//! (death tolls, ceasefire dates) needs TOML only. Nothing in `src/` names a kind.

use std::fmt;
use std::sync::Arc;

/// What a claim's `value` holds, and so how it is normalised and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueType {
    /// A figure or a duration, as an interval with a qualifier.
    Quantity,
    /// A date: the value is the claim's `time`.
    Time,
    /// A dictionary entity (an office holder).
    Entity,
    /// Words, compared as written (lower case, tidied).
    Words,
    /// No value: the claim is its subject, place and topic.
    None,
}

pub const VALUE_TYPES: &[(&str, ValueType)] = &[
    ("quantity", ValueType::Quantity),
    ("time", ValueType::Time),
    ("entity", ValueType::Entity),
    ("words", ValueType::Words),
    ("none", ValueType::None),
];

/// How claims of a kind compare: the vocabulary the engine implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Behaviour {
    /// One value at a time: different values at the same time conflict; at different times
    /// they are a change.
    Level,
    /// Only grows: a later higher figure is a change; a same-time difference, or a later lower
    /// figure from another source, conflicts. A source lowering its own figure is a revision.
    RunningTotal,
    /// One true time, whenever it is told: the same event put at two close times conflicts.
    Event,
    /// A state holding since a time; an `interrupted-by` event between then and when it was
    /// said conflicts.
    Since,
    /// A time by which something must happen: two at once conflict, a moved one is a change,
    /// and one that passed while a `passed-while` claim still holds is a change.
    Deadline,
    /// A proposed duration: a deadline of a `bounds` kind sooner than it allows conflicts.
    Duration,
    /// A party's stance: parties holding different values at the same time is a dispute.
    Position,
    /// A denial of a report: tied to the reported claim before it, then matched against
    /// assertions of the same thing.
    Denial,
    /// Names the speaker of the other claims in its sentence; never a claim itself.
    Speaker,
}

pub const BEHAVIOURS: &[(&str, Behaviour, &str)] = &[
    ("level", Behaviour::Level, "one value at a time: same time and different values conflict; different times are a change"),
    ("running-total", Behaviour::RunningTotal, "only grows: later and higher is a change; same time and different, or later and lower from another source, conflicts"),
    ("event", Behaviour::Event, "one true time: the same event put at two close times conflicts"),
    ("since", Behaviour::Since, "a state since a time: an `interrupted-by` event between then and when it was said conflicts"),
    ("deadline", Behaviour::Deadline, "two different deadlines said at once conflict; a moved deadline is a change; a deadline passed while a `passed-while` claim still holds is a change"),
    ("duration", Behaviour::Duration, "a proposed duration: a `bounds` deadline sooner than it allows conflicts"),
    ("position", Behaviour::Position, "parties holding different values on one topic at the same time: a dispute"),
    ("denial", Behaviour::Denial, "denies the reported claim just before it; conflicts with assertions of the same thing"),
    ("speaker", Behaviour::Speaker, "names the speaker of the other claims of its sentence; not a claim"),
];

impl Behaviour {
    pub fn parse(name: &str) -> Option<Behaviour> {
        BEHAVIOURS.iter().find(|(n, ..)| *n == name).map(|(_, b, _)| *b)
    }

    pub fn name(self) -> &'static str {
        BEHAVIOURS.iter().find(|(_, b, _)| *b == self).map_or("?", |(n, ..)| n)
    }
}

/// One declared kind, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct KindDef {
    pub name: String,
    pub description: String,
    pub value: ValueType,
    pub compare: Vec<Behaviour>,
    /// Kinds of one family share comparable buckets (a deadline and a withdrawal are both
    /// about leaving). Defaults to the kind's own name.
    pub family: String,
    /// Two claims closer than this many days hold at the same time.
    pub same_time_days: i64,
    /// Relative slack on figures, on top of hedges: 0.05 lets 1,000 and 1,040 agree.
    pub tolerance: f64,
    /// Events this many years apart or more are different events, not one misdated.
    pub same_event_years: i16,
    /// Which missing fields may be filled from the sentence and article (subject, place).
    pub infer: Vec<String>,
    /// Whether two or more articles saying the same value is reported as corroboration.
    pub corroborate: bool,
    /// Status of a claim whose words say nothing about it.
    pub default_status: crate::claim::Status,
    /// How many words before a value are read for status words when a rule captures none.
    pub status_window: usize,
    /// Which fields make claims comparable, besides the family: of subject, place, scope,
    /// topic. A death toll leaves the subject (who gives the figure) out, so sources meet.
    pub compare_by: Vec<String>,
    pub interrupted_by: Vec<String>,
    pub passed_while: Vec<String>,
    pub bounds: Vec<String>,
    /// Two times this close (days) agree: a deadline "by Dec. 22" refines "by the end of 2023".
    pub date_slack_days: i64,
    /// Topics that recur (announcements), so two dates for one are two events.
    pub recurring_topics: Vec<String>,
    /// A claim said this many days or less after a deadline shows the deadline was missed;
    /// later than that, the world has moved on (a force returned) and it says nothing.
    pub passed_within_days: i64,
    /// A figure for a place counts what lies within it (`nested-places`): lower than a figure
    /// for a place within it, at the same time, conflicts.
    pub nested_places: bool,
    /// A claim of this kind dated by its own words dates the figures of its sentence that have
    /// none: "told Washington in March to withdraw its 1,000 troops" counts them in March.
    pub dates_figures: bool,
    /// For a `denial` kind: a denial with this topic says the subject's forces are not in the
    /// place (or were never sent), and any source's own claim of a `shows-presence` kind that
    /// puts them there, said at about the same time, contradicts it.
    pub presence_topic: Option<String>,
    /// Own claims of this kind put the subject's forces in the place: a current or past
    /// figure of them there, an amount taken out (an amount sent may be a plan).
    pub shows_presence: bool,
}

impl KindDef {
    pub fn has(&self, behaviour: Behaviour) -> bool {
        self.compare.contains(&behaviour)
    }

    pub fn infers(&self, field: &str) -> bool {
        self.infer.iter().any(|f| f == field)
    }

    pub fn compares_by(&self, field: &str) -> bool {
        self.compare_by.iter().any(|f| f == field)
    }
}

/// A claim's kind: a shared handle to its declaration, compared and ordered by name.
#[derive(Debug, Clone)]
pub struct Kind(pub Arc<KindDef>);

impl Kind {
    pub fn name(&self) -> &str {
        &self.0.name
    }
}

impl std::ops::Deref for Kind {
    type Target = KindDef;
    fn deref(&self) -> &KindDef {
        &self.0
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        // Claims of one pack share their kind's allocation: the pointer settles most calls.
        Arc::ptr_eq(&self.0, &other.0) || self.0.name == other.0.name
    }
}

impl Eq for Kind {}

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Kind) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kind {
    fn cmp(&self, other: &Kind) -> std::cmp::Ordering {
        self.0.name.cmp(&other.0.name)
    }
}

impl std::hash::Hash for Kind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.name)
    }
}

/// Every kind of a pack, in name order.
#[derive(Debug, Clone, Default)]
pub struct Kinds {
    pub all: Vec<Kind>,
}

impl Kinds {
    pub fn get(&self, name: &str) -> Option<&Kind> {
        self.all.iter().find(|k| k.name() == name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.all.iter().map(Kind::name).collect()
    }
}
