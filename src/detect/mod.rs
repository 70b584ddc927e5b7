//! Detectors: each looks at comparable claims in the graph and says where sources disagree,
//! agree, or where the world changed in between.
//!
//! Each detector is one file: a unit struct, a doc comment saying what it flags and why an
//! editor cares, the implementation, and its tests. Adding one is a new file and a line in
//! `DETECTORS`.

mod assertion_denial;
mod changed_over_time;
mod corroboration;
mod numeric_mismatch;
mod opposed_positions;
mod timeline_mismatch;

use crate::claim::{short_id, Claim};
use crate::graph::ClaimGraph;
use crate::normalize::time::TimeSpan;
use serde::Serialize;

/// How much a finding matters, most serious first; `--fail-on` compares against this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub claim: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: String,
    pub detector: &'static str,
    pub severity: Severity,
    pub sides: Vec<Side>,
    /// One sentence saying why, with the values and times compared.
    pub why: String,
}

impl Finding {
    pub fn new(detector: &'static str, severity: Severity, sides: Vec<(&Claim, &str)>, why: String) -> Finding {
        let mut ids: Vec<&str> = sides.iter().map(|(c, _)| c.id.as_str()).collect();
        ids.sort();
        let mut parts = vec![detector];
        parts.extend(ids);
        Finding {
            id: short_id("f", &parts),
            detector,
            severity,
            sides: sides
                .into_iter()
                .map(|(c, role)| Side {
                    claim: c.id.clone(),
                    role: role.to_string(),
                })
                .collect(),
            why,
        }
    }
}

/// Settings that decide when two claims are about "the same time".
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Two times closer than this many days count as the same time.
    pub tolerance_days: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config { tolerance_days: 45 }
    }
}

pub trait Detector: Sync {
    /// Kebab-case id, stable: it appears in reports and finding ids.
    fn id(&self) -> &'static str;
    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>);
}

pub const DETECTORS: &[&dyn Detector] = &[
    &numeric_mismatch::NumericMismatch,
    &timeline_mismatch::TimelineMismatch,
    &assertion_denial::AssertionDenial,
    &opposed_positions::OpposedPositions,
    &changed_over_time::ChangedOverTime,
    &corroboration::Corroboration,
];

/// Runs every detector; findings sorted by severity, detector, then where their first claim is.
pub fn run(graph: &ClaimGraph, config: &Config) -> Vec<Finding> {
    let mut findings = Vec::new();
    for detector in DETECTORS {
        detector.detect(graph, config, &mut findings);
    }
    let position: std::collections::BTreeMap<&str, (usize, usize)> = graph
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), (graph.article_of[i], c.provenance.start)))
        .collect();
    findings.sort_by_key(|f| {
        (
            f.severity,
            f.detector,
            f.sides.first().and_then(|s| position.get(s.claim.as_str()).copied()),
            f.id.clone(),
        )
    });
    findings.dedup_by(|a, b| a.id == b.id);
    findings
}

/// Whether two claims hold at the same time, within the tolerance.
pub fn same_time(a: &Claim, b: &Claim, config: &Config) -> bool {
    match (a.holds_at(), b.holds_at()) {
        (Some(x), Some(y)) => x.overlaps_within(y, config.tolerance_days),
        // Without a date, two claims cannot be shown to be at different times.
        _ => true,
    }
}

pub fn show_time(t: Option<&TimeSpan>) -> String {
    t.map_or("an unknown time".to_string(), |t| t.to_string())
}

/// The first claim of each distinct signature, in member order. Pairwise detectors compare these
/// instead of every claim: a corpus repeating one figure a thousand times holds one fact, and
/// comparing all copies pairwise was measured to make millions of identical findings.
pub fn representatives(graph: &ClaimGraph, members: &[usize], signature: impl Fn(&Claim) -> String) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    members
        .iter()
        .copied()
        .filter(|&m| seen.insert(signature(&graph.claims[m])))
        .collect()
}

/// What makes two claims the same fact for pairwise comparison: kind, value, own time, scope,
/// topic, modality and the date it was said.
pub fn fact_signature(c: &Claim) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}",
        c.kind,
        c.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
        show_time(c.time.as_ref()),
        c.scope.as_deref().unwrap_or(""),
        c.topic.as_deref().unwrap_or(""),
        c.modality.name(),
        show_time(c.said_at.as_ref()),
        c.subject.as_ref().map(|s| s.key()).unwrap_or_default()
    )
}

/// Every unordered pair of a bucket's members, in a stable order.
pub fn pairs(members: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
    members
        .iter()
        .enumerate()
        .flat_map(move |(i, &a)| members[i + 1..].iter().map(move |&b| (a, b)))
}

/// Whether two claims were made at about the same time (their articles' dates).
pub fn same_time_said(a: &Claim, b: &Claim, config: &Config) -> bool {
    match (&a.said_at, &b.said_at) {
        (Some(x), Some(y)) => x.overlaps_within(y, config.tolerance_days),
        _ => true,
    }
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
                        published: Some(date.parse().unwrap()),
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
        out
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
