//! Output of `claimcheck extract` and `claimcheck rules list`.

use super::json::{ArticleJson, ClaimJson, ExtractDocument, KindJson, ProblemJson, RuleJson};
use crate::article::{Article, Corpus};
use crate::claim::Claim;
use crate::rules::RuleSet;
use std::fmt::Write;

pub fn article_line(a: &Article) -> String {
    let date = match (a.date, a.date_line) {
        (Some(d), Some(line)) => format!("{d} (from the text, line {line})"),
        (Some(d), None) => format!("{d} (from the {})", a.date_origin.name()),
        (None, _) => "no date: relative times left unresolved".to_string(),
    };
    format!("{} [{}] {date}", a.path, a.outlet.as_deref().unwrap_or("unknown outlet"))
}

pub fn extract_text(corpus: &Corpus, claims: &[Claim]) -> String {
    let mut out = String::new();
    // Grouped once: filtering every claim for every article was quadratic in corpus size.
    let mut by_article: std::collections::BTreeMap<&str, Vec<&Claim>> = std::collections::BTreeMap::new();
    for claim in claims {
        by_article.entry(&*claim.provenance.article).or_default().push(claim);
    }
    for article in &corpus.articles {
        let _ = writeln!(out, "== {}", article_line(article));
        for claim in by_article.get(article.id.as_str()).into_iter().flatten() {
            let p = &claim.provenance;
            let _ = writeln!(
                out,
                "{}:{}:{} {} {}\n    {:?} ({})",
                article.path,
                p.line,
                p.column,
                claim.id,
                claim.summary(),
                p.quote(),
                p.rule
            );
        }
    }
    let _ = writeln!(out, "{} claims in {} articles", claims.len(), corpus.articles.len());
    out
}

pub fn extract_json(corpus: &Corpus, claims: &[Claim]) -> String {
    let doc = ExtractDocument {
        schema: super::SCHEMA_VERSION,
        articles: corpus.articles.iter().map(ArticleJson::from).collect(),
        claims: claims.iter().map(ClaimJson::from).collect(),
        problems: corpus.problems.iter().map(ProblemJson::from).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("the report model always serialises");
    s.push('\n');
    s
}

pub fn rules_text(rules: &RuleSet) -> String {
    let mut out = String::new();
    for r in &rules.rules {
        let path = crate::diag::display_path(&rules.files[r.file].path);
        let _ = writeln!(
            out,
            "{:<28} {:<15} {}:{} ({} examples, {} counter-examples)\n    {}",
            r.id,
            r.kind.name(),
            path,
            r.line,
            r.examples.len(),
            r.counter_examples.len(),
            r.description
        );
    }
    let _ = writeln!(out, "{} rules", rules.rules.len());
    out
}

/// The pack's kinds: value type, behaviours and what each behaviour raises, tolerances.
pub fn kinds_text(rules: &RuleSet) -> String {
    let mut out = String::new();
    for k in &rules.kinds.all {
        let compare: Vec<&str> = k.compare.iter().map(|b| b.name()).collect();
        let _ = writeln!(
            out,
            "{:<16} value {:<9} compare [{}]{}\n    {}",
            k.name(),
            format!("{:?}", k.value).to_lowercase(),
            compare.join(", "),
            if k.family != k.name() {
                format!(" family {}", k.family)
            } else {
                String::new()
            },
            k.description
        );
        let mut facts = vec![format!("same time within {} days", k.same_time_days)];
        if k.tolerance > 0.0 {
            facts.push(format!("figures within {}%", k.tolerance * 100.0));
        }
        facts.push(format!("default status {}", k.default_status.name()));
        if k.status_window > 0 {
            facts.push(format!("status read {} words before the value", k.status_window));
        }
        facts.push(if k.infer.is_empty() {
            "infers nothing".to_string()
        } else {
            format!("infers {}", k.infer.join(", "))
        });
        if k.corroborate {
            facts.push("corroborates".into());
        }
        for (what, list) in [
            ("interrupted by", &k.interrupted_by),
            ("passed while", &k.passed_while),
            ("bounds", &k.bounds),
        ] {
            if !list.is_empty() {
                facts.push(format!("{what} {}", list.join(", ")));
            }
        }
        let _ = writeln!(out, "    {}", facts.join("; "));
    }
    let _ = writeln!(out, "\nbehaviours:");
    for (name, _, what) in crate::kinds::BEHAVIOURS {
        let _ = writeln!(out, "  {name:<14} {what}");
    }
    let _ = writeln!(out, "{} kinds", rules.kinds.all.len());
    out
}

pub fn rules_json(rules: &RuleSet) -> String {
    let list: Vec<RuleJson> = rules
        .rules
        .iter()
        .map(|r| RuleJson {
            id: &r.id,
            kind: r.kind.name(),
            description: &r.description,
            file: crate::diag::display_path(&rules.files[r.file].path),
            line: r.line,
            priority: r.priority,
            examples: r.examples.len(),
            counter_examples: r.counter_examples.len(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "schema": super::SCHEMA_VERSION, "rules": list })).expect("serialisable");
    s.push('\n');
    s
}

/// The pack's kinds as JSON, for tools that group claim files by kind (ARCHITECTURE.md).
pub fn kinds_json(rules: &RuleSet) -> String {
    let kinds: Vec<KindJson> = rules.kinds.all.iter().map(|k| KindJson::from(&*k.0)).collect();
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "schema": super::SCHEMA_VERSION, "kinds": kinds })).expect("serialisable");
    s.push('\n');
    s
}
