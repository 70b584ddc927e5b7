//! Detectors: each looks at comparable claims in the graph and says where sources disagree,
//! agree, or where the world changed in between.
//!
//! Each detector is one file: a unit struct, a doc comment saying what it flags and why an
//! editor cares, the implementation, and its tests. Adding one is a new file and a line in
//! `DETECTORS`.

mod assertion_denial;
mod corroboration;
mod deadline_passed;
mod level;
mod opposed_positions;
mod timeline_mismatch;

use crate::claim::{short_id, Claim, Value};
use crate::graph::ClaimGraph;
use crate::normalize::time::TimeSpan;
use std::collections::BTreeMap;

/// How much a finding matters, most serious first; `--fail-on` compares against this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Severity {
    /// Two claims cannot both be true.
    Conflict,
    /// Parties state incompatible positions: a disagreement in the world, not in the sources.
    Dispute,
    /// The same thing had different values at clearly different times.
    Change,
    /// Two or more articles say the same thing.
    Corroboration,
    Note,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Conflict => "conflict",
            Severity::Dispute => "dispute",
            Severity::Change => "change",
            Severity::Corroboration => "corroboration",
            Severity::Note => "note",
        }
    }

    pub const ALL: [Severity; 5] = [
        Severity::Conflict,
        Severity::Dispute,
        Severity::Change,
        Severity::Corroboration,
        Severity::Note,
    ];
}

/// One claim in a finding, and the part it plays ("assertion", "denial", "earlier", ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub claim: crate::claim::ClaimId,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `f-` and 16 hex digits. `run` sets it from the merged finding's facts; the one `new`
    /// gives (a hash of the claims' ids) only orders findings before they are merged.
    pub id: String,
    pub detector: &'static str,
    pub severity: Severity,
    pub sides: Vec<Side>,
    /// One sentence saying why, with the values and times compared (of the first occurrence).
    pub why: String,
    /// How many times the same facts were found in this relation, at different dates or in
    /// different articles; they are merged into one finding whose sides list them.
    pub occurrences: usize,
    /// Sides left out of `sides` to keep a finding readable (a figure a thousand articles agree on).
    pub more_sides: usize,
    /// What makes two findings the same: detector, roles and facts, not dates or articles.
    shape: String,
}

/// The most sides a finding lists; the rest are counted in `more_sides`.
pub const MAX_SIDES: usize = 10;

/// How far before a denial, in bytes of the same article, the report it answers may be.
pub const REPORT_REACH: usize = 600;

/// The reported claims a denial at `at` answers, nearest first: the denial-able reported
/// claims of one sentence, the nearest before it within `REPORT_REACH` bytes of its article.
/// Claims are in article order, then offset.
///
/// A denial answers the report it is about, not every claim around it: "The Journal reported
/// plans to keep 1,000 troops, months after President Trump called for a full withdrawal. Gen.
/// Dunford called the report false" denies the 1,000, not who is president nor Trump's call.
/// So only claims whose content a report can carry and a denial can contradict count (see
/// [`denial_able`]); a denial naming its own subject or place ("denied that Niger is finalising
/// a deal with Russia") skips reports of other parties and places; and the answered report is
/// one sentence's, the nearest, so an older report further back is not denied with it.
pub fn answered_reports(claims: &[Claim], at: usize) -> std::vec::IntoIter<&Claim> {
    let denial = &claims[at];
    // What the denial's own sentence says was denied ("rejected claims that Germany would
    // withdraw 9,500 troops from Poland"): then it answers only a report of that.
    let sentence_of =
        |c: &&Claim| c.provenance.article == denial.provenance.article && c.provenance.sentence_start == denial.provenance.sentence_start;
    let said: Vec<&Claim> = claims[..at]
        .iter()
        .rev()
        .take_while(sentence_of)
        .chain(claims[at + 1..].iter().take_while(sentence_of))
        .filter(|c| c.status == crate::claim::Status::Denied && !c.kind.has(crate::kinds::Behaviour::Denial) && denial_able(c))
        .collect();
    let says_said = |c: &Claim| {
        said.is_empty()
            || said.iter().any(|d| {
                d.kind.name() == c.kind.name() && d.subject_key() == c.subject_key() && d.place_key() == c.place_key() && values_agree(d, c)
            })
    };
    let mut answered = Vec::new();
    let mut sentence = None;
    let reach = claims[..at].iter().rev().take_while(|c| {
        c.provenance.article == denial.provenance.article && denial.provenance.start.saturating_sub(c.provenance.start) <= REPORT_REACH
    });
    for c in reach.filter(|c| c.status == crate::claim::Status::Reported) {
        let here = c.provenance.sentence_start;
        if sentence.is_some_and(|s| s != here) {
            break;
        }
        if denial_able(c) && names_agree(denial, c) && says_said(c) {
            answered.push(c);
            sentence = Some(here);
        } else if here != denial.provenance.sentence_start && sentence.is_none() {
            // An earlier sentence telling a report ("the newspaper reported that Secretary Esper
            // was in Ankara") is the report "the report" means, even when nothing in it is
            // denial-able: a report told further back is not reached past it.
            sentence = Some(here);
        }
    }
    answered.into_iter()
}

/// Whether a claim says something a report can carry and a denial contradict: a figure, an
/// event, a deadline, a state since a time, a duration. Who holds an office, who speaks, a
/// party's stance and uncompared kinds are what a report mentions on the way, not what it is
/// denied for.
pub fn denial_able(c: &Claim) -> bool {
    use crate::kinds::Behaviour::*;
    [Level, RunningTotal, Event, Since, Deadline, Duration]
        .into_iter()
        .any(|b| c.kind.has(b))
}

/// Whether a report may be what a denial answers as far as the denial names a subject or place
/// in its own words (fields it took from context say nothing).
fn names_agree(denial: &Claim, report: &Claim) -> bool {
    let own = |field: &str| !denial.inferred.iter().any(|f| f == field);
    let agree = |d: &Option<std::sync::Arc<crate::claim::Entity>>, r: &Option<std::sync::Arc<crate::claim::Entity>>| match (d, r) {
        (Some(d), Some(r)) => d.key() == r.key(),
        _ => true,
    };
    (!own("subject") || agree(&denial.subject, &report.subject)) && (!own("place") || agree(&denial.place, &report.place))
}

impl Finding {
    pub fn new(detector: &'static str, severity: Severity, sides: Vec<(&Claim, &str)>, why: String) -> Finding {
        // Ids as shown: fixed-width hex sorts as the numbers do.
        let mut ids: Vec<String> = sides.iter().map(|(c, _)| c.id.to_string()).collect();
        ids.sort();
        let mut parts = vec![detector];
        parts.extend(ids.iter().map(String::as_str));
        let mut facts: Vec<String> = sides.iter().map(|(c, role)| format!("{role}={}", fact_key(c))).collect();
        facts.sort();
        facts.dedup();
        let more_sides = sides.len().saturating_sub(MAX_SIDES);
        Finding {
            id: short_id("f", &parts),
            detector,
            severity,
            sides: sides
                .into_iter()
                .take(MAX_SIDES)
                .map(|(c, role)| Side {
                    claim: c.id,
                    role: role.to_string(),
                })
                .collect(),
            why,
            occurrences: 1,
            more_sides,
            shape: format!("{detector}|{}", facts.join("|")),
        }
    }

    /// Lists more claims that say what a side says, after the sides, within `MAX_SIDES`. They
    /// are not part of the finding's facts: an article repeating a value keeps the id.
    pub fn show_also(&mut self, claims: Vec<(&Claim, &str)>) {
        for (c, role) in claims {
            self.push_side(Side {
                claim: c.id,
                role: role.to_string(),
            });
        }
    }

    /// Folds another occurrence of the same facts into this finding.
    fn absorb(&mut self, other: Finding) {
        self.occurrences += other.occurrences;
        self.more_sides += other.more_sides;
        for side in other.sides {
            self.push_side(side);
        }
    }

    /// Adds a side not yet listed, or counts it once `MAX_SIDES` are listed.
    fn push_side(&mut self, side: Side) {
        if self.sides.iter().any(|s| s.claim == side.claim) {
            return;
        }
        if self.sides.len() < MAX_SIDES {
            self.sides.push(side);
        } else {
            self.more_sides += 1;
        }
    }
}

/// Settings that decide when two claims are about "the same time".
#[derive(Debug, Clone, Copy, Default)]
pub struct Config {
    /// Overrides every kind's `same-time-days` when given.
    pub tolerance_days: Option<i64>,
}

impl Config {
    /// How many days apart two claims may be and still hold at the same time.
    pub fn days(&self, a: &Claim, b: &Claim) -> i64 {
        self.tolerance_days.unwrap_or(a.kind.same_time_days.max(b.kind.same_time_days))
    }
}

pub trait Detector: Sync {
    /// Kebab-case id, stable: it appears in reports and finding ids.
    fn id(&self) -> &'static str;
    /// One sentence for `explain`: what it flags and when.
    fn summary(&self) -> &'static str;
    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>);
}

pub const DETECTORS: &[&dyn Detector] = &[
    &level::LevelMismatch,
    &timeline_mismatch::TimelineMismatch,
    &assertion_denial::AssertionDenial,
    &opposed_positions::OpposedPositions,
    &deadline_passed::DeadlinePassed,
    &corroboration::Corroboration,
];

/// Runs every detector; findings sorted by severity, detector, then where their first claim is.
pub fn run(graph: &ClaimGraph, config: &Config) -> Vec<Finding> {
    // Detectors are independent: each runs on its own thread, and results are joined in
    // registry order, then sorted, so output does not depend on which finishes first.
    use rayon::prelude::*;
    let per_detector: Vec<Vec<Finding>> = DETECTORS
        .par_iter()
        .map(|detector| {
            let mut found = Vec::new();
            detector.detect(graph, config, &mut found);
            found
        })
        .collect();
    let mut findings: Vec<Finding> = per_detector.into_iter().flatten().collect();
    let position = |f: &Finding| {
        let first = f.sides.first().and_then(|s| graph.claim(s.claim));
        first.map(|i| (graph.article_of[i], graph.claims[i].provenance.start))
    };
    findings.sort_by_cached_key(|f| (f.severity, f.detector, position(f), f.id.clone()));
    // The same facts in the same relation found again (other dates, other copies of a story)
    // are one finding for an editor: merged into the first, in sorted order.
    let mut merged: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut by_shape: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for finding in findings {
        match by_shape.get(&finding.shape) {
            Some(&i) => merged[i].absorb(finding),
            None => {
                by_shape.insert(finding.shape.clone(), merged.len());
                merged.push(finding);
            }
        }
    }
    assign_ids(&mut merged);
    merged
}

/// Gives each merged finding its id from its facts (detector, roles, each side's normalised key
/// and value), never from positions, file names or claim ids, so the same facts keep one id
/// through edits, renames and reordering (see `ids`).
fn assign_ids(findings: &mut [Finding]) {
    let items: Vec<(&str, usize)> = findings.iter().enumerate().map(|(i, f)| (f.shape.as_str(), i)).collect();
    let assigned = crate::ids::assign("f", &items);
    for (finding, id) in findings.iter_mut().zip(assigned.ids) {
        finding.id = id;
    }
}

/// Whether two claims hold at the same time, within their kinds' tolerance. A claim whose time
/// is unknown is never at the same time as anything: unknown time makes no conflict.
pub fn same_time(a: &Claim, b: &Claim, config: &Config) -> bool {
    match (a.holds_at(), b.holds_at()) {
        (Some(x), Some(y)) => x.overlaps_within(y, config.days(a, b)),
        _ => false,
    }
}

/// Whether two values say the same thing, once each kind's numeric tolerance is applied.
pub fn values_agree(a: &Claim, b: &Claim) -> bool {
    match (&a.value, &b.value) {
        (Some(Value::Quantity(x)), Some(Value::Quantity(y))) => {
            // A magnitude word ("thousands") is a loose order of magnitude: it agrees with any
            // figure from its floor up to twice its range, so 10,000 does not contradict it.
            if let Some((vague, floor)) = [x, y].into_iter().find_map(|q| Some(q).zip(q.magnitude_floor())) {
                let other = if std::ptr::eq(vague, x) { y } else { x };
                let high = vague.high.map_or(f64::INFINITY, |h| h * 2.0);
                return x.unit == y.unit && other.low <= high && other.high.unwrap_or(f64::INFINITY) >= floor;
            }
            let slack = a.kind.tolerance.max(b.kind.tolerance);
            if let Some(same) = x.same_rounded(y) {
                let near = (x.nominal - y.nominal).abs() <= slack * x.nominal.abs().max(y.nominal.abs());
                return x.unit == y.unit && (same || near);
            }
            // A lower bound against a figure: the figure must be past the bound and not far
            // past it (`BOUND_REACH`).
            let bound_against = match (x.lower_bound(), y.lower_bound()) {
                (Some(bound), None) => Some((bound, y)),
                (None, Some(bound)) => Some((bound, x)),
                _ => None,
            };
            if let Some((bound, other)) = bound_against {
                let reach = bound * crate::normalize::quantity::BOUND_REACH;
                return x.unit == y.unit && other.high.is_none_or(|h| h * (1.0 + slack) >= bound) && other.nominal <= reach;
            }
            let widen = |q: &crate::normalize::quantity::Quantity| (q.low * (1.0 - slack), q.high.map(|h| h * (1.0 + slack)));
            let ((xl, xh), (yl, yh)) = (widen(x), widen(y));
            x.unit == y.unit && xl <= yh.unwrap_or(f64::INFINITY) && yl <= xh.unwrap_or(f64::INFINITY)
        }
        (Some(Value::Entity(x)), Some(Value::Entity(y))) => x.key() == y.key(),
        (Some(Value::Text { text: x }), Some(Value::Text { text: y })) => x.to_lowercase() == y.to_lowercase(),
        (None, None) => true,
        _ => false,
    }
}

/// The value of a claim as shown in a finding.
pub fn show_value(c: &Claim) -> String {
    match (&c.value, &c.time) {
        (Some(v), _) => v.to_string(),
        (None, Some(t)) => t.to_string(),
        (None, None) => "?".to_string(),
    }
}

pub fn show_time(t: Option<&TimeSpan>) -> String {
    t.map_or("an unknown time".to_string(), |t| t.to_string())
}

/// The first claim of each distinct signature, in member order. Pairwise detectors compare these
/// instead of every claim: a corpus repeating one figure a thousand times holds one fact, and
/// comparing all copies pairwise was measured to make millions of identical findings.
pub fn representatives(graph: &ClaimGraph, members: &[usize]) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    members.iter().copied().filter(|&m| seen.insert(graph.fact_hash(m))).collect()
}

/// What a claim says, whoever says it and whenever: kind, subject, place, value, own time,
/// scope, topic and status.
pub fn fact_key(c: &Claim) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}",
        c.kind,
        c.subject_key(),
        c.place_key(),
        c.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
        show_time(c.time.as_ref()),
        c.scope.as_deref().unwrap_or(""),
        c.topic.as_deref().unwrap_or(""),
        c.status.name(),
    )
}

/// The fact and the date it was said: claims equal here are interchangeable in a comparison.
pub fn fact_signature(c: &Claim) -> String {
    format!("{}|{}", fact_key(c), show_time(c.said_at.as_ref()))
}

/// Every unordered pair of a bucket's members, in a stable order.
pub fn pairs(members: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
    members
        .iter()
        .enumerate()
        .flat_map(move |(i, &a)| members[i + 1..].iter().map(move |&b| (a, b)))
}

/// Planned levels with a time of their own ("our forces in Afghanistan will be 2,500 troops by
/// January 15"), by kind, subject and place. A deadline at such a time is the deadline of a
/// drawdown to that level, not of a full exit: troops still there do not miss it, and it is
/// not the same deadline as an exit's.
pub struct PlannedLevels<'a> {
    by_key: BTreeMap<LevelKey<'a>, Vec<(&'a TimeSpan, f64)>>,
}

/// Kind, subject and place.
type LevelKey<'a> = (&'a str, String, String);

impl<'a> PlannedLevels<'a> {
    pub fn new(graph: &'a ClaimGraph) -> PlannedLevels<'a> {
        let mut by_key: BTreeMap<LevelKey, Vec<(&TimeSpan, f64)>> = BTreeMap::new();
        for c in graph.claims.iter() {
            let own_time = matches!(c.time_origin, crate::claim::TimeOrigin::Text | crate::claim::TimeOrigin::Sentence);
            if let (crate::claim::Status::Planned, true, Some(Value::Quantity(q)), Some(t)) = (c.status, own_time, &c.value, &c.time) {
                let level = q.high.unwrap_or(q.low).max(q.nominal);
                if level > 0.0 {
                    by_key
                        .entry((c.kind.name(), c.subject_key(), c.place_key()))
                        .or_default()
                        .push((t, level));
                }
            }
        }
        PlannedLevels { by_key }
    }

    /// The highest level one of `kinds` is planned to be at for the deadline's subject and
    /// place at a time overlapping `by`.
    pub fn due(&self, kinds: &[String], deadline: &Claim, by: &TimeSpan) -> Option<f64> {
        kinds
            .iter()
            .filter_map(|kind| self.by_key.get(&(kind.as_str(), deadline.subject_key(), deadline.place_key())))
            .flatten()
            .filter(|(t, _)| t.start <= by.end && t.end >= by.start)
            .map(|&(_, level)| level)
            .reduce(f64::max)
    }
}

/// Whether two claims were made at about the same time (their articles' dates); unknown
/// dates never are.
pub fn same_time_said(a: &Claim, b: &Claim, config: &Config) -> bool {
    match (&a.said_at, &b.said_at) {
        (Some(x), Some(y)) => x.overlaps_within(y, config.days(a, b)),
        _ => false,
    }
}

/// One claim per article, the first: a headline and its lead saying one figure count once.
pub fn one_per_article(graph: &ClaimGraph, members: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    members.into_iter().filter(|&m| seen.insert(graph.article_of[m])).collect()
}

#[cfg(test)]
pub mod testing {
    //! Builds the smallest corpora detector tests need: articles from text with the real
    //! default rule pack, so a test shows the words that make a conflict.
    use super::*;
    use crate::article::{Article, Meta};

    pub fn rules() -> &'static crate::rules::RuleSet {
        static RULES: std::sync::OnceLock<crate::rules::RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
            crate::rules::load_dir(&dir).rules.expect("the default rule pack loads")
        })
    }

    /// Runs one detector over articles given as (id, date, text).
    pub fn detect(detector: &dyn Detector, articles: &[(&str, &str, &str)]) -> Vec<Finding> {
        detect_with_claims(detector, articles).1
    }

    /// Runs one detector and returns the claims it saw too, so a negative test can first assert
    /// that the tempting claims were extracted. An empty date means an undated article.
    pub fn detect_with_claims(detector: &dyn Detector, articles: &[(&str, &str, &str)]) -> (Vec<Claim>, Vec<Finding>) {
        let rules = rules();
        let articles: Vec<Article> = articles
            .iter()
            .map(|(id, date, text)| {
                Article::from_text(
                    id,
                    id,
                    text.to_string(),
                    Meta {
                        outlet: None,
                        published: (!date.is_empty()).then(|| date.parse().unwrap()),
                    },
                    rules,
                )
                .unwrap()
            })
            .collect();
        let claims: Vec<Claim> = articles.iter().flat_map(|a| crate::extract::extract_article(rules, a)).collect();
        let graph = ClaimGraph::build(&articles, &claims);
        let mut out = Vec::new();
        detector.detect(&graph, &Config::default(), &mut out);
        (claims, out)
    }

    #[test]
    fn detector_ids_are_unique() {
        let mut ids: Vec<&str> = DETECTORS.iter().map(|d| d.id()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
