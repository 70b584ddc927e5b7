//! claimcheck: finds where news articles on one story disagree.
//!
//! The binary is a thin shell over this library. Every command, `eval`, the benchmark and the
//! fuzz targets run the pipeline through one façade, [`pipeline`]: load the pack, load the
//! articles, extract, check. See ARCHITECTURE.md for the data flow.

pub mod article;
pub(crate) mod baseline;
pub mod claim;
pub(crate) mod claims_file;
pub mod cli;
pub mod detect;
pub(crate) mod diag;
pub(crate) mod eval;
pub mod examples;
pub(crate) mod explain;
pub(crate) mod extract;
pub(crate) mod gaps;
pub(crate) mod graph;
pub(crate) mod ids;
pub(crate) mod kinds;
pub(crate) mod normalize;
pub mod pipeline;
pub mod report;
pub(crate) mod review;
pub mod rules;
pub(crate) mod suggest;
pub(crate) mod text;

#[cfg(test)]
mod proptests;
