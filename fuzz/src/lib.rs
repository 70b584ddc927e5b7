//! What the fuzz targets and the `soak` harness run on one input. Shared, so libFuzzer and the
//! plain harness exercise exactly the same code.

use claimcheck::article::{Article, Meta};
use claimcheck::rules::{RuleSet, SourceFile};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root (the fuzz crate lives in `fuzz/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn default_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        claimcheck::rules::load_dir(&repo_root().join("rules"))
            .rules
            .expect("the default rule pack loads")
    })
}

/// Compiles the default pack now, so that no input pays for it.
pub fn warm_up() {
    default_rules();
}

/// Bytes as one rule file, standing alone (it may define its own fragments and dictionaries):
/// load, render every diagnostic, and when it loads, run its examples. Alone, because compiling
/// the default fragments beside every input made one run take a second.
pub fn rules_input(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = vec![SourceFile {
        path: PathBuf::from("fuzz.toml"),
        text: text.to_string(),
    }];
    let mut loaded = claimcheck::rules::load_files(files);
    let _ = loaded.render_diagnostics();
    if let Some(rules) = &loaded.rules {
        let outcomes = claimcheck::examples::run(rules, &[]);
        let _ = claimcheck::examples::report(&outcomes);
    }
}

/// Bytes as up to three articles (split at NUL bytes, invalid UTF-8 replaced): read with front
/// matter, extract with the default pack, check, and render the report.
pub fn extract_input(data: &[u8]) {
    let rules = default_rules();
    let mut articles = Vec::new();
    for (i, part) in data.split(|&b| b == 0).take(3).enumerate() {
        let text = String::from_utf8_lossy(part).into_owned();
        let meta = Meta {
            outlet: None,
            published: (i % 2 == 0).then(|| jiff::civil::date(2024, 1, 25)),
        };
        if let Ok(article) = Article::from_text(&format!("a{i}"), &format!("a{i}.txt"), text, meta, rules) {
            articles.push(article);
        }
    }
    let mut claims = Vec::new();
    for article in &articles {
        for claim in claimcheck::pipeline::extract_article(rules, article) {
            let p = &claim.provenance;
            assert!(p.start <= p.end && p.end <= article.text.len(), "claim span outside its article");
            assert!(article.text.is_char_boundary(p.start) && article.text.is_char_boundary(p.end));
            claims.push(claim);
        }
    }
    let config = claimcheck::detect::Config::default();
    let report = claimcheck::report::Report::build(&articles, &claims, &[], &config);
    let _ = claimcheck::report::check::text(&report, false);
    let _ = claimcheck::report::check::json(&report);
}
