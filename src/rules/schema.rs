//! The rule file format as serde types: what a rule author may write, and nothing else.
//!
//! Loading is strict (`deny_unknown_fields`, kebab-case) so a typo is an error with a place,
//! never a key silently ignored. Strings that later checks may reject (patterns, ids, field
//! names) are `Spanned` so those errors can point at them too. `rules/README.md` documents
//! every key here; a test fails when one is missing from it.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One file under `rules/`. Every section is optional so packs can be split as authors like.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Named sub-patterns used in patterns as `{name}`.
    #[serde(default)]
    pub fragments: BTreeMap<String, Spanned<String>>,
    /// Named dictionaries of entities, usable in patterns as `{name}` and used to normalise
    /// subjects, places and speakers.
    #[serde(default)]
    pub dictionary: BTreeMap<String, Spanned<DictionaryDef>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
    /// Page furniture: text that is not the article (navigation, related links, captions' credits).
    #[serde(default)]
    pub furniture: Vec<Spanned<FurnitureDef>>,
    /// Date lines: where an article states its own date.
    #[serde(default)]
    pub dateline: Vec<Spanned<DatelineDef>>,
    /// Claim kinds: what rules may produce and how their claims compare.
    #[serde(default)]
    pub kind: Vec<Spanned<KindToml>>,
    /// Status name to the words that give a claim that status ("will" → planned).
    #[serde(default)]
    pub status_words: BTreeMap<Spanned<String>, Vec<String>>,
    /// Direction name to the words that say which way an amount of change moves a force
    /// ("withdraw" → fewer).
    #[serde(default)]
    pub direction_words: BTreeMap<Spanned<String>, Vec<String>>,
    /// Phrases earlier in a claim's sentence that decide its status whatever its own words say:
    /// "denied a report that it would withdraw 4,500 troops" makes the 4,500 denied.
    #[serde(default)]
    pub status_context: Vec<Spanned<StatusContextDef>>,
    /// Files loaded as part of the pack, relative to this one: a pack shares another's words
    /// without copying them (`include = ["../../words.toml"]`).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Hedges before a figure and what they make of it.
    #[serde(default)]
    pub hedge: Vec<Spanned<HedgeDef>>,
    /// Number words: "two" = 2, "a dozen" = 12.
    #[serde(default)]
    pub number_words: BTreeMap<String, f64>,
    /// Words after a figure that multiply it: "million" = 1000000.
    #[serde(default)]
    pub multipliers: BTreeMap<String, f64>,
    /// Vague magnitudes as ranges: "thousands" is 2,000 to 9,999.
    #[serde(default)]
    pub magnitude: Vec<Spanned<MagnitudeDef>>,
    /// Small words of figures: fillers, range joiners, introducers.
    #[serde(default)]
    pub figure_words: Option<Spanned<FigureWordsDef>>,
    /// Courtesy and rank titles before a name: "Mr.", "Gen.".
    #[serde(default)]
    pub titles: Vec<Spanned<String>>,
    /// Words for the subject's own country as a place: "bring 6,400 troops home".
    #[serde(default)]
    pub home_words: Vec<Spanned<String>>,
    /// Verbs of saying a day may follow: "the agency said Friday that".
    #[serde(default)]
    pub saying_words: Vec<Spanned<String>>,
    /// Who may be told between such a verb and its day: "told reporters on Monday".
    #[serde(default)]
    pub told_words: Vec<Spanned<String>>,
    /// Duration unit words: "years" is a year.
    #[serde(default)]
    pub unit: Vec<Spanned<UnitDef>>,
    /// Time words and their meanings.
    #[serde(default)]
    pub time_word: Vec<Spanned<TimeWordDef>>,
    /// Words `rules gaps` reads as signs of a claim when no rule matched.
    #[serde(default)]
    pub gap_cue: Vec<Spanned<GapCueDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HedgeDef {
    /// approximately, at-least or at-most.
    pub means: Spanned<String>,
    pub words: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MagnitudeDef {
    pub word: Spanned<String>,
    pub from: f64,
    /// None: no upper bound ("years").
    #[serde(default)]
    pub to: Option<f64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FigureWordsDef {
    /// Before a figure, say nothing of it: "the", "between".
    #[serde(default)]
    pub fillers: Vec<String>,
    /// Join the two ends of a range: "to", "or".
    #[serde(default)]
    pub range_joiners: Vec<String>,
    /// Number words that only introduce a following figure ("a two-year timeline").
    #[serde(default)]
    pub introducers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnitDef {
    /// day, week, month or year.
    pub name: Spanned<String>,
    pub words: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeWordDef {
    /// One of the engine's time meanings (rules/README.md).
    pub means: Spanned<String>,
    pub words: Vec<Spanned<String>>,
    /// For calendar and window: day, week, month or year.
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// For calendar: units from the period holding the publication date.
    #[serde(default)]
    pub offset: Option<i32>,
    /// For calendar: whole, to-date or rest.
    #[serde(default)]
    pub part: Option<Spanned<String>>,
    /// For window: where it starts, in units from the publication date.
    #[serde(default)]
    pub from: Option<i32>,
    /// For window: where it ends.
    #[serde(default)]
    pub to: Option<i32>,
    /// For month and season: the month number (1 to 12).
    #[serde(default)]
    pub month: Option<i8>,
    /// For season: how many months it lasts.
    #[serde(default)]
    pub months: Option<i8>,
    /// For weekday: 1 (Monday) to 7 (Sunday).
    #[serde(default)]
    pub weekday: Option<i8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GapCueDef {
    /// figure-noun or reporting-verb.
    pub means: Spanned<String>,
    /// What `rules gaps` calls the cue: "a casualty noun".
    pub name: String,
    pub words: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusContextDef {
    pub id: Spanned<String>,
    pub description: String,
    pub status: Spanned<String>,
    /// Matched against the sentence before the claim's value.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Matched against the sentence after the value: "650 troops are expected to remain".
    #[serde(default)]
    pub after: Option<Spanned<String>>,
    /// The context does not apply when this matches after the value: "the 3,000 additional".
    #[serde(default)]
    pub unless_after: Option<Spanned<String>>,
    /// Whether the pattern matches only with the case written. Default: false.
    #[serde(default)]
    pub case_sensitive: bool,
    /// The statuses the context may replace; empty: any. "said there were 2,000" makes
    /// only a past figure current (the tense of reported speech), never a planned one.
    #[serde(default)]
    pub only_from: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindToml {
    pub name: Spanned<String>,
    pub description: String,
    /// quantity, time, entity, words or none.
    pub value: Spanned<String>,
    /// Behaviours from the engine's vocabulary (`rules list --kinds`).
    #[serde(default)]
    pub compare: Vec<Spanned<String>>,
    #[serde(default)]
    pub family: Option<Spanned<String>>,
    #[serde(default = "default_same_time_days")]
    pub same_time_days: i64,
    #[serde(default)]
    pub tolerance: f64,
    #[serde(default = "default_same_event_years")]
    pub same_event_years: i16,
    /// Fields that may be filled from context. Default: subject and place.
    #[serde(default)]
    pub infer: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub corroborate: bool,
    #[serde(default)]
    pub default_status: Option<Spanned<String>>,
    /// Words before a value read for status words when a rule captures no status. Default: 0.
    #[serde(default)]
    pub status_window: usize,
    /// Fields that make claims comparable. Default: subject, place, scope, topic.
    #[serde(default)]
    pub compare_by: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub interrupted_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub passed_while: Vec<Spanned<String>>,
    #[serde(default)]
    pub bounds: Vec<Spanned<String>>,
    /// Two times this many days apart or closer agree ("by Dec. 22" and "by the end of 2023").
    #[serde(default)]
    pub date_slack_days: i64,
    /// Topics that happen again and again (announcements): never taken for one misdated event.
    #[serde(default)]
    pub recurring_topics: Vec<String>,
    /// How long after a deadline a claim of a `passed-while` kind still shows it was missed.
    #[serde(default = "default_passed_within_days")]
    pub passed_within_days: i64,
    /// A figure for a place counts what lies within it: lower than a figure for a place
    /// within it, at the same time, is a conflict. Default: false.
    #[serde(default)]
    pub nested_places: bool,
    /// A claim of this kind dated by its own words dates the figures of its sentence that
    /// have none. Default: true for `event` kinds.
    #[serde(default)]
    pub dates_figures: Option<bool>,
    /// For a `denial` kind: the topic of a denial that the subject's forces are in the place.
    #[serde(default)]
    pub presence_topic: Option<String>,
    /// Own claims of this kind put the subject's forces in the place. Default: false.
    #[serde(default)]
    pub shows_presence: bool,
}

fn default_passed_within_days() -> i64 {
    90
}

fn default_same_time_days() -> i64 {
    45
}

fn default_same_event_years() -> i16 {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DictionaryDef {
    /// Whether aliases match only with the case written ("US" but not "us"). Default: true.
    #[serde(default = "yes")]
    pub case_sensitive: bool,
    /// Whether a group source that mentions one of these entities ("U.S. officials") is
    /// tagged as belonging to it. True for parties, false for offices and topics.
    #[serde(default)]
    pub affiliation: bool,
    /// Canonical id to its aliases.
    pub entities: BTreeMap<String, Vec<Spanned<String>>>,
    /// Entity id to the id of the place it lies within: `derna = "libya"`.
    #[serde(default)]
    pub within: BTreeMap<String, Spanned<String>>,
    /// Entities that act but are nowhere: alliances, organisations, missions, armed groups.
    /// "U.S. troops" in a story naming NATO and the SDF are never "in" either.
    #[serde(default)]
    pub not_places: Vec<Spanned<String>>,
    /// Parts of a country (each `within` it): a force one names is the country's ("the
    /// California National Guard" is a U.S. force), and one named before a figure is where
    /// it is, never whose.
    #[serde(default)]
    pub regions: Vec<Spanned<String>>,
    /// Scopes a force noun names: the first of their aliases among the words right after a
    /// figure scopes it when its rule captures no scope ("700 Marines" counts the Marines).
    #[serde(default)]
    pub force_nouns: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub description: String,
    /// Breaks ties between overlapping matches of the same kind: higher wins. Default: 0.
    #[serde(default)]
    pub priority: i32,
    /// Whether the patterns' own words match only with the case written. Default: false.
    #[serde(default)]
    pub case_sensitive: bool,
    pub patterns: Vec<Spanned<String>>,
    /// Words one of which every match contains: the rule then only searches sentences holding
    /// one (case-insensitive). A speed hint for rules with no fixed leading word.
    #[serde(default)]
    pub anchors: Option<Spanned<Vec<String>>>,
    /// A pattern that, found anywhere in the same sentence, discards the rule's matches there.
    #[serde(default)]
    pub veto: Option<Spanned<String>>,
    /// Capture name to claim field, for captures not already named after a field.
    #[serde(default)]
    pub captures: BTreeMap<String, Spanned<String>>,
    /// Claim field to a fixed value.
    #[serde(default)]
    pub set: BTreeMap<Spanned<String>, String>,
    /// The claim's place is its subject's country when the words name no place: a coup in
    /// Niger, or one "in the west African country", happened in the subject's own country.
    #[serde(default)]
    pub place_is_subject: bool,
    /// The claim's subject is its speaker's party when the words name none: "we have 52,000
    /// soldiers in Germany", said by the U.S. president, is a U.S. figure.
    #[serde(default)]
    pub subject_is_speaker: bool,
    #[serde(default)]
    pub example: Vec<Spanned<ExampleDef>>,
    #[serde(default)]
    pub counter_example: Vec<Spanned<CounterExampleDef>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleDef {
    pub text: String,
    /// The publication date relative words are anchored on. Default: 2024-06-14.
    #[serde(default)]
    pub date: Option<String>,
    /// Field to its expected rendering, as `claimcheck extract --format text` shows it.
    pub expect: BTreeMap<String, String>,
    /// The rule is known not to handle this yet: reported, and an error once it passes.
    #[serde(default)]
    pub known_gap: bool,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CounterExampleDef {
    pub text: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub known_gap: bool,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FurnitureScope {
    /// Only the matched words.
    Match,
    /// The whole line the match is on.
    Line,
    /// The line the match is on and everything after it.
    Rest,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FurnitureDef {
    pub id: Spanned<String>,
    pub description: String,
    pub pattern: Spanned<String>,
    pub scope: FurnitureScope,
    /// Whether the pattern matches only with the case written. Default: true.
    #[serde(default = "yes")]
    pub case_sensitive: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DatelineDef {
    pub id: Spanned<String>,
    pub description: String,
    /// Must have a capture named `date`.
    pub pattern: Spanned<String>,
}
