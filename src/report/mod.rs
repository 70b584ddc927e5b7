//! Renderers: pure functions from the report model to text. They only format.

mod extract;

pub use extract::{extract_json, extract_text, rules_json, rules_text};

/// The version of every JSON document claimcheck writes; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;
