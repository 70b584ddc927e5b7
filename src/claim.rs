//! The claim: one normalised assertion pulled from one sentence, with its provenance.
//!
//! Everything downstream (the graph, detectors, reports) reads claims only, never article text,
//! so a claim carries all a reader needs to find it again: article, byte span, line:column,
//! sentence and rule id.

use crate::normalize::quantity::Quantity;
use crate::normalize::time::TimeSpan;
use serde::Serialize;
use std::fmt;

/// What a claim asserts. The kind decides how its `value` is normalised and which detectors
/// look at it; adding a kind is adding a variant here and saying so in `rules/README.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// How many troops (of `subject`) are in `place`. Value: a quantity.
    TroopCount,
    /// How many attacks were made on `subject` in `place`. Value: a quantity.
    AttackCount,
    /// How many people were killed or wounded. Value: a quantity.
    CasualtyCount,
    /// `subject` withdrew or left `place` at `time`.
    Withdrawal,
    /// `subject` came back to `place` at `time`.
    Return,
    /// `subject` has been continuously in `place` since `time`.
    Presence,
    /// `subject` must or will leave `place` by `time`.
    Deadline,
    /// A proposed duration for a process (withdrawal). Value: a duration.
    Timeline,
    /// Talks between parties, started or held at `time`.
    Talks,
    /// `subject` asked for `topic` at `time`.
    Request,
    /// `speaker` denied `topic` (about `subject`, `place`).
    Denial,
    /// `subject` states a position on `topic`. Value: the stance as written.
    Position,
    /// `value` holds the office `subject` at the article's time.
    OfficeHolder,
    /// Not a claim itself: names the speaker of the other claims in its sentence.
    Attribution,
}

pub const CLAIM_KINDS: &[(&str, ClaimKind)] = &[
    ("troop-count", ClaimKind::TroopCount),
    ("attack-count", ClaimKind::AttackCount),
    ("casualty-count", ClaimKind::CasualtyCount),
    ("withdrawal", ClaimKind::Withdrawal),
    ("return", ClaimKind::Return),
    ("presence", ClaimKind::Presence),
    ("deadline", ClaimKind::Deadline),
    ("timeline", ClaimKind::Timeline),
    ("talks", ClaimKind::Talks),
    ("request", ClaimKind::Request),
    ("denial", ClaimKind::Denial),
    ("position", ClaimKind::Position),
    ("office-holder", ClaimKind::OfficeHolder),
    ("attribution", ClaimKind::Attribution),
];

impl ClaimKind {
    pub fn parse(name: &str) -> Option<ClaimKind> {
        CLAIM_KINDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        CLAIM_KINDS.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    /// Whether the `value` field of this kind is a number (or a duration).
    /// Whether a missing subject or place may be filled from context: true for kinds about
    /// forces and events, false for statements whose subject is who speaks.
    pub fn infers_context(self) -> bool {
        !matches!(
            self,
            ClaimKind::Denial | ClaimKind::Position | ClaimKind::Talks | ClaimKind::Request | ClaimKind::Attribution
        )
    }

    pub fn value_is_quantity(self) -> bool {
        matches!(
            self,
            ClaimKind::TroopCount | ClaimKind::AttackCount | ClaimKind::CasualtyCount | ClaimKind::Timeline
        )
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The claim fields a rule can fill, from a capture or a fixed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Subject,
    Place,
    Value,
    Qualifier,
    Time,
    Speaker,
    Modality,
    Topic,
    Scope,
}

pub const FIELDS: &[(&str, Field)] = &[
    ("subject", Field::Subject),
    ("place", Field::Place),
    ("value", Field::Value),
    ("qualifier", Field::Qualifier),
    ("time", Field::Time),
    ("speaker", Field::Speaker),
    ("modality", Field::Modality),
    ("topic", Field::Topic),
    ("scope", Field::Scope),
];

impl Field {
    pub fn parse(name: &str) -> Option<Field> {
        FIELDS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        FIELDS.iter().find(|(_, f)| *f == self).map_or("?", |(n, _)| n)
    }
}

/// How the source holds the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    Asserted,
    Expected,
    Possible,
    Reported,
    Denied,
}

impl Modality {
    /// Maps the words of a modality capture or a fixed value: "could" is possible, "must" is
    /// expected, "reportedly" is reported, "denied" is denied.
    pub fn parse(words: &str) -> Option<Modality> {
        let lower = words.to_lowercase();
        let has = |w: &[&str]| {
            w.iter()
                .any(|x| lower.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|t| t == *x))
        };
        Some(
            if matches!(lower.trim(), "asserted" | "expected" | "possible" | "reported" | "denied") {
                match lower.trim() {
                    "asserted" => Modality::Asserted,
                    "expected" => Modality::Expected,
                    "possible" => Modality::Possible,
                    "reported" => Modality::Reported,
                    _ => Modality::Denied,
                }
            } else if has(&["denied", "deny", "denies", "rejected", "dismissed", "not"]) {
                Modality::Denied
            } else if has(&["could", "may", "might", "possibly", "perhaps"]) {
                Modality::Possible
            } else if has(&["reportedly", "report", "reported", "alleged", "allegedly", "alleging", "claimed"]) {
                Modality::Reported
            } else if has(&[
                "will", "would", "must", "expected", "set", "plan", "plans", "planned", "to", "shall", "should", "agreed", "agree", "going",
            ]) {
                Modality::Expected
            } else {
                return None;
            },
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Expected => "expected",
            Modality::Possible => "possible",
            Modality::Reported => "reported",
            Modality::Denied => "denied",
        }
    }
}

/// A party, place or person: the words as written and, when a dictionary knows them, the
/// canonical id. Group sources such as "U.S. officials" keep their words and only record the
/// party they belong to (`affiliation`), so they are never merged into the party itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Entity {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

impl Entity {
    /// The key claims are compared by: the canonical id, else the words in lower case.
    pub fn key(&self) -> String {
        self.id.clone().unwrap_or_else(|| self.text.to_lowercase())
    }

    /// The party this entity is or belongs to.
    pub fn party(&self) -> Option<&str> {
        self.id.as_deref().or(self.affiliation.as_deref())
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.id, &self.affiliation) {
            (Some(id), _) => f.write_str(id),
            (None, Some(party)) => write!(f, "\"{}\" ({party})", self.text),
            (None, None) => write!(f, "\"{}\"", self.text),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Value {
    Quantity(Quantity),
    Entity(Entity),
    Text { text: String },
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Quantity(q) => write!(f, "{q}"),
            Value::Entity(e) => write!(f, "{e}"),
            Value::Text { text } => write!(f, "\"{text}\""),
        }
    }
}

/// Where a claim came from, down to the byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub article: String,
    pub rule: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    /// The matched words.
    pub quote: String,
    pub sentence: String,
    /// Byte offset of the sentence in the article, so carets can be drawn under the quote.
    pub sentence_start: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub id: String,
    pub kind: ClaimKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Entity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Entity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub modality: Modality,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Entity>,
    /// The claim's own time, as written and as normalised (if the normaliser understood it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_written: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeSpan>,
    /// The time the claim was made: the article's date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said_at: Option<TimeSpan>,
    pub provenance: Provenance,
    /// Fields filled from context rather than the matched words: `subject` from an earlier
    /// claim of the same sentence, `place` from it or from the article's main place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<&'static str>,
}

impl Claim {
    /// The time the claim holds for: its own time, else the article's date.
    pub fn holds_at(&self) -> Option<&TimeSpan> {
        self.time.as_ref().or(self.said_at.as_ref())
    }

    pub fn subject_key(&self) -> String {
        self.subject.as_ref().map_or_else(String::new, Entity::key)
    }

    pub fn place_key(&self) -> String {
        self.place.as_ref().map_or_else(String::new, Entity::key)
    }

    /// One line describing what is claimed, for reports: `troop-count us in iraq = ~2500`.
    pub fn summary(&self) -> String {
        let mut s = self.kind.name().to_string();
        if let Some(subject) = &self.subject {
            s.push_str(&format!(" {subject}"));
        }
        if let Some(place) = &self.place {
            s.push_str(&format!(" in {place}"));
        }
        if let Some(topic) = &self.topic {
            s.push_str(&format!(" on {topic}"));
        }
        if let Some(value) = &self.value {
            s.push_str(&format!(" = {value}"));
        }
        if let Some(time) = &self.time {
            s.push_str(&format!(" @ {time}"));
        } else if let Some(written) = &self.time_written {
            s.push_str(&format!(" @ \"{written}\""));
        }
        if self.modality != Modality::Asserted {
            s.push_str(&format!(" [{}]", self.modality.name()));
        }
        if let Some(speaker) = &self.speaker {
            s.push_str(&format!(" (by {speaker})"));
        }
        s
    }
}

/// A 64-bit FNV-1a hash: stable across Rust releases and platforms, unlike `DefaultHasher`, so
/// ids in snapshots and in CI logs stay the same from one build to the next.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A short id with a prefix: `c-3fa9c01b2e` for claims, `f-...` for findings.
pub fn short_id(prefix: &str, parts: &[&str]) -> String {
    format!("{prefix}-{:010x}", stable_hash(parts) >> 24)
}
