//! claimcheck: finds where news articles on one story disagree.
//!
//! The binary is a thin shell over this library; tests call the library directly. See
//! ARCHITECTURE.md for the data flow.

pub mod article;
pub mod claim;
pub mod cli;
pub mod detect;
pub mod diag;
pub mod eval;
pub mod examples;
pub mod explain;
pub mod extract;
pub mod gaps;
pub mod graph;
pub mod kinds;
pub mod normalize;
pub mod report;
pub mod rules;
pub mod suggest;
pub mod text;

use rayon::prelude::*;

/// Extracts the claims of every article, in parallel; sorted by article (input order) then
/// offset, whatever order the threads finish in.
pub fn extract_corpus(rules: &rules::RuleSet, corpus: &article::Corpus) -> Vec<claim::Claim> {
    corpus
        .articles
        .par_iter()
        .flat_map_iter(|a| extract::extract_article(rules, a))
        .collect()
}
