//! Renderers: pure functions from the report model to text. They only format; what a finding
//! is, is decided by the detectors.

pub mod check;
mod extract;
pub mod github;
pub mod html;
pub(crate) mod json;
pub mod sarif;

pub use extract::{article_line, extract_json, extract_text, kinds_json, kinds_text, rules_json, rules_text};

use crate::article::{Article, InputProblem};
use crate::claim::Claim;
use crate::detect::Finding;
use crate::graph::ClaimGraph;

/// The version of every JSON document claimcheck writes; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 3;

/// Everything a `check` report shows.
pub struct Report<'a> {
    pub articles: &'a [Article],
    pub claims: &'a [Claim],
    pub findings: Vec<Finding>,
    pub problems: &'a [InputProblem],
    pub graph: ClaimGraph<'a>,
    /// Reviews from the ledger and the comparison with a baseline, when given.
    pub triage: Triage,
}

/// What the editor's workflow adds to a report: each finding's review, ledger entries that
/// match no finding, the baseline comparison, and how many settled findings were hidden.
#[derive(Debug, Clone, Default)]
pub struct Triage {
    pub reviews: std::collections::BTreeMap<String, crate::review::Review>,
    pub stale: Vec<crate::review::Review>,
    pub baseline: Option<crate::baseline::Compared>,
    pub hidden: usize,
}

impl<'a> Report<'a> {
    /// Builds the graph, runs every detector, links findings into the graph.
    pub fn build(articles: &'a [Article], claims: &'a [Claim], problems: &'a [InputProblem], config: &crate::detect::Config) -> Report<'a> {
        let mut graph = ClaimGraph::build(articles, claims);
        let findings = crate::detect::run(&graph, config);
        graph.link(&findings);
        Report {
            articles,
            claims,
            findings,
            problems,
            graph,
            triage: Triage::default(),
        }
    }

    fn finding_ids(&self) -> std::collections::BTreeSet<&str> {
        self.findings.iter().map(|f| f.id.as_str()).collect()
    }

    /// Attaches each finding's review; ledger entries matching no finding become stale.
    pub fn apply_ledger(&mut self, ledger: &crate::review::Ledger) {
        let matched = crate::review::match_findings(ledger, &self.finding_ids());
        self.triage.reviews = matched.reviews;
        self.triage.stale = matched.stale;
    }

    /// Marks each finding new or unchanged since the baseline, and lists what is gone.
    pub fn apply_baseline(&mut self, baseline: &crate::baseline::Baseline) {
        self.triage.baseline = Some(baseline.compare(&self.finding_ids()));
    }

    /// Leaves out the findings a review settled (false alarm, explained); they are counted.
    pub fn hide_settled(&mut self) {
        let before = self.findings.len();
        let reviews = &self.triage.reviews;
        self.findings.retain(|f| !reviews.get(&f.id).is_some_and(|r| r.status.settles()));
        self.triage.hidden += before - self.findings.len();
    }

    /// The finding's review, when the ledger has one.
    pub fn review(&self, finding_id: &str) -> Option<&crate::review::Review> {
        self.triage.reviews.get(finding_id)
    }

    /// New or unchanged since the baseline, when one was given.
    pub fn change(&self, finding_id: &str) -> Option<crate::baseline::Change> {
        self.triage.baseline.as_ref().and_then(|b| b.change.get(finding_id).copied())
    }

    /// The findings `--fail-on` counts: at least as severe as `threshold`, not settled by a
    /// review, and with `new_only` new since the baseline.
    pub fn failing(&self, threshold: Option<crate::detect::Severity>, new_only: bool) -> Vec<&Finding> {
        let Some(threshold) = threshold else { return Vec::new() };
        self.findings
            .iter()
            .filter(|f| f.severity <= threshold)
            .filter(|f| !self.review(&f.id).is_some_and(|r| r.status.settles()))
            .filter(|f| !new_only || self.change(&f.id) != Some(crate::baseline::Change::Unchanged))
            .collect()
    }

    /// The claim with this id.
    pub fn claim(&self, id: crate::claim::ClaimId) -> Option<&'a Claim> {
        self.graph.claim(id).map(|i| &self.claims[i])
    }
}
