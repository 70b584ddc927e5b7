//! The rule author's tools on real inputs: rules test, explain, gaps.

mod common;
use common::{root, run, settings, temp_dir};

#[test]
fn rules_test_reports_failures_field_by_field_and_known_gaps() {
    let dir = temp_dir("rules-test");
    for shared in ["fragments.toml", "dictionaries.toml", "kinds.toml", "words.toml"] {
        std::fs::copy(root().join("rules").join(shared), dir.join(shared)).unwrap();
    }
    std::fs::copy(root().join("tests/fixtures/rules-test/examples.toml"), dir.join("examples.toml")).unwrap();
    let out = run(&["rules", "test", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.code, 1, "a failing example exits 1");
    assert!(out.stdout.contains("subject: expected \"iraq\", got \"us\""), "{}", out.stdout);
    assert!(out.stdout.contains("known gap demo-count"), "{}", out.stdout);
    assert!(out.stdout.contains("now passes: remove `known-gap = true`"), "{}", out.stdout);
    assert!(out.stdout.ends_with("1 passed, 3 failed (1 known gap)\n"), "{}", out.stdout);
    let shown = out.stdout.replace(dir.to_str().unwrap(), "[RULES]");
    settings().bind(|| insta::assert_snapshot!("rules-test-outcomes", shown));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_a_seed_claim_and_a_seed_finding() {
    let json = run(&["check", "seeds", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["detector"] == "assertion-denial")
        .unwrap();
    let finding_id = finding["id"].as_str().unwrap();
    // A claim whose time is read from its words and anchored on the manifest's date: the
    // seeds' "must leave by end of 2021" (no longer in an assertion-denial finding: the denied
    // report was of a withdrawal being prepared, not of that deadline).
    let claims = run(&["extract", "seeds", "--format", "jsonl"]);
    let deadline: serde_json::Value = claims
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["claim"]["time_written"] == "end of 2021")
        .unwrap();
    let claim_id = deadline["claim"]["id"].as_str().unwrap();

    let claim = run(&["explain", claim_id]);
    assert_eq!(claim.code, 0, "{}", claim.stderr);
    assert!(
        claim.stdout.contains("time anchor: 2021-07-23 (from the manifest)"),
        "{}",
        claim.stdout
    );
    assert!(claim.stdout.contains("time: \"end of 2021\" -> 2021-12-31"), "{}", claim.stdout);
    let finding_out = run(&["explain", finding_id]);
    assert!(finding_out.stdout.contains("denial: "), "{}", finding_out.stdout);
    settings().bind(|| {
        insta::assert_snapshot!("explain-seed-claim", claim.stdout);
        insta::assert_snapshot!("explain-seed-finding", finding_out.stdout);
    });
    assert_eq!(run(&["explain", "c-0000000000"]).code, 2);
}

#[test]
fn gaps_on_the_seeds() {
    let out = run(&["rules", "gaps", "--top", "30"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // An attack count the pack does not catch yet ("a growing number of attacks").
    assert!(
        out.stdout.contains("seeds/003_b33f97960e3bf917.txt:36 [2] a date, party us"),
        "{}",
        out.stdout
    );
    // The casualty figure the README's walk-through taught the pack is no longer a gap.
    assert!(!out.stdout.contains("Scores of U.S. personnel"), "{}", out.stdout);
    settings().bind(|| insta::assert_snapshot!("gaps-seeds", out.stdout));
}
