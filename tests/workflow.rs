//! The editor's and CI's workflow: stable ids, the review ledger, baselines, SARIF, GitHub
//! annotations. Each test runs the built binary on the seeds or on a copy of them.

mod common;
use common::{root, run, settings, temp_dir};
use std::collections::BTreeSet;
use std::path::Path;

/// Copies the seed corpus (articles and manifest) into a fresh folder.
fn copy_seeds(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") || path.file_name().is_some_and(|n| n == "corpus.toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn json_report(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn ids(doc: &serde_json::Value, list: &str) -> BTreeSet<String> {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

fn seed_ids() -> (BTreeSet<String>, BTreeSet<String>) {
    let doc = json_report(&["seeds"]);
    (ids(&doc, "findings"), ids(&doc, "claims"))
}

#[test]
fn a_line_inserted_at_the_top_of_a_seed_article_changes_no_id() {
    let (findings, claims) = seed_ids();
    assert!(findings.len() > 5, "the seeds have findings: {findings:?}");
    let dir = copy_seeds("ids-insert");
    for name in ["001_fe908a62a53666af.txt", "002_ca507e964645ecf9.txt"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("Editor's note: this page was reformatted.\n\n{text}")).unwrap();
    }
    let doc = json_report(&[dir.to_str().unwrap()]);
    assert_eq!(ids(&doc, "findings"), findings);
    assert_eq!(ids(&doc, "claims"), claims);
    // The lines did move: the same claims are now two lines further down.
    let moved = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["provenance"]["article"] == "002_ca507e964645ecf9" && c["provenance"]["line"].as_u64().unwrap() > 2);
    assert!(moved);
}

#[test]
fn a_renamed_file_changes_no_id() {
    let (findings, claims) = seed_ids();
    let dir = copy_seeds("ids-rename");
    // Renamed to sort last, so the corpus order changes too; the manifest follows the name.
    std::fs::rename(dir.join("000_f81a485fe8fa3635.txt"), dir.join("zz_wsj_rewrite.txt")).unwrap();
    let manifest = std::fs::read_to_string(dir.join("corpus.toml")).unwrap();
    std::fs::write(
        dir.join("corpus.toml"),
        manifest.replace("articles.000_f81a485fe8fa3635", "articles.zz_wsj_rewrite"),
    )
    .unwrap();
    let doc = json_report(&[dir.to_str().unwrap()]);
    assert!(doc["articles"].as_array().unwrap().last().unwrap()["id"] == "zz_wsj_rewrite");
    assert_eq!(ids(&doc, "findings"), findings);
    assert_eq!(ids(&doc, "claims"), claims);
}

#[test]
fn a_reordered_corpus_changes_no_id() {
    let (findings, claims) = seed_ids();
    let mut files: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| format!("seeds/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files.reverse();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let doc = json_report(&args);
    assert_eq!(doc["articles"][0]["id"], "003_b33f97960e3bf917", "the order did change");
    assert_eq!(ids(&doc, "findings"), findings);
    assert_eq!(ids(&doc, "claims"), claims);
}

#[test]
fn finding_and_claim_ids_are_unique_and_64_bit() {
    let doc = json_report(&["seeds"]);
    for list in ["findings", "claims"] {
        let all: Vec<&str> = doc[list].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
        let distinct: BTreeSet<&&str> = all.iter().collect();
        assert_eq!(distinct.len(), all.len(), "{list}");
        assert!(all.iter().all(|id| id.len() == 18), "{all:?}");
    }
}

/// Runs the binary with `dir` as the working folder.
fn run_in(dir: &Path, args: &[&str]) -> common::Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    common::Run {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// Runs `check` on a folder with extra arguments.
fn check_in(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn finding_of(doc: &serde_json::Value, detector: &str) -> String {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["detector"] == detector)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn review(dir: &Path, id: &str, status: &str, reason: &str) -> common::Run {
    run(&[
        "review",
        id,
        dir.to_str().unwrap(),
        "--status",
        status,
        "--reason",
        reason,
        "--by",
        "ana",
        "--date",
        "2026-11-22",
    ])
}

#[test]
fn reviews_round_trip_and_change_the_exit_code_as_documented() {
    let dir = copy_seeds("review-round-trip");
    let doc = json_report(&[dir.to_str().unwrap()]);
    let conflicts: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "conflict")
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    assert!(conflicts.len() >= 2, "the seeds hold conflicts: {conflicts:?}");
    assert_eq!(check_in(&dir, &[]).code, 1);

    // Confirmed or under review: still fails.
    let out = review(&dir, &conflicts[0], "confirmed", "checked against the Pentagon's figures");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("recorded"), "{}", out.stdout);
    assert_eq!(check_in(&dir, &[]).code, 1);
    assert_eq!(review(&dir, &conflicts[1], "under-review", "asking the desk").code, 0);
    assert_eq!(check_in(&dir, &[]).code, 1);

    // Explained and false-alarm settle a finding: with every conflict settled, exit 0.
    let out = review(&dir, &conflicts[0], "explained", "official vs \"actual\" strength");
    assert!(out.stdout.contains("updated"), "{}", out.stdout);
    assert_eq!(check_in(&dir, &[]).code, 1, "other conflicts are still open");
    assert_eq!(
        review(&dir, &conflicts[1], "false-alarm", "the 2011 withdrawal was of combat forces").code,
        0
    );
    for id in &conflicts[2..] {
        assert_eq!(check_in(&dir, &[]).code, 1, "{id} is still open");
        assert_eq!(review(&dir, id, "explained", "the report was denied the same day").code, 0);
    }
    assert_eq!(check_in(&dir, &[]).code, 0);
    // A dispute is still open, so --fail-on dispute fails.
    assert_eq!(check_in(&dir, &["--fail-on", "dispute"]).code, 1);

    // The ledger is sorted by id, and every report shows the reviews.
    let ledger = std::fs::read_to_string(dir.join("reviews.toml")).unwrap();
    let mut sorted = conflicts.clone();
    sorted.sort();
    assert!(ledger.find(&sorted[0]).unwrap() < ledger.find(&sorted[1]).unwrap(), "{ledger}");
    assert!(ledger.contains("date = \"2026-11-22\""), "{ledger}");
    assert_eq!(
        ledger.matches("\n[[review]]\n").count(),
        conflicts.len(),
        "an update replaces the entry: {ledger}"
    );
    let doc = json_report(&[dir.to_str().unwrap()]);
    let reviewed = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == conflicts[0].as_str())
        .unwrap();
    assert_eq!(reviewed["review"]["status"], "explained");
    assert_eq!(reviewed["review"]["by"], "ana");
    assert_eq!(reviewed["review"]["reason"], "official vs \"actual\" strength");
    assert_eq!(reviewed["review"]["date"], "2026-11-22");
    let text = check_in(&dir, &[]).stdout;
    assert!(
        text.contains("review: explained by ana on 2026-11-22: official vs \"actual\" strength"),
        "{text}"
    );
    let markdown = check_in(&dir, &["--format", "markdown"]).stdout;
    assert!(markdown.contains("| false-alarm |"), "{markdown}");
    let dot = check_in(&dir, &["--format", "dot"]).stdout;
    assert!(
        dot.contains("[shape=note, label=\"") && dot.contains("explained by ana on 2026-11-22"),
        "{dot}"
    );
    for format in ["sarif", "github", "html"] {
        let out = check_in(&dir, &["--format", format]).stdout;
        assert!(
            out.contains("the 2011 withdrawal was of combat forces"),
            "{format} shows the review: {out}"
        );
    }

    // --hide-reviewed leaves the settled findings out and counts them.
    let hidden = check_in(&dir, &["--hide-reviewed"]);
    assert_eq!(hidden.code, 0);
    assert!(!hidden.stdout.contains(&conflicts[0]));
    let note = format!("{} reviewed findings hidden", conflicts.len());
    assert!(hidden.stdout.contains(&note), "{}", hidden.stdout);
}

#[test]
fn a_review_of_a_finding_that_is_gone_is_stale() {
    let dir = copy_seeds("review-stale");
    let doc = json_report(&[dir.to_str().unwrap()]);
    let id = finding_of(&doc, "timeline-mismatch");
    assert_eq!(review(&dir, &id, "confirmed", "checked").code, 0);
    // The article that says "withdrew in 2011" is taken out of the story.
    std::fs::remove_file(dir.join("001_fe908a62a53666af.txt")).unwrap();
    let out = check_in(&dir, &["--format", "json", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("warning: stale review {id}")), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["stale_reviews"][0]["id"], id.as_str());
    let text = check_in(&dir, &["--fail-on", "never"]).stdout;
    assert!(text.contains(&format!("warning: stale review {id} (confirmed)")), "{text}");
}

#[test]
fn review_refuses_an_id_no_finding_has() {
    let dir = copy_seeds("review-unknown");
    let out = review(&dir, "f-0000000000000000", "explained", "x");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no finding has the id `f-0000000000000000`"), "{}", out.stderr);
    assert!(!dir.join("reviews.toml").exists());
}

#[test]
fn a_bad_ledger_is_a_positioned_error_and_exit_2() {
    let dir = copy_seeds("review-bad");
    std::fs::write(
        dir.join("reviews.toml"),
        "[[review]]\nid = \"f-0123456789abcdef\"\nstatus = \"explaned\"\nreason = \"x\"\ndate = \"2026-11-22\"\n",
    )
    .unwrap();
    let out = check_in(&dir, &[]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "no report from a bad ledger: {}", out.stdout);
    let stderr = out.stderr.replace(&dir.to_string_lossy().into_owned(), "[DIR]");
    assert!(stderr.contains("[DIR]/reviews.toml:3:10"), "{stderr}");
    assert!(
        stderr.contains("a status is one of: confirmed, false-alarm, explained, under-review"),
        "{stderr}"
    );
    std::fs::write(
        dir.join("reviews.toml"),
        "[[review]]\nid = \"f-12\"\nstatus = \"explained\"\nreason = \"x\"\ndate = \"yesterday\"\n",
    )
    .unwrap();
    let out = check_in(&dir, &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("reviews.toml:2:6") && out.stderr.contains("reviews.toml:5:8"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 errors"), "{}", out.stderr);
}

#[test]
fn a_baseline_marks_findings_new_unchanged_and_gone() {
    let dir = copy_seeds("baseline");
    let baseline = dir.join("baseline.json");
    // The baseline: the story before 001 ("the U.S. withdrew from Iraq in 2011") arrived.
    // Outside the corpus folder: inside it, 001 was still read (undated, so its dated findings
    // were the only "new" ones).
    let later = temp_dir("baseline-later");
    std::fs::rename(dir.join("001_fe908a62a53666af.txt"), later.join("001_fe908a62a53666af.txt")).unwrap();
    let out = check_in(&dir, &["--format", "json", "--fail-on", "never", "-o", baseline.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::copy(later.join("001_fe908a62a53666af.txt"), dir.join("001_fe908a62a53666af.txt")).unwrap();
    let _ = std::fs::remove_dir_all(&later);

    let b = baseline.to_str().unwrap();
    let out = check_in(&dir, &["--format", "json", "--fail-on", "never", "--baseline", b]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let changes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["baseline"].as_str().unwrap())
        .collect();
    assert!(changes.contains(&"new") && changes.contains(&"unchanged"), "{changes:?}");
    assert_eq!(
        doc["baseline"]["new"].as_u64().unwrap() as usize,
        changes.iter().filter(|c| **c == "new").count()
    );
    // Each conflict of the full story is either in the baseline or new: --new-only fails only
    // when a conflict is new.
    let conflict_new = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "conflict" && f["baseline"] == "new");
    let new_only = check_in(&dir, &["--baseline", b, "--new-only"]);
    assert!(conflict_new, "the timeline conflict needs 001");
    assert_eq!(new_only.code, 1, "{}", new_only.stderr);
    // Against itself, nothing is new and --new-only passes though conflicts remain.
    let full = dir.join("full.json");
    check_in(&dir, &["--format", "json", "--fail-on", "never", "-o", full.to_str().unwrap()]);
    assert_eq!(check_in(&dir, &["--baseline", full.to_str().unwrap()]).code, 1);
    assert_eq!(check_in(&dir, &["--baseline", full.to_str().unwrap(), "--new-only"]).code, 0);
    // Taking an article out again: its findings are gone.
    std::fs::remove_file(dir.join("001_fe908a62a53666af.txt")).unwrap();
    let out = check_in(&dir, &["--fail-on", "never", "--baseline", full.to_str().unwrap()]);
    assert!(out.stdout.contains("gone since the baseline: f-"), "{}", out.stdout);
    // A report of another schema is refused, with exit 2.
    std::fs::write(dir.join("old.json"), r#"{"schema": 2, "findings": []}"#).unwrap();
    let out = check_in(&dir, &["--baseline", dir.join("old.json").to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("schema 2 report"), "{}", out.stderr);
}

#[test]
fn sarif_output_validates_against_the_official_2_1_0_schema() {
    let dir = copy_seeds("sarif");
    let doc = json_report(&[dir.to_str().unwrap()]);
    let id = finding_of(&doc, "timeline-mismatch");
    assert_eq!(review(&dir, &id, "explained", "combat forces, not all forces").code, 0);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap()).unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let rules = root().join("rules").to_string_lossy().into_owned();
    let baseline = dir.join("seeds-baseline.json");
    check_in(&dir, &["--format", "json", "--fail-on", "never", "-o", baseline.to_str().unwrap()]);
    for extra in [&[][..], &["--baseline", baseline.to_str().unwrap()][..]] {
        let mut args = vec!["--format", "sarif", "--fail-on", "never"];
        args.extend_from_slice(extra);
        // Run from inside the corpus folder, so article paths are relative to it.
        let mut all = vec!["check", ".", "--rules", rules.as_str()];
        all.extend_from_slice(&args);
        let out = run_in(&dir, &all);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let run = &sarif["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 6);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), doc["findings"].as_array().unwrap().len());
        let reviewed = results
            .iter()
            .find(|r| r["partialFingerprints"]["claimcheckFindingId/v1"] == id.as_str())
            .unwrap();
        assert_eq!(reviewed["suppressions"][0]["kind"], "external");
        assert_eq!(
            reviewed["suppressions"][0]["justification"],
            "explained: combat forces, not all forces"
        );
        let location = &reviewed["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.ends_with(".txt") && !uri.contains('/'), "relative to the working folder: {uri}");
        assert!(location["region"]["endColumn"].as_u64() > location["region"]["startColumn"].as_u64());
        assert!(reviewed["relatedLocations"].as_array().is_some_and(|r| !r.is_empty()));
        if !extra.is_empty() {
            assert!(results.iter().all(|r| r["baselineState"] == "unchanged"));
        }
    }
}

#[test]
fn github_annotations_and_summary_on_the_seeds() {
    let summary = temp_dir("github-summary").join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = run(&["check", "seeds", "--format", "github", "--summary", summary.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("::error file=seeds/")
                || line.starts_with("::warning file=seeds/")
                || line.starts_with("::notice file=seeds/"),
            "{line}"
        );
    }
    let summary_text = std::fs::read_to_string(&summary).unwrap();
    assert!(summary_text.starts_with("earlier step\n## claimcheck"), "appended: {summary_text}");
    // The annotations themselves are snapshotted with every format in tests/seeds.rs.
    settings().bind(|| insta::assert_snapshot!("seeds-check-github-summary", summary_text));
}
