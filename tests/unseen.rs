//! A story no rule was written for (U.S. troops leaving Niger): the pack must generalise.

mod common;
use common::run;

#[test]
fn niger_withdrawal_story() {
    let out = run(&["extract", "tests/fixtures/unseen/niger"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "deadline us in niger @ 2024-09-15",
        "troop-count us in niger = ~1000",
        "request niger on withdrawal @ 2024-03",
        "troop-count us in niger = ~650",
        "denial on report that troops would stay beyond september [denied]",
        "position \"Nigerien officials\" (niger) in niger on withdrawal = \"swift\"",
        "timeline \"U.S. officials\" (us) in niger on withdrawal = 12 month",
    ] {
        assert!(out.stdout.contains(expected), "missing {expected:?} in\n{}", out.stdout);
    }
    // Page furniture ("Read More: ...") yields nothing.
    assert!(!out.stdout.contains("Sahel after the coups"), "{}", out.stdout);

    let check = run(&["check", "tests/fixtures/unseen/niger", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let whys: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["why"].as_str().unwrap())
        .collect();
    // One finding for the key and its week, listing every distinct figure with its articles.
    assert!(
        whys.iter()
            .any(|w| w.starts_with("2 different values for us troop-count in niger") && w.contains("~650 (paper-b)")),
        "{whys:?}"
    );
    assert!(
        whys.iter()
            .any(|w| w.starts_with("a deadline of 2024-09-15 is earlier than the shortest proposed duration")),
        "{whys:?}"
    );
    assert!(
        whys.iter().any(|w| w.contains("niger holds \"swift\" while us holds 12 month")),
        "{whys:?}"
    );
    // ~1,000 and ~1,100 overlap once hedged: listed as one value, not two.
    assert!(!whys.iter().any(|w| w.contains("~1100 (")), "{whys:?}");
}
