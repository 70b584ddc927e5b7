//! Renderers: pure functions from the report model to text. They only format; what a finding
//! is, is decided by the detectors.

pub mod check;
mod extract;

pub use extract::{article_line, extract_json, extract_text, kinds_text, rules_json, rules_text, ArticleInfo};

use crate::article::{Article, InputProblem};
use crate::claim::Claim;
use crate::detect::Finding;
use crate::graph::ClaimGraph;

/// The version of every JSON document claimcheck writes; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything a `check` report shows.
pub struct Report<'a> {
    pub articles: &'a [Article],
    pub claims: &'a [Claim],
    pub findings: Vec<Finding>,
    pub problems: &'a [InputProblem],
    pub graph: ClaimGraph<'a>,
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
        }
    }

    /// The claim with this id.
    pub fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.graph.claim(id).map(|i| &self.claims[i])
    }
}
