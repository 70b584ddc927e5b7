//! Kinds are data: a kind declared only in a test's TOML gets conflicts and changes from the
//! same engine as the default pack, with no Rust; and the packs shipped with the project meet
//! their gold files.

mod common;
use common::{root, run, temp_dir};

const PACK: &str = r#"
[[kind]]
name = "reservoir-level"
description = "How full a reservoir is, in percent; one value at a time."
value = "quantity"
compare = ["level"]
same-time-days = 3
corroborate = true

[[rule]]
id = "reservoir-level"
kind = "reservoir-level"
description = "'the Mosul reservoir is 40 percent full'"
patterns = ['''the {place:[A-Z]\w+} reservoir (?:is|was|stood) (?:at )?{value:\d+} (?:percent|per cent|%)''']

[[rule.example]]
text = "Officials said the Mosul reservoir is 40 percent full."
expect = { place = "Mosul", value = "40" }
"#;

fn article(dir: &std::path::Path, name: &str, date: &str, text: &str) {
    std::fs::write(dir.join(format!("{name}.txt")), format!("+++\npublished = {date}\n+++\n{text}\n")).unwrap();
}

#[test]
fn a_kind_declared_only_in_toml_gets_conflicts_and_changes() {
    let rules = temp_dir("kind-rules");
    std::fs::write(rules.join("pack.toml"), PACK).unwrap();
    let test = run(&["rules", "test", "--rules", rules.to_str().unwrap()]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);

    let corpus = temp_dir("kind-corpus");
    article(&corpus, "a", "2024-03-01", "Officials said the Mosul reservoir is 40 percent full.");
    article(
        &corpus,
        "b",
        "2024-03-02",
        "Engineers said the Mosul reservoir was 65 percent full.",
    );
    article(
        &corpus,
        "c",
        "2024-06-01",
        "The Mosul reservoir stood at 20 percent, the ministry said.",
    );
    let out = run(&[
        "check",
        corpus.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let whys: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["severity"].as_str().unwrap(), f["why"].as_str().unwrap()))
        .collect();
    assert!(
        whys.iter()
            .any(|(s, w)| *s == "conflict" && w.contains("40 (a)") && w.contains("65 (b)")),
        "{whys:?}"
    );
    assert!(
        whys.iter().any(|(s, w)| *s == "change" && w.contains("→ 20 at 2024-06-01")),
        "{whys:?}"
    );
    let _ = std::fs::remove_dir_all(&rules);
    let _ = std::fs::remove_dir_all(&corpus);
}

#[test]
fn a_misspelt_behaviour_is_an_error_with_a_suggestion() {
    let rules = temp_dir("kind-typo");
    std::fs::write(
        rules.join("pack.toml"),
        PACK.replace(r#"compare = ["level"]"#, r#"compare = ["levle"]"#),
    )
    .unwrap();
    let out = run(&["rules", "check", "--rules", rules.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("unknown behaviour `levle`"), "{all}");
    assert!(all.contains("did you mean `level`?"), "{all}");
    let _ = std::fs::remove_dir_all(&rules);
}

#[test]
fn the_disaster_pack_meets_its_gold() {
    let gold = root().join("rules/examples/disaster/corpus/gold.toml");
    let out = run(&["eval", gold.to_str().unwrap(), "--rules", "rules/examples/disaster", "-q"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("conflict   precision 1.00"), "{}", out.stdout);
}
