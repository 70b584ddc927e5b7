//! Bad input gets a clear error and nothing is lost: broken rule files and unreadable articles.

mod common;
use common::{root, run, settings, temp_dir};

/// Each broken rule file, checked beside the default fragments and dictionaries it may use.
#[test]
fn rule_error_catalogue() {
    settings().bind(|| {
        insta::glob!("fixtures/rule-errors/*.toml", |path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let dir = temp_dir(&format!("rules-{name}"));
            for shared in ["fragments.toml", "dictionaries.toml", "kinds.toml", "words.toml"] {
                std::fs::copy(root().join("rules").join(shared), dir.join(shared)).unwrap();
            }
            let text = std::fs::read_to_string(path).unwrap();
            let first_line = text.lines().next().unwrap();
            assert!(
                first_line.starts_with("# must fail:"),
                "{name}: the first line says what must happen"
            );
            let code = first_line
                .trim_start_matches("# must fail: ")
                .split([' ', ','])
                .next()
                .unwrap()
                .to_string();
            std::fs::copy(path, dir.join(format!("{name}.toml"))).unwrap();
            let out = run(&["rules", "check", "--rules", dir.to_str().unwrap()]);
            assert_eq!(out.code, 2, "{name}: rule errors exit 2");
            assert!(
                out.stderr.contains(&format!("error[{code}]")),
                "{name}: expected error[{code}] in\n{}",
                out.stderr
            );
            let shown = out.stderr.replace(dir.to_str().unwrap(), "[RULES]");
            insta::assert_snapshot!(format!("rules-check-{name}"), shown);
            let _ = std::fs::remove_dir_all(&dir);
        });
    });
}

#[test]
fn the_default_pack_checks_clean() {
    let out = run(&["rules", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.ends_with("0 errors, 0 warnings\n"), "{}", out.stderr);
}

#[test]
fn bad_articles_are_reported_and_skipped() {
    let out = run(&["extract", "tests/fixtures/articles"]);
    assert_eq!(out.code, 2, "unreadable input exits 2");
    assert!(
        out.stderr
            .contains("error: tests/fixtures/articles/binary.txt: binary file (contains NUL bytes), skipped"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error: tests/fixtures/articles/latin1.txt:1:4: not UTF-8 (invalid byte at offset 3), skipped"),
        "{}",
        out.stderr
    );
    // The readable articles are still extracted.
    assert!(out.stdout.contains("good.txt:1:23"), "{}", out.stdout);
    settings().bind(|| insta::assert_snapshot!("articles-bad-input", format!("{}\n--- stderr\n{}", out.stdout, out.stderr)));
}

#[test]
fn front_matter_gives_outlet_and_date_and_crlf_is_handled() {
    let out = run(&["extract", "tests/fixtures/articles/front-matter.txt", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["articles"][0]["date"], "2024-03-01");
    assert_eq!(doc["articles"][0]["date_origin"], "front-matter");
    assert_eq!(doc["articles"][0]["outlet"], "Test Wire");
    let claim = &doc["claims"][0];
    assert_eq!(claim["provenance"]["line"], 5);
    assert_eq!(claim["value"]["nominal"], 2000.0);
}

#[test]
fn missing_paths_and_bad_flags_are_usage_errors() {
    assert_eq!(run(&["check", "no/such/folder"]).code, 2);
    assert_eq!(run(&["check", "--format", "pdf"]).code, 2);
    assert_eq!(run(&["check", "--rules", "no/such/rules"]).code, 2);
}
