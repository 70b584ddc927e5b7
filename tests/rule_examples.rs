//! Every example of every rule in rules/ must pass: the rule authors' own tests.

use claimcheck::examples::{report, run, Status};
use std::path::Path;

#[test]
fn every_rule_example_passes() {
    let loaded = claimcheck::rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"));
    let rules = loaded
        .rules
        .unwrap_or_else(|| panic!("rule pack has errors: {:?}", loaded.diagnostics));
    let outcomes = run(&rules, &[]);
    assert!(outcomes.len() > 50, "the pack keeps its examples");
    let failed = outcomes.iter().any(|o| matches!(o.status, Status::Failed(_) | Status::GapClosed));
    assert!(!failed, "{}", report(&outcomes));
}

#[test]
fn every_rule_has_an_example() {
    let loaded = claimcheck::rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"));
    let rules = loaded.rules.unwrap();
    assert!(rules.warnings.is_empty(), "{:?}", rules.warnings);
}

/// The rule reference must name every key the schema accepts, so it cannot drift.
#[test]
fn rule_reference_documents_every_key() {
    let reference = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md")).unwrap();
    let schema = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/schema.rs")).unwrap();
    // Every `pub field:` of the schema, in its kebab-case TOML spelling.
    let keys: Vec<String> = schema
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':'))
        .map(|(name, _)| name.trim().replace('_', "-"))
        .filter(|k| !k.starts_with("struct") && !k.starts_with("enum"))
        .collect();
    assert!(keys.len() > 20, "{keys:?}");
    for key in keys {
        let shown = if key == "rule" || key == "furniture" || key == "dateline" || key == "fragments" || key == "dictionary" {
            format!("[{key}")
        } else {
            format!("`{key}`")
        };
        assert!(
            reference.contains(&shown) || reference.contains(&format!("[[{key}")),
            "rules/README.md does not document `{key}`"
        );
    }
}
