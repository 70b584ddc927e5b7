//! The JSON shapes claimcheck writes and reads back, apart from the domain types.
//!
//! Every JSON document (the `check` and `extract` reports, claim files, `rules list`, `eval`)
//! is versioned by `SCHEMA_VERSION`, and baselines and claim files are read back. So the wire
//! format is spelled out here, field by field and name by name, and built from the model by
//! `From`: renaming a field or a variant of a domain type is a compile error here, never a
//! silent change of the JSON. Shapes borrow from the model where they are only written; those
//! also read back (claims, articles, input problems, a baseline's findings) hold `Cow`s, borrowed
//! when written and owned when read.

use crate::article::{Article, DateOrigin, InputProblem};
use crate::baseline::{Change, OldFinding};
use crate::claim::{Claim, ClaimId, Direction, Entity, Inferred, Provenance, Status, TimeOrigin, Value, FIELDS};
use crate::detect::{Finding, Severity, Side};
use crate::eval::{Alarm, Miss, Ratio, StoryEval};
use crate::kinds::{Behaviour, KindDef, Kinds, ValueType};
use crate::normalize::quantity::{Qualifier, Quantity};
use crate::normalize::time::{Granularity, TimeSpan};
use crate::review::{Review, ReviewStatus};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A wire enum mirroring a domain enum, variant for variant, with the JSON name of each spelled
/// out, and `From` both ways (a match, so a variant added to the domain must be named here).
macro_rules! wire_enum {
    ($(#[$doc:meta])* $wire:ident <=> $domain:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub(crate) enum $wire {
            $(#[serde(rename = $name)] $variant),+
        }

        impl From<$domain> for $wire {
            fn from(d: $domain) -> $wire {
                match d {
                    $($domain::$variant => $wire::$variant),+
                }
            }
        }

        impl From<$wire> for $domain {
            fn from(w: $wire) -> $domain {
                match w {
                    $($wire::$variant => $domain::$variant),+
                }
            }
        }
    };
}

wire_enum!(StatusJson <=> Status {
    Current = "current",
    Past = "past",
    Planned = "planned",
    Change = "change",
    Reported = "reported",
    Denied = "denied",
    Possible = "possible",
});

wire_enum!(DirectionJson <=> Direction {
    More = "more",
    Fewer = "fewer",
    Elsewhere = "elsewhere",
});

wire_enum!(TimeOriginJson <=> TimeOrigin {
    Text = "text",
    Sentence = "sentence",
    Article = "article",
    Unknown = "unknown",
});

wire_enum!(QualifierJson <=> Qualifier {
    Exact = "exact",
    Approximate = "approximate",
    AtLeast = "at-least",
    AtMost = "at-most",
    Vague = "vague",
});

wire_enum!(GranularityJson <=> Granularity {
    Day = "day",
    Week = "week",
    Month = "month",
    Season = "season",
    Year = "year",
    Range = "range",
});

wire_enum!(DateOriginJson <=> DateOrigin {
    Manifest = "manifest",
    FrontMatter = "front-matter",
    Text = "text",
    None = "none",
});

wire_enum!(SeverityJson <=> Severity {
    Conflict = "conflict",
    Dispute = "dispute",
    Change = "change",
    Corroboration = "corroboration",
    Note = "note",
});

wire_enum!(ChangeJson <=> Change {
    New = "new",
    Unchanged = "unchanged",
});

wire_enum!(ReviewStatusJson <=> ReviewStatus {
    Confirmed = "confirmed",
    FalseAlarm = "false-alarm",
    Explained = "explained",
    UnderReview = "under-review",
});

wire_enum!(ValueTypeJson <=> ValueType {
    Quantity = "quantity",
    Time = "time",
    Entity = "entity",
    Words = "words",
    None = "none",
});

wire_enum!(BehaviourJson <=> Behaviour {
    Level = "level",
    RunningTotal = "running-total",
    Event = "event",
    Since = "since",
    Deadline = "deadline",
    Duration = "duration",
    Position = "position",
    Denial = "denial",
    Speaker = "speaker",
});

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

// `skip_serializing_if` hands over the field itself, a `&Cow`.
#[allow(clippy::ptr_arg)]
/// Dates are written `YYYY-MM-DD` and read back the same way.
mod date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---- Claims: written by `extract` and `check`, read back from claim files. ----

/// A party, place or person.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct EntityJson<'a> {
    pub text: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<Cow<'a, str>>,
}

impl<'a> From<&'a Entity> for EntityJson<'a> {
    fn from(e: &'a Entity) -> Self {
        EntityJson {
            text: Cow::Borrowed(&e.text),
            id: e.id.as_deref().map(Cow::Borrowed),
            affiliation: e.affiliation.as_deref().map(Cow::Borrowed),
            within: e.within.iter().map(|p| Cow::Borrowed(&**p)).collect(),
        }
    }
}

impl EntityJson<'_> {
    /// The entity, its ids shared through `strings` with the other claims read.
    fn into_entity(self, strings: &mut Interner) -> Entity {
        Entity {
            text: Arc::from(&*self.text),
            id: self.id.map(|id| strings.get(&id)),
            affiliation: self.affiliation.map(|id| strings.get(&id)),
            within: if self.within.is_empty() {
                crate::claim::no_places()
            } else {
                self.within.iter().map(|p| strings.get(p)).collect()
            },
        }
    }
}

/// One allocation per distinct id (article, rule, entity) among the claims read from claim
/// files, shared as extraction shares them, and the last sentence read, which the next claim
/// of the same sentence shares.
#[derive(Default)]
pub(crate) struct Interner {
    strings: std::collections::HashSet<Arc<str>>,
    sentence: Option<Arc<str>>,
    entities: std::collections::HashSet<Arc<Entity>>,
}

impl Interner {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(s) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(s);
        self.strings.insert(shared.clone());
        shared
    }

    fn entity(&mut self, entity: Entity) -> Arc<Entity> {
        if let Some(shared) = self.entities.get(&entity) {
            return shared.clone();
        }
        let shared = Arc::new(entity);
        self.entities.insert(shared.clone());
        shared
    }
}

/// A figure as an interval: `high` is written as `null` when there is no upper bound.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct QuantityJson<'a> {
    pub low: f64,
    pub high: Option<f64>,
    pub nominal: f64,
    pub qualifier: QualifierJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Cow<'a, str>>,
}

impl<'a> From<&'a Quantity> for QuantityJson<'a> {
    fn from(q: &'a Quantity) -> Self {
        QuantityJson {
            low: q.low,
            high: q.high,
            nominal: q.nominal,
            qualifier: q.qualifier.into(),
            unit: q.unit.as_deref().map(Cow::Borrowed),
        }
    }
}

impl From<QuantityJson<'_>> for Quantity {
    fn from(q: QuantityJson<'_>) -> Self {
        Quantity {
            low: q.low,
            high: q.high,
            nominal: q.nominal,
            qualifier: q.qualifier.into(),
            unit: q.unit.map(Cow::into_owned),
        }
    }
}

/// A claim's value, tagged by its `type`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type")]
pub(crate) enum ValueJson<'a> {
    #[serde(rename = "quantity")]
    Quantity(QuantityJson<'a>),
    #[serde(rename = "entity")]
    Entity(EntityJson<'a>),
    #[serde(rename = "text")]
    Text { text: Cow<'a, str> },
}

impl<'a> From<&'a Value> for ValueJson<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Quantity(q) => ValueJson::Quantity(q.into()),
            Value::Entity(e) => ValueJson::Entity(e.into()),
            Value::Text { text } => ValueJson::Text { text: Cow::Borrowed(text) },
        }
    }
}

impl ValueJson<'_> {
    fn into_value(self, strings: &mut Interner) -> Value {
        match self {
            ValueJson::Quantity(q) => Value::Quantity(q.into()),
            ValueJson::Entity(e) => Value::Entity(e.into_entity(strings)),
            ValueJson::Text { text } => Value::Text { text: text.into_owned() },
        }
    }
}

/// A closed interval of days.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct TimeSpanJson {
    #[serde(with = "date")]
    pub start: jiff::civil::Date,
    #[serde(with = "date")]
    pub end: jiff::civil::Date,
    pub granularity: GranularityJson,
}

impl From<&TimeSpan> for TimeSpanJson {
    fn from(t: &TimeSpan) -> Self {
        TimeSpanJson {
            start: t.start,
            end: t.end,
            granularity: t.granularity.into(),
        }
    }
}

impl From<TimeSpanJson> for TimeSpan {
    fn from(t: TimeSpanJson) -> Self {
        TimeSpan {
            start: t.start,
            end: t.end,
            granularity: t.granularity.into(),
        }
    }
}

/// Where a claim came from, down to the byte.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ProvenanceJson<'a> {
    pub article: Cow<'a, str>,
    pub rule: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub quote: Cow<'a, str>,
    pub sentence: Cow<'a, str>,
    pub sentence_start: usize,
}

impl<'a> From<&'a Provenance> for ProvenanceJson<'a> {
    fn from(p: &'a Provenance) -> Self {
        ProvenanceJson {
            article: Cow::Borrowed(&p.article),
            rule: Cow::Borrowed(&p.rule),
            start: p.start,
            end: p.end,
            line: p.line,
            column: p.column,
            quote: Cow::Borrowed(p.quote()),
            sentence: Cow::Borrowed(p.sentence()),
            sentence_start: p.sentence_start,
        }
    }
}

impl ProvenanceJson<'_> {
    /// The provenance, its ids and its sentence shared through `strings`.
    fn into_provenance(self, strings: &mut Interner) -> Provenance {
        let provenance = Provenance::with_words(
            strings.get(&self.article),
            strings.get(&self.rule),
            (self.start, self.end),
            (self.line, self.column),
            self.sentence_start,
            &self.sentence,
            &self.quote,
            strings.sentence.as_ref(),
        );
        strings.sentence = Some(provenance.store().clone());
        provenance
    }
}

/// A claim as `extract --format json`, the `check` report and claim files write it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ClaimJson<'a> {
    pub id: Cow<'a, str>,
    /// The kind's name; read back against the rule pack's kinds.
    pub kind: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<EntityJson<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EntityJson<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueJson<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Cow<'a, str>>,
    pub status: StatusJson,
    /// For a `reported` claim, what the report says the figure is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_as: Option<StatusJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<DirectionJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<EntityJson<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_written: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeSpanJson>,
    pub time_origin: TimeOriginJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_at: Option<TimeSpanJson>,
    pub provenance: ProvenanceJson<'a>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Cow<'a, str>>,
}

impl<'a> From<&'a Claim> for ClaimJson<'a> {
    fn from(c: &'a Claim) -> Self {
        ClaimJson {
            id: Cow::Owned(c.id.to_string()),
            kind: Cow::Borrowed(c.kind.name()),
            subject: c.subject.as_deref().map(EntityJson::from),
            place: c.place.as_deref().map(EntityJson::from),
            value: c.value.as_ref().map(ValueJson::from),
            topic: c.topic.as_deref().map(Cow::Borrowed),
            scope: c.scope.as_deref().map(Cow::Borrowed),
            status: c.status.into(),
            reported_as: c.reported_as.map(StatusJson::from),
            direction: c.direction.map(DirectionJson::from),
            speaker: c.speaker.as_deref().map(EntityJson::from),
            time_written: c.time_written.as_deref().map(Cow::Borrowed),
            time: c.time.as_ref().map(TimeSpanJson::from),
            time_origin: c.time_origin.into(),
            said_at: c.said_at.as_ref().map(TimeSpanJson::from),
            provenance: (&c.provenance).into(),
            inferred: c.inferred.iter().map(Cow::Borrowed).collect(),
        }
    }
}

impl ClaimJson<'_> {
    /// The claim, its kind resolved against the rule pack's (a claim read back shares its
    /// kind's declaration with the loaded pack) and its inferred fields against `FIELDS`.
    pub fn into_claim(self, kinds: &Kinds, strings: &mut Interner) -> Result<Claim, String> {
        let id = ClaimId::parse(&self.id).ok_or_else(|| format!("claim id `{}` is not `c-` and 16 lower-case hex digits", self.id))?;
        let kind = kinds
            .get(&self.kind)
            .cloned()
            .ok_or_else(|| format!("kind `{}` is not in the rule pack", self.kind))?;
        let mut inferred = Inferred::default();
        for n in &self.inferred {
            let field = FIELDS
                .iter()
                .find(|(name, _)| name == n)
                .map(|(_, field)| *field)
                .ok_or_else(|| format!("`{n}` is not a claim field"))?;
            if !inferred.push(field) {
                return Err(format!("more than {} inferred fields", Inferred::CAPACITY));
            }
        }
        Ok(Claim {
            id,
            kind,
            subject: self.subject.map(|e| {
                let e = e.into_entity(strings);
                strings.entity(e)
            }),
            place: self.place.map(|e| {
                let e = e.into_entity(strings);
                strings.entity(e)
            }),
            value: self.value.map(|v| v.into_value(strings)),
            topic: self.topic.map(|t| strings.get(&t)),
            scope: self.scope.map(|s| strings.get(&s)),
            status: self.status.into(),
            reported_as: self.reported_as.map(Status::from),
            direction: self.direction.map(Direction::from),
            speaker: self.speaker.map(|e| {
                let e = e.into_entity(strings);
                strings.entity(e)
            }),
            time_written: self.time_written.map(Cow::into_owned),
            time: self.time.map(TimeSpan::from),
            time_origin: self.time_origin.into(),
            said_at: self.said_at.map(TimeSpan::from),
            provenance: self.provenance.into_provenance(strings),
            inferred,
        })
    }
}

/// The error for a claim line whose kind is not in the pack, if that is what it is: read on its
/// own, so an incomplete claim of an unknown kind is named by its kind, not a missing field.
pub(crate) fn unknown_kind(line: &str, kinds: &Kinds) -> Option<String> {
    #[derive(Deserialize)]
    enum KindOnly {
        #[serde(rename = "claim")]
        Claim { kind: String },
    }
    let KindOnly::Claim { kind } = serde_json::from_str(line).ok()?;
    kinds.get(&kind).is_none().then(|| format!("kind `{kind}` is not in the rule pack"))
}

// ---- Articles and input problems: in every report and in claim files. ----

/// What the JSON says of an article: enough to know which date anchored its relative words.
/// Its text is not written, so an article read back from a claim file has none.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ArticleJson<'a> {
    pub id: Cow<'a, str>,
    pub path: Cow<'a, str>,
    pub outlet: Option<Cow<'a, str>>,
    pub date: Option<Cow<'a, str>>,
    pub date_origin: DateOriginJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_line: Option<usize>,
    pub excluded_bytes: usize,
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleJson {
            id: Cow::Borrowed(&a.id),
            path: Cow::Borrowed(&a.path),
            outlet: a.outlet.as_deref().map(Cow::Borrowed),
            date: a.date.map(|d| Cow::Owned(d.to_string())),
            date_origin: a.date_origin.into(),
            date_line: a.date_line,
            excluded_bytes: a.excluded.iter().map(|r| r.end - r.start).sum(),
        }
    }
}

impl ArticleJson<'_> {
    /// The article without its text: no snippets unless the text is read back from its path.
    pub fn into_article(self) -> Result<Article, String> {
        let date = match self.date {
            Some(d) => Some(d.parse().map_err(|e| format!("bad article date `{d}`: {e}"))?),
            None => None,
        };
        Ok(Article {
            id: self.id.into_owned(),
            path: self.path.into_owned(),
            text: String::new(),
            outlet: self.outlet.map(Cow::into_owned),
            date,
            date_origin: self.date_origin.into(),
            date_line: self.date_line,
            body: 0..0,
            // Only the number of excluded bytes is recorded; reports show nothing else of it.
            excluded: std::iter::once(0..self.excluded_bytes).filter(|r| !r.is_empty()).collect(),
            oversized: Vec::new(),
            lines: crate::text::LineIndex::new(""),
        })
    }
}

/// A file that could not be read as an article, and why (its rendered caret is not written).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ProblemJson<'a> {
    pub path: Cow<'a, str>,
    pub reason: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl<'a> From<&'a InputProblem> for ProblemJson<'a> {
    fn from(p: &'a InputProblem) -> Self {
        ProblemJson {
            path: Cow::Borrowed(&p.path),
            reason: Cow::Borrowed(&p.reason),
            line: p.line,
            column: p.column,
        }
    }
}

impl From<ProblemJson<'_>> for InputProblem {
    fn from(p: ProblemJson<'_>) -> Self {
        InputProblem {
            path: p.path.into_owned(),
            reason: p.reason.into_owned(),
            line: p.line,
            column: p.column,
            rendered: None,
        }
    }
}

// ---- Claim files (`extract --format jsonl`, read by `check --claims`). ----

/// One line of a claim file: `{"schema":N}`, `{"article":...}`, `{"claim":...}` or
/// `{"problem":...}`, written borrowing from the model and read back owned.
#[derive(Serialize, Deserialize)]
pub(crate) enum ClaimFileLine<'a> {
    #[serde(rename = "schema")]
    Schema(u32),
    #[serde(rename = "article")]
    Article(ArticleJson<'a>),
    #[serde(rename = "claim")]
    Claim(Box<ClaimJson<'a>>),
    #[serde(rename = "problem")]
    Problem(ProblemJson<'a>),
}

// ---- The `extract --format json` document. ----

#[derive(Serialize)]
pub(crate) struct ExtractDocument<'a> {
    pub schema: u32,
    pub articles: Vec<ArticleJson<'a>>,
    pub claims: Vec<ClaimJson<'a>>,
    pub problems: Vec<ProblemJson<'a>>,
}

// ---- The `check --format json` report. ----

/// A list serialised item by item as it is written, never collected: a corpus's report lists
/// hundreds of thousands of articles and claims. Written once; the JSON is the same as a `Vec`'s.
pub(crate) struct Streamed<'a, T>(std::cell::Cell<Option<Box<dyn Iterator<Item = T> + 'a>>>);

impl<'a, T> Streamed<'a, T> {
    pub fn new(items: impl Iterator<Item = T> + 'a) -> Self {
        Streamed(std::cell::Cell::new(Some(Box::new(items))))
    }
}

impl<T: Serialize> Serialize for Streamed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self
            .0
            .take()
            .ok_or_else(|| serde::ser::Error::custom("a streamed list is written once"))?;
        serializer.collect_seq(items)
    }
}

#[derive(Serialize)]
pub(crate) struct CheckDocument<'a> {
    pub schema: u32,
    pub summary: SummaryJson,
    pub articles: Streamed<'a, ArticleJson<'a>>,
    pub findings: Streamed<'a, FindingJson<'a>>,
    /// Ledger entries whose finding no longer appears.
    pub stale_reviews: Vec<ReviewJson<'a>>,
    /// Present when a baseline was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineJson<'a>>,
    /// Reviewed findings left out by `--hide-reviewed`.
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden: usize,
    /// The claims findings cite; `extract --format json` lists every claim.
    pub claims: Streamed<'a, ClaimJson<'a>>,
    pub problems: Vec<ProblemJson<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SummaryJson {
    pub conflicts: usize,
    pub disputes: usize,
    pub changes: usize,
    pub corroborations: usize,
    pub notes: usize,
    pub articles: usize,
    pub claims: usize,
}

#[derive(Serialize)]
pub(crate) struct SideJson<'a> {
    pub claim: String,
    pub role: &'a str,
}

impl<'a> From<&'a Side> for SideJson<'a> {
    fn from(s: &'a Side) -> Self {
        SideJson {
            claim: s.claim.to_string(),
            role: &s.role,
        }
    }
}

/// A finding with what the workflow knows of it.
#[derive(Serialize)]
pub(crate) struct FindingJson<'a> {
    pub id: &'a str,
    pub detector: &'a str,
    pub severity: SeverityJson,
    pub sides: Vec<SideJson<'a>>,
    pub why: &'a str,
    /// Merged occurrences of the same facts; written only when more than one.
    #[serde(skip_serializing_if = "is_one")]
    pub occurrences: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub more_sides: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<ChangeJson>,
}

impl<'a> FindingJson<'a> {
    pub fn new(f: &'a Finding, review: Option<&'a Review>, change: Option<Change>) -> Self {
        FindingJson {
            id: &f.id,
            detector: f.detector,
            severity: f.severity.into(),
            sides: f.sides.iter().map(SideJson::from).collect(),
            why: &f.why,
            occurrences: f.occurrences,
            more_sides: f.more_sides,
            review: review.map(ReviewJson::from),
            baseline: change.map(ChangeJson::from),
        }
    }
}

/// An editor's verdict, as the report (and SARIF's properties) show it.
#[derive(Serialize)]
pub(crate) struct ReviewJson<'a> {
    pub id: &'a str,
    pub status: ReviewStatusJson,
    pub reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'a str>,
    pub date: &'a str,
}

impl<'a> From<&'a Review> for ReviewJson<'a> {
    fn from(r: &'a Review) -> Self {
        ReviewJson {
            id: &r.id,
            status: r.status.into(),
            reason: &r.reason,
            by: r.by.as_deref(),
            date: &r.date,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct BaselineJson<'a> {
    pub path: &'a str,
    pub new: usize,
    pub unchanged: usize,
    pub gone: Vec<OldFindingJson<'a>>,
}

/// A finding as a baseline reads it from an earlier report, and as the report lists it when
/// gone. The severity stays a string: an earlier report is only compared by id.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct OldFindingJson<'a> {
    pub id: Cow<'a, str>,
    pub detector: Cow<'a, str>,
    pub severity: Cow<'a, str>,
    pub why: Cow<'a, str>,
}

impl<'a> From<&'a OldFinding> for OldFindingJson<'a> {
    fn from(f: &'a OldFinding) -> Self {
        OldFindingJson {
            id: Cow::Borrowed(&f.id),
            detector: Cow::Borrowed(&f.detector),
            severity: Cow::Borrowed(&f.severity),
            why: Cow::Borrowed(&f.why),
        }
    }
}

impl From<OldFindingJson<'_>> for OldFinding {
    fn from(f: OldFindingJson<'_>) -> Self {
        OldFinding {
            id: f.id.into_owned(),
            detector: f.detector.into_owned(),
            severity: f.severity.into_owned(),
            why: f.why.into_owned(),
        }
    }
}

/// What a baseline reads of an earlier `check --format json` report; the rest is ignored.
#[derive(Deserialize)]
pub(crate) struct BaselineReport<'a> {
    pub schema: u32,
    pub findings: Vec<OldFindingJson<'a>>,
}

// ---- `rules list --format json`, with and without `--kinds`. ----

#[derive(Serialize)]
pub(crate) struct RuleJson<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub description: &'a str,
    pub file: String,
    pub line: usize,
    pub priority: i32,
    pub examples: usize,
    pub counter_examples: usize,
}

/// A declared kind, as `rules list --kinds --format json` writes it.
#[derive(Serialize)]
pub(crate) struct KindJson<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub value: ValueTypeJson,
    pub compare: Vec<BehaviourJson>,
    pub family: &'a str,
    pub same_time_days: i64,
    pub tolerance: f64,
    pub same_event_years: i16,
    pub infer: &'a [String],
    pub corroborate: bool,
    pub default_status: StatusJson,
    pub status_window: usize,
    pub compare_by: &'a [String],
    pub interrupted_by: &'a [String],
    pub passed_while: &'a [String],
    pub bounds: &'a [String],
    pub date_slack_days: i64,
    pub recurring_topics: &'a [String],
    pub passed_within_days: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nested_places: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dates_figures: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_topic: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shows_presence: bool,
}

impl<'a> From<&'a KindDef> for KindJson<'a> {
    fn from(k: &'a KindDef) -> Self {
        KindJson {
            name: &k.name,
            description: &k.description,
            value: k.value.into(),
            compare: k.compare.iter().map(|b| BehaviourJson::from(*b)).collect(),
            family: &k.family,
            same_time_days: k.same_time_days,
            tolerance: k.tolerance,
            same_event_years: k.same_event_years,
            infer: &k.infer,
            corroborate: k.corroborate,
            default_status: k.default_status.into(),
            status_window: k.status_window,
            compare_by: &k.compare_by,
            interrupted_by: &k.interrupted_by,
            passed_while: &k.passed_while,
            bounds: &k.bounds,
            date_slack_days: k.date_slack_days,
            recurring_topics: &k.recurring_topics,
            passed_within_days: k.passed_within_days,
            nested_places: k.nested_places,
            dates_figures: k.dates_figures,
            presence_topic: k.presence_topic.as_deref(),
            shows_presence: k.shows_presence,
        }
    }
}

// ---- `eval --format json`. ----

/// One measure: how many of `total` were right.
#[derive(Serialize)]
pub(crate) struct RatioJson {
    pub hits: usize,
    pub total: usize,
}

impl From<&Ratio> for RatioJson {
    fn from(r: &Ratio) -> Self {
        RatioJson {
            hits: r.hits,
            total: r.total,
        }
    }
}

fn ratios(map: &BTreeMap<String, Ratio>) -> BTreeMap<&str, RatioJson> {
    map.iter().map(|(k, r)| (k.as_str(), r.into())).collect()
}

#[derive(Serialize)]
pub(crate) struct MissJson<'a> {
    pub label: &'a str,
    pub article: &'a str,
    pub kind: &'a str,
    pub quote: &'a str,
    pub expected: &'a str,
    pub nearest: &'a [String],
}

impl<'a> From<&'a Miss> for MissJson<'a> {
    fn from(m: &'a Miss) -> Self {
        MissJson {
            label: &m.label,
            article: &m.article,
            kind: &m.kind,
            quote: &m.quote,
            expected: &m.expected,
            nearest: &m.nearest,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct AlarmJson<'a> {
    pub id: &'a str,
    pub severity: &'a str,
    pub why: &'a str,
    pub sentences: &'a [String],
}

impl<'a> From<&'a Alarm> for AlarmJson<'a> {
    fn from(a: &'a Alarm) -> Self {
        AlarmJson {
            id: &a.id,
            severity: &a.severity,
            why: &a.why,
            sentences: &a.sentences,
        }
    }
}

/// One gold file's measures, misses and false alarms.
#[derive(Serialize)]
pub(crate) struct StoryEvalJson<'a> {
    pub gold: &'a str,
    pub story: &'a str,
    pub claims: BTreeMap<&'a str, RatioJson>,
    pub claim_misses: Vec<MissJson<'a>>,
    pub recall: BTreeMap<&'a str, RatioJson>,
    pub precision: BTreeMap<&'a str, RatioJson>,
    pub missed_findings: &'a [String],
    pub false_alarms: Vec<AlarmJson<'a>>,
    pub tempting_raised: &'a [String],
    pub failed_thresholds: &'a [String],
}

impl<'a> From<&'a StoryEval> for StoryEvalJson<'a> {
    fn from(s: &'a StoryEval) -> Self {
        StoryEvalJson {
            gold: &s.gold,
            story: &s.story,
            claims: ratios(&s.claims),
            claim_misses: s.claim_misses.iter().map(MissJson::from).collect(),
            recall: ratios(&s.recall),
            precision: ratios(&s.precision),
            missed_findings: &s.missed_findings,
            false_alarms: s.false_alarms.iter().map(AlarmJson::from).collect(),
            tempting_raised: &s.tempting_raised,
            failed_thresholds: &s.failed_thresholds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON spells statuses, value types and behaviours as rule authors write them in the
    /// pack: one vocabulary, though the wire names are written out in this file.
    #[test]
    fn wire_names_are_the_packs_names() {
        let wire = |v: serde_json::Value| v.as_str().unwrap().to_string();
        for &(name, status) in crate::claim::STATUSES {
            assert_eq!(wire(serde_json::to_value(StatusJson::from(status)).unwrap()), name);
        }
        for &(name, value_type) in crate::kinds::VALUE_TYPES {
            assert_eq!(wire(serde_json::to_value(ValueTypeJson::from(value_type)).unwrap()), name);
        }
        for &(name, behaviour, _) in crate::kinds::BEHAVIOURS {
            assert_eq!(wire(serde_json::to_value(BehaviourJson::from(behaviour)).unwrap()), name);
        }
        assert!(crate::claim::STATUSES.len() >= 7 && crate::kinds::BEHAVIOURS.len() >= 9);
    }

    /// A claim written and read back is the same claim: the claim file round trip that
    /// `check --claims` relies on, on every optional field at once.
    #[test]
    fn a_claim_round_trips_through_its_json() {
        let rules = crate::detect::testing::rules();
        let kind = rules.kinds.all.first().expect("the pack has kinds").clone();
        let entity = Entity {
            text: "U.S. officials".into(),
            id: None,
            affiliation: Some("us".into()),
            within: vec!["world".into()].into(),
        };
        let day = TimeSpan::day("2024-05-01".parse().unwrap());
        let claim = Claim {
            id: ClaimId(0x0123_4567_89ab_cdef),
            kind,
            subject: Some(Arc::new(entity.clone())),
            place: Some(Arc::new(entity.clone())),
            value: Some(Value::Quantity(Quantity {
                low: 2250.0,
                high: None,
                nominal: 2500.0,
                qualifier: Qualifier::AtLeast,
                unit: Some("year".into()),
            })),
            topic: Some("withdrawal".into()),
            scope: Some("combat".into()),
            status: Status::Planned,
            reported_as: Some(Status::Current),
            direction: Some(Direction::Fewer),
            speaker: Some(Arc::new(entity)),
            time_written: Some("by May".into()),
            time: Some(day.clone()),
            time_origin: TimeOrigin::Sentence,
            said_at: Some(day),
            provenance: Provenance::with_words("a1".into(), "r1".into(), (1, 9), (2, 3), 0, "A sentence.", "\"quoted\"", None),
            inferred: {
                let mut inferred = Inferred::default();
                inferred.push(crate::claim::Field::Subject);
                inferred.push(crate::claim::Field::Place);
                inferred
            },
        };
        let text = serde_json::to_string(&ClaimJson::from(&claim)).unwrap();
        let back: ClaimJson = serde_json::from_str(&text).unwrap();
        assert_eq!(back.into_claim(&rules.kinds, &mut Interner::default()).unwrap(), claim);
    }
}
