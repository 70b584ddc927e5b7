//! Claim files: `extract --format jsonl` then `check --claims` must report what `check` on the
//! articles reports, byte for byte, so extraction can be spread over machines.

mod common;
use common::{root, run};
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claimcheck-claims-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn jsonl_then_check_claims_gives_the_same_report_in_every_format() {
    let file = temp("seeds.jsonl");
    let extracted = run(&["extract", "seeds", "--format", "jsonl", "-o", file.to_str().unwrap()]);
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    let lines = std::fs::read_to_string(&file).unwrap();
    assert!(
        lines.lines().filter(|l| l.starts_with("{\"claim\":")).count() > 20,
        "the seeds hold claims"
    );
    for format in ["text", "markdown", "json", "dot", "sarif", "github", "html"] {
        let direct = run(&["check", "seeds", "--format", format]);
        let from_claims = run(&["check", "--claims", file.to_str().unwrap(), "--format", format]);
        assert_eq!(direct.code, from_claims.code, "{format}: {}", from_claims.stderr);
        assert_eq!(direct.stdout, from_claims.stdout, "{format}");
    }
}

#[test]
fn claims_extracted_in_two_parts_compare_as_one_corpus() {
    // Extraction is a map per article: two halves extracted apart, compared together, report
    // what the whole corpus reports (the halves given in the corpus's order).
    let mut articles: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| format!("seeds/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    articles.sort();
    assert!(articles.len() >= 2);
    let half = articles.len() / 2;
    let mut files = Vec::new();
    for (i, part) in [&articles[..half], &articles[half..]].iter().enumerate() {
        let file = temp(&format!("part{i}.jsonl"));
        let mut args = vec!["extract", "--format", "jsonl", "-o", file.to_str().unwrap()];
        args.extend(part.iter().map(String::as_str));
        assert_eq!(run(&args).code, 0);
        files.push(file);
    }
    let mut args = vec!["check", "--format", "json", "--claims"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let direct = run(&["check", "seeds", "--format", "json"]);
    assert_eq!(run(&args).stdout, direct.stdout);
}

#[test]
fn a_claim_of_a_kind_the_pack_lacks_is_an_error_with_its_line() {
    let file = temp("bad.jsonl");
    // The schema line the build writes, so only the unknown kind is wrong.
    let schema = run(&["extract", "seeds", "--format", "jsonl"])
        .stdout
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&file, format!("{schema}\n{{\"claim\":{{\"kind\":\"no-such-kind\"}}}}\n")).unwrap();
    let out = run(&["check", "--claims", file.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("bad.jsonl:2") && out.stderr.contains("no-such-kind"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_same_sentence_in_two_articles_of_one_outlet_and_day_gets_the_ids_check_gives() {
    // Claim ids hash the outlet, date and sentence, so these two articles' first claims hash
    // alike; the claim file cannot tell them apart while streaming, check --claims must.
    let dir = temp("same-sentence");
    std::fs::create_dir_all(&dir).unwrap();
    let head = "+++\noutlet = \"Wire\"\npublished = 2024-03-01\n+++\nAbout 2,500 U.S. troops are in Iraq.\n";
    std::fs::write(dir.join("a.txt"), format!("{head}There are 3,000 U.S. troops in Iraq.\n")).unwrap();
    std::fs::write(dir.join("b.txt"), format!("{head}Officials said 900 U.S. troops are in Syria.\n")).unwrap();
    let file = temp("same-sentence.jsonl");
    let extracted = run(&["extract", dir.to_str().unwrap(), "--format", "jsonl", "-o", file.to_str().unwrap()]);
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    let lines = std::fs::read_to_string(&file).unwrap();
    let ids: Vec<&str> = lines
        .lines()
        .filter(|l| l.starts_with("{\"claim\":"))
        .filter_map(|l| l.split("\"id\":\"").nth(1)?.split('"').next())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert!(
        unique.len() < ids.len(),
        "the repeated sentence's claims hash alike in the file: {ids:?}"
    );
    let direct = run(&["check", dir.to_str().unwrap(), "--format", "json", "--fail-on", "never"]);
    let from_claims = run(&[
        "check",
        "--claims",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    assert_eq!(direct.stdout, from_claims.stdout);
}
