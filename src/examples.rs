//! Running the examples written inside rule files, for `cargo test` and `claimcheck rules test`.
//!
//! An example is a text and the claim fields it must yield; a counter-example is a text the rule
//! must not match. They are the rule author's tests, so failures are shown field by field.

use crate::article::{Article, Meta};
use crate::claim::{Claim, Field};
use crate::rules::{Rule, RuleSet};
use jiff::civil::Date;
use std::fmt::Write;

/// The publication date examples are anchored on when they give none.
pub const DEFAULT_EXAMPLE_DATE: Date = jiff::civil::date(2024, 6, 14);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Passed,
    /// What was expected and what came out, one line per field that differs.
    Failed(Vec<String>),
    /// Marked `known-gap` and still failing: reported, not counted as a failure.
    KnownGap,
    /// Marked `known-gap` but now passing: the mark must go.
    GapClosed,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub text: String,
    pub counter: bool,
    pub status: Status,
}

/// Renders a claim field the way examples write it.
pub fn render_field(claim: &Claim, field: &str) -> Option<String> {
    let entity = |e: &Option<std::sync::Arc<crate::claim::Entity>>| e.as_ref().map(|e| e.id.as_deref().unwrap_or(&e.text).to_string());
    match field {
        "kind" => Some(claim.kind.name().to_string()),
        _ => match Field::parse(field)? {
            Field::Subject => entity(&claim.subject),
            Field::Place => entity(&claim.place),
            Field::Speaker => entity(&claim.speaker),
            Field::Value => claim.value.as_ref().map(|v| match v {
                crate::claim::Value::Text { text } => text.clone(),
                crate::claim::Value::Entity(e) => e.id.as_deref().unwrap_or(&e.text).to_string(),
                other => other.to_string(),
            }),
            Field::Time => claim.time.as_ref().map(ToString::to_string).or_else(|| claim.time_written.clone()),
            Field::Status => Some(claim.status.name().to_string()),
            Field::Topic => claim.topic.as_deref().map(str::to_string),
            Field::Scope => claim.scope.as_deref().map(str::to_string),
            Field::Qualifier => match &claim.value {
                Some(crate::claim::Value::Quantity(q)) => Some(format!("{:?}", q.qualifier).to_lowercase()),
                _ => None,
            },
        },
    }
}

fn example_article(rules: &RuleSet, text: &str, date: Option<Date>) -> Article {
    let meta = Meta {
        outlet: None,
        published: Some(date.unwrap_or(DEFAULT_EXAMPLE_DATE)),
    };
    // An example is all body: a first line `+++` is words, not front matter.
    Article::from_body_text("example", "example", text.to_string(), meta, rules)
}

/// The claims one rule makes of an example text; attribution rules show their own matches.
fn claims_of(rules: &RuleSet, rule: &Rule, text: &str, date: Option<Date>) -> Vec<Claim> {
    let article = example_article(rules, text, date);
    let emit_attributions = rule.kind.has(crate::kinds::Behaviour::Speaker);
    crate::extract::extract_with(rules, &article, |r| r.id == rule.id, emit_attributions)
        .into_iter()
        .filter(|c| c.provenance.rule == rule.id)
        .collect()
}

/// Runs the examples of the rules whose ids are in `only` (all when empty), in rule order.
pub fn run(rules: &RuleSet, only: &[String]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for rule in rules.rules.iter().filter(|r| only.is_empty() || only.iter().any(|o| **o == *r.id)) {
        let path = crate::diag::display_path(&rules.files[rule.file].path);
        for example in &rule.examples {
            let claims = claims_of(rules, rule, &example.text, example.date);
            let unread: Vec<String> = claims.iter().filter_map(Claim::unnormalised).collect();
            let failure = if unread.is_empty() {
                check_expectation(rule, &claims, &example.expect)
            } else {
                Some(unread)
            };
            outcomes.push(Outcome {
                rule: rule.id.to_string(),
                path: path.clone(),
                line: example.line,
                text: example.text.clone(),
                counter: false,
                status: status(failure, example.known_gap),
            });
        }
        for example in &rule.counter_examples {
            let claims = claims_of(rules, rule, &example.text, example.date);
            let failure = (!claims.is_empty()).then(|| {
                claims
                    .iter()
                    .map(|c| format!("matched \"{}\": {}", c.provenance.quote(), c.summary()))
                    .collect()
            });
            outcomes.push(Outcome {
                rule: rule.id.to_string(),
                path: path.clone(),
                line: example.line,
                text: example.text.clone(),
                counter: true,
                status: status(failure, example.known_gap),
            });
        }
    }
    outcomes
}

fn status(failure: Option<Vec<String>>, known_gap: bool) -> Status {
    match (failure, known_gap) {
        (None, false) => Status::Passed,
        (None, true) => Status::GapClosed,
        (Some(_), true) => Status::KnownGap,
        (Some(diff), false) => Status::Failed(diff),
    }
}

/// `None` when some claim has every expected field; otherwise the differences from the claim
/// that came closest.
fn check_expectation(rule: &Rule, claims: &[Claim], expect: &std::collections::BTreeMap<String, String>) -> Option<Vec<String>> {
    if claims.is_empty() {
        return Some(vec![format!("expected a {} claim, the rule matched nothing", rule.kind)]);
    }
    let mut best: Option<Vec<String>> = None;
    for claim in claims {
        let diff: Vec<String> = expect
            .iter()
            .filter_map(|(field, want)| {
                let got = render_field(claim, field);
                (got.as_deref() != Some(want.as_str())).then(|| {
                    format!(
                        "{field}: expected {want:?}, got {}",
                        got.map_or("nothing".into(), |g| format!("{g:?}"))
                    )
                })
            })
            .collect();
        if diff.is_empty() {
            return None;
        }
        if best.as_ref().is_none_or(|b| diff.len() < b.len()) {
            best = Some(diff);
        }
    }
    best
}

/// The report `rules test` prints, ending with `N passed, N failed`.
pub fn report(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let mut passed = 0;
    let mut failed = 0;
    let mut gaps = 0;
    for o in outcomes {
        let what = if o.counter { "counter-example" } else { "example" };
        match &o.status {
            Status::Passed => passed += 1,
            Status::KnownGap => {
                gaps += 1;
                let _ = writeln!(out, "known gap {} ({}:{}): {}", o.rule, o.path, o.line, o.text);
            }
            Status::GapClosed => {
                failed += 1;
                let _ = writeln!(
                    out,
                    "FAIL {} {what} at {}:{} is marked known-gap but now passes: remove `known-gap = true`\n  text: {}\n",
                    o.rule, o.path, o.line, o.text
                );
            }
            Status::Failed(diff) => {
                failed += 1;
                let _ = writeln!(out, "FAIL {} {what} at {}:{}\n  text: {}", o.rule, o.path, o.line, o.text);
                for line in diff {
                    let _ = writeln!(out, "  {line}");
                }
                out.push('\n');
            }
        }
    }
    let gap_note = if gaps > 0 {
        format!(" ({gaps} known gap{})", crate::diag::plural(gaps))
    } else {
        String::new()
    };
    let _ = writeln!(out, "{passed} passed, {failed} failed{gap_note}");
    out
}
