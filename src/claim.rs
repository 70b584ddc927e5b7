//! The claim: one normalised assertion pulled from one sentence, with its provenance.
//!
//! Everything downstream (the graph, detectors, reports) reads claims only, never article text,
//! so a claim carries all a reader needs to find it again: article, byte span, line:column,
//! sentence and rule id.

pub use crate::kinds::Kind;
use crate::normalize::quantity::Quantity;
use crate::normalize::time::TimeSpan;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The claim fields a rule can fill, from a capture or a fixed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Subject,
    Place,
    Value,
    Qualifier,
    Time,
    Speaker,
    Status,
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
    ("status", Field::Status),
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

/// What kind of figure or statement a claim is. Only like statuses compare: a planned level is
/// not the current one, an amount of change is not a level, and a denied claim counts only
/// through assertion-denial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Holds now (at the claim's time): "there are 2,500 troops".
    Current,
    /// Held at an earlier time the words give: "5,000 troops returned in 2014".
    Past,
    /// Planned, expected or required: "will keep 1,000", "must leave by".
    Planned,
    /// An amount of change, not a level: "send 3,000 more", "withdraw 500".
    Change,
    /// Someone else's report, not the source's own claim: "a report said".
    Reported,
    /// Denied by its speaker.
    Denied,
    /// Possible, not asserted: "could", "up to".
    Possible,
}

/// Status names, in the order words are tried: the first status whose words appear wins, so
/// "denied plans to send more" is denied, "will send 3,000 more" is a change.
pub const STATUSES: &[(&str, Status)] = &[
    ("denied", Status::Denied),
    ("possible", Status::Possible),
    ("reported", Status::Reported),
    ("change", Status::Change),
    ("planned", Status::Planned),
    ("past", Status::Past),
    ("current", Status::Current),
];

impl Status {
    pub fn parse_name(name: &str) -> Option<Status> {
        STATUSES.iter().find(|(n, _)| *n == name.trim()).map(|(_, s)| *s)
    }

    /// The status a capture's words mean, through the pack's `[status-words]`: a status name
    /// itself, else the first status of `table` one of whose words or phrases occurs. The
    /// table is in `STATUSES` order with each phrase padded by spaces (`" plans to "`), as the
    /// rule loader builds it, so this runs per claim without building strings per phrase.
    pub fn parse(words: &str, table: &[(Status, Vec<String>)]) -> Option<Status> {
        Status::parse_except(words, table, None)
    }

    /// [`Status::parse`] with the words of one status left out: what a relayed figure is
    /// inside its report ("reportedly will keep 1,000" is planned once "reportedly" is set
    /// aside).
    pub fn parse_except(words: &str, table: &[(Status, Vec<String>)], except: Option<Status>) -> Option<Status> {
        if let Some(s) = Status::parse_name(&words.to_lowercase()) {
            return Some(s);
        }
        let padded = format!(" {} ", word_string(words));
        table
            .iter()
            .filter(|(s, _)| Some(*s) != except)
            .find(|(_, phrases)| phrases.iter().any(|p| padded.contains(p.as_str())))
            .map(|(s, _)| *s)
    }

    pub fn name(self) -> &'static str {
        STATUSES.iter().find(|(_, s)| *s == self).map_or("?", |(n, _)| n)
    }

    /// Statuses whose claims say what is, was or will be, and so can conflict with each other.
    pub fn is_own_claim(self) -> bool {
        matches!(self, Status::Current | Status::Past | Status::Planned | Status::Change)
    }
}

/// Which way an amount of change moves a force: "send 3,000 more" adds, "withdraw 500" takes
/// away, "redeploy 5,400 to other countries in Europe" moves it elsewhere. Two amounts compare
/// only when they move the same way: "add 500" and "withdraw 12,000" the same day are two
/// actions, "withdraw 9,500" and "withdraw 12,000" are one plan told twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    More,
    Fewer,
    Elsewhere,
}

pub const DIRECTIONS: &[(&str, Direction)] = &[
    ("more", Direction::More),
    ("fewer", Direction::Fewer),
    ("elsewhere", Direction::Elsewhere),
];

impl Direction {
    pub fn parse_name(name: &str) -> Option<Direction> {
        DIRECTIONS.iter().find(|(n, _)| *n == name.trim()).map(|(_, d)| *d)
    }

    /// The direction a change's words give through the pack's `[direction-words]`, or `None`
    /// when they give none or both ("redeploy": moved, not said which way). Phrases are padded
    /// as in [`Status::parse`].
    pub fn parse(words: &str, table: &[(Direction, Vec<String>)]) -> Option<Direction> {
        let padded = format!(" {} ", word_string(words));
        let mut found = table
            .iter()
            .filter(|(_, phrases)| phrases.iter().any(|p| padded.contains(p.as_str())))
            .map(|(d, _)| *d);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    pub fn name(self) -> &'static str {
        DIRECTIONS.iter().find(|(_, d)| *d == self).map_or("?", |(n, _)| n)
    }
}

/// Lower-case words separated by single spaces, punctuation dropped: what status words and
/// normalised sentences are compared on.
pub fn word_string(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a claim's time came from. Unknown time never makes a conflict or a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeOrigin {
    /// The claim's own words: "in 2011", "by Sept. 15".
    Text,
    /// A time stated elsewhere in its sentence.
    Sentence,
    /// The article's date (the claim holds at publication).
    Article,
    /// Neither the words nor the article give a time.
    Unknown,
}

/// A party, place or person: the words as written and, when a dictionary knows them, the
/// canonical id. Group sources such as "U.S. officials" keep their words and only record the
/// party they belong to (`affiliation`), so they are never merged into the party itself.
///
/// Ids are shared with the pack's dictionaries (`Arc<str>`), not copied per claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entity {
    pub text: Arc<str>,
    pub id: Option<Arc<str>>,
    pub affiliation: Option<Arc<str>>,
    /// The places this entity lies within, nearest first (`within` in the pack's dictionaries):
    /// carried on the claim so a claim file compares as the articles would. Shared with the
    /// pack's `within` table.
    pub within: Arc<[Arc<str>]>,
}

/// The empty `within` chain, one allocation shared by every entity placed in nothing.
pub fn no_places() -> Arc<[Arc<str>]> {
    static EMPTY: std::sync::OnceLock<Arc<[Arc<str>]>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Arc::from(Vec::new())).clone()
}

impl Entity {
    /// The key claims are compared by: the canonical id, else the words in lower case.
    pub fn key(&self) -> String {
        self.id.as_deref().map_or_else(|| self.text.to_lowercase(), str::to_string)
    }

    /// The party this entity is or belongs to.
    pub fn party(&self) -> Option<&str> {
        self.id.as_deref().or(self.affiliation.as_deref())
    }

    /// [`Entity::party`], shared rather than borrowed.
    pub fn shared_party(&self) -> Option<Arc<str>> {
        self.id.clone().or_else(|| self.affiliation.clone())
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

#[derive(Debug, Clone, PartialEq)]
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
///
/// The quote and the sentence are ranges into `text`, a store the claims of one article share
/// (extraction puts each sentence holding a claim there once), not strings of their own.
#[derive(Clone)]
pub struct Provenance {
    /// The article's id, one allocation shared by its claims.
    pub article: Arc<str>,
    /// The rule's id, shared with the rule set.
    pub rule: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    /// Byte offset of the sentence in the article, so carets can be drawn under the quote.
    pub sentence_start: usize,
    text: Arc<str>,
    sentence: (u32, u32),
    quote: (u32, u32),
}

impl Provenance {
    /// A provenance whose sentence is `text[sentence]` and whose matched words are `text[quote]`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        article: Arc<str>,
        rule: Arc<str>,
        (start, end): (usize, usize),
        (line, column): (usize, usize),
        sentence_start: usize,
        text: Arc<str>,
        sentence: Range<usize>,
        quote: Range<usize>,
    ) -> Provenance {
        let narrow = |r: Range<usize>| {
            assert!(text.get(r.clone()).is_some(), "a provenance range lies inside its text");
            (
                u32::try_from(r.start).expect("store under 4 GiB"),
                u32::try_from(r.end).expect("store under 4 GiB"),
            )
        };
        Provenance {
            sentence: narrow(sentence),
            quote: narrow(quote),
            article,
            rule,
            start,
            end,
            line,
            column,
            sentence_start,
            text,
        }
    }

    /// A provenance whose sentence and quote will be read from a store still being written
    /// (extraction's): they read as empty until [`Provenance::set_store`] gives the store.
    pub(crate) fn in_store(
        article: Arc<str>,
        rule: Arc<str>,
        (start, end): (usize, usize),
        (line, column): (usize, usize),
        sentence_start: usize,
        sentence: Range<usize>,
        quote: Range<usize>,
    ) -> Provenance {
        let narrow = |r: Range<usize>| {
            (
                u32::try_from(r.start).expect("store under 4 GiB"),
                u32::try_from(r.end).expect("store under 4 GiB"),
            )
        };
        Provenance {
            article,
            rule,
            start,
            end,
            line,
            column,
            sentence_start,
            text: no_text(),
            sentence: narrow(sentence),
            quote: narrow(quote),
        }
    }

    /// Gives a provenance made [`Provenance::in_store`] its finished store.
    pub(crate) fn set_store(&mut self, text: Arc<str>) {
        for (a, b) in [self.sentence, self.quote] {
            assert!(
                text.get(a as usize..b as usize).is_some(),
                "a provenance range lies inside its store"
            );
        }
        self.text = text;
    }

    /// A provenance holding its own sentence and quote, as a claim file gives them: the quote
    /// is found where its offsets put it in the sentence, else stored after it. `shared` is
    /// reused when it holds exactly this sentence (the previous claim's, usually).
    #[allow(clippy::too_many_arguments)]
    pub fn with_words(
        article: Arc<str>,
        rule: Arc<str>,
        (start, end): (usize, usize),
        (line, column): (usize, usize),
        sentence_start: usize,
        sentence: &str,
        quote: &str,
        shared: Option<&Arc<str>>,
    ) -> Provenance {
        let at = start.wrapping_sub(sentence_start);
        let inside = sentence.get(at..at.wrapping_add(quote.len())) == Some(quote);
        let (text, quote_range) = match shared {
            Some(text) if inside && &**text == sentence => (text.clone(), at..at + quote.len()),
            _ if inside => (Arc::from(sentence), at..at + quote.len()),
            _ => (
                Arc::from(format!("{sentence}{quote}")),
                sentence.len()..sentence.len() + quote.len(),
            ),
        };
        let sentence_len = sentence.len();
        Provenance::new(
            article,
            rule,
            (start, end),
            (line, column),
            sentence_start,
            text,
            0..sentence_len,
            quote_range,
        )
    }

    /// The matched words.
    pub fn quote(&self) -> &str {
        &self.text[self.quote.0 as usize..self.quote.1 as usize]
    }

    /// The whole sentence the claim was read from.
    pub fn sentence(&self) -> &str {
        &self.text[self.sentence.0 as usize..self.sentence.1 as usize]
    }

    /// The store the sentence and quote are read from, to share with the next claim.
    pub fn store(&self) -> &Arc<str> {
        &self.text
    }
}

impl PartialEq for Provenance {
    fn eq(&self, other: &Provenance) -> bool {
        self.article == other.article
            && self.rule == other.rule
            && (self.start, self.end, self.line, self.column, self.sentence_start)
                == (other.start, other.end, other.line, other.column, other.sentence_start)
            && self.quote() == other.quote()
            && self.sentence() == other.sentence()
    }
}

impl Eq for Provenance {}

impl fmt::Debug for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provenance")
            .field("article", &self.article)
            .field("rule", &self.rule)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("quote", &self.quote())
            .field("sentence", &self.sentence())
            .field("sentence_start", &self.sentence_start)
            .finish()
    }
}

/// Makes equal entities of `claims` one allocation, through `seen` (kept across calls to
/// share across chunks of a corpus): most claims name a few parties and places.
pub fn share_entities(claims: &mut [Claim], seen: &mut std::collections::HashSet<Arc<Entity>>) {
    for claim in claims {
        for entity in [&mut claim.subject, &mut claim.place, &mut claim.speaker].into_iter().flatten() {
            match seen.get(&**entity) {
                Some(shared) => *entity = shared.clone(),
                None => {
                    seen.insert(entity.clone());
                }
            }
        }
    }
}

/// The fields a claim took from context, in the order they were filled, without an allocation:
/// up to [`Inferred::CAPACITY`] fields, each its place in `FIELDS` plus one in four bits.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Inferred(u32);

impl Inferred {
    pub const CAPACITY: usize = 8;

    /// Adds a field after those already listed; `false` when the list is full.
    pub fn push(&mut self, field: Field) -> bool {
        let n = self.len();
        if n == Self::CAPACITY {
            return false;
        }
        let code = FIELDS.iter().position(|(_, f)| *f == field).expect("every field is in FIELDS") as u32 + 1;
        self.0 |= code << (4 * n);
        true
    }

    pub fn len(&self) -> usize {
        (0..Self::CAPACITY).take_while(|i| (self.0 >> (4 * i)) & 0xf != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The fields' names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        let bits = self.0;
        (0..Self::CAPACITY)
            .map(move |i| ((bits >> (4 * i)) & 0xf) as usize)
            .take_while(|&code| code != 0)
            .map(|code| FIELDS[code - 1].0)
    }
}

impl fmt::Debug for Inferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The empty store, shared by provenances not yet given theirs.
fn no_text() -> Arc<str> {
    static EMPTY: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Arc::from("")).clone()
}

/// A claim's id: all 64 bits of a content hash (see `ids`), shown as `c-` and 16 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClaimId(pub u64);

impl ClaimId {
    /// The id a report shows (`c-3fa9c01b2e4d5f60`), read back; `None` for anything else.
    pub fn parse(shown: &str) -> Option<ClaimId> {
        let hex = shown.strip_prefix("c-")?;
        let lower_hex = hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        lower_hex.then(|| u64::from_str_radix(hex, 16).ok()).flatten().map(ClaimId)
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "c-{:016x}", self.0)
    }
}

impl fmt::Debug for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: ClaimId,
    pub kind: Kind,
    /// Shared: the claims of a corpus hold one copy of each distinct entity (see
    /// [`share_entities`]), most of them a few parties and places.
    pub subject: Option<Arc<Entity>>,
    pub place: Option<Arc<Entity>>,
    pub value: Option<Value>,
    /// Dictionary ids shared with the pack's lexicon, else the words in lower case.
    pub topic: Option<Arc<str>>,
    pub scope: Option<Arc<str>>,
    pub status: Status,
    /// For a `reported` claim, what the report says the figure is (`current`, `past`,
    /// `planned` or `change`), read from its words as if the source said them: "according to
    /// a report, the U.S. will keep 1,000 troops" relays a plan. `None` when the report is of a
    /// denied or possible figure. Detectors compare it as that, beside the source's own.
    pub reported_as: Option<Status>,
    /// For an amount of change, which way it moves the force, when its words say.
    pub direction: Option<Direction>,
    pub speaker: Option<Arc<Entity>>,
    /// The claim's own time, as written and as normalised (if the normaliser understood it).
    pub time_written: Option<String>,
    pub time: Option<TimeSpan>,
    pub time_origin: TimeOrigin,
    /// The time the claim was made: the article's date, when known.
    pub said_at: Option<TimeSpan>,
    pub provenance: Provenance,
    /// Fields filled from context rather than the matched words: `subject` from an earlier
    /// claim of the same sentence, `place` from it or from the article's main place.
    pub inferred: Inferred,
}

impl Claim {
    /// What the figure is: its status, or for a relayed report what the report says it is.
    pub fn figure_status(&self) -> Status {
        match (self.status, self.reported_as) {
            (Status::Reported, Some(s)) => s,
            (s, _) => s,
        }
    }

    /// The status detectors compare the claim as: its own, or for a relayed report what the
    /// report says the figure is. `None` for a denied or possible claim, or a report of one.
    pub fn compared_status(&self) -> Option<Status> {
        Some(self.figure_status()).filter(|s| s.is_own_claim())
    }

    /// The time the claim holds for: its own or its sentence's time, else the article's date.
    pub fn holds_at(&self) -> Option<&TimeSpan> {
        match self.time_origin {
            TimeOrigin::Text | TimeOrigin::Sentence => self.time.as_ref(),
            TimeOrigin::Article => self.said_at.as_ref(),
            TimeOrigin::Unknown => None,
        }
    }

    /// What of the claim's captured words the normalisers could not read: a figure left as
    /// words for a quantity kind, or time words that became no time. Never silent: `rules test`
    /// fails on it and `extract`/`check` count it.
    pub fn unnormalised(&self) -> Option<String> {
        if self.kind.value == crate::kinds::ValueType::Quantity {
            if let Some(Value::Text { text }) = &self.value {
                return Some(format!("value \"{text}\" is not a figure the quantity normaliser reads"));
            }
        }
        match (&self.time_written, &self.time) {
            (Some(words), None) if self.said_at.is_none() => Some(format!("time \"{words}\" cannot be anchored: the article has no date")),
            (Some(words), None) => Some(format!("time \"{words}\" is not a time the normaliser reads")),
            _ => None,
        }
    }

    /// The party the claim is about: its subject's id, or the party a group source belongs to.
    pub fn party(&self) -> Option<&str> {
        self.subject.as_ref().and_then(|s| s.party())
    }

    pub fn subject_key(&self) -> String {
        self.subject.as_ref().map_or_else(String::new, |e| e.key())
    }

    /// Whether this is a denial that the subject's forces are in the place at all (its kind's
    /// `presence-topic`): its subject and place are its own, never a report's before it.
    pub fn denies_presence(&self) -> bool {
        self.status == Status::Denied && self.kind.presence_topic.is_some() && self.kind.presence_topic.as_deref() == self.topic.as_deref()
    }

    pub fn place_key(&self) -> String {
        self.place.as_ref().map_or_else(String::new, |e| e.key())
    }

    /// One line describing what is claimed, for reports: `troop-count us in iraq = ~2500`.
    pub fn summary(&self) -> String {
        let mut s = self.kind.name().to_string();
        if let Some(scope) = &self.scope {
            s.push_str(&format!(" ({scope})"));
        }
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
        if self.status != self.kind.default_status {
            match self.direction {
                Some(d) => s.push_str(&format!(" [{}: {}]", self.status.name(), d.name())),
                None => s.push_str(&format!(" [{}]", self.status.name())),
            }
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

/// An id with a prefix and all 64 bits of the hash: `c-3fa9c01b2e4d5f60` for claims, `f-...`
/// for findings. Ids are hashes of content, never of byte offsets.
pub fn short_id(prefix: &str, parts: &[&str]) -> String {
    format!("{prefix}-{:016x}", stable_hash(parts))
}
