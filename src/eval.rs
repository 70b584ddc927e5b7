//! `claimcheck eval`: the tool measured against gold files written by people who read the
//! articles (`docs/gold-format.md`).
//!
//! Claim recall per kind, precision and recall per finding severity, every miss and every false
//! alarm with its sentences, and the tempting non-conflicts that were raised. Thresholds in the
//! gold file turn it into a test: below one, `eval` exits 1.

use crate::article::Corpus;
use crate::claim::{word_string, Claim, Status};
use crate::detect::{Finding, Severity};
use crate::report::Report;
use crate::rules::RuleSet;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoldFile {
    #[serde(default)]
    pub story: String,
    #[serde(default)]
    pub thresholds: BTreeMap<String, f64>,
    #[serde(default)]
    pub claim: Vec<GoldClaim>,
    #[serde(default)]
    pub finding: Vec<GoldFinding>,
    #[serde(default)]
    pub not_conflict: Vec<GoldPair>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoldClaim {
    pub label: String,
    pub article: String,
    pub quote: String,
    pub kind: String,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub value: Option<toml::Value>,
    #[serde(default)]
    pub time: Option<toml::Value>,
    #[serde(default)]
    pub status: Option<String>,
    /// For the people who read the gold file; the engine never does, but accepts it.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoldFinding {
    pub severity: String,
    pub claims: Vec<String>,
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoldPair {
    pub claims: Vec<String>,
    #[serde(default)]
    pub why: String,
}

/// One measure: how many of `total` were right.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
}

impl Ratio {
    /// An empty measure is perfect: nothing was expected, nothing was missed.
    pub fn value(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }

    fn add(&mut self, other: Ratio) {
        self.hits += other.hits;
        self.total += other.total;
    }
}

#[derive(Debug, Clone)]
pub struct Miss {
    pub label: String,
    pub article: String,
    pub kind: String,
    pub quote: String,
    /// What the gold expects, and what the tool made of that sentence instead.
    pub expected: String,
    pub nearest: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Alarm {
    pub id: String,
    pub severity: String,
    pub why: String,
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct StoryEval {
    pub gold: String,
    pub story: String,
    /// Claim recall per gold kind.
    pub claims: BTreeMap<String, Ratio>,
    pub claim_misses: Vec<Miss>,
    /// Per severity: recall over gold findings, precision over reported findings.
    pub recall: BTreeMap<String, Ratio>,
    pub precision: BTreeMap<String, Ratio>,
    pub missed_findings: Vec<String>,
    pub false_alarms: Vec<Alarm>,
    /// Tempting non-conflicts raised as a conflict.
    pub tempting_raised: Vec<String>,
    pub failed_thresholds: Vec<String>,
}

const SEVERITIES: [Severity; 3] = [Severity::Conflict, Severity::Dispute, Severity::Change];

/// A gold value as an interval: `2500`, `~2500`, `>=2500`, `<=2500`, `2000..3000`.
fn gold_interval(value: &toml::Value) -> Option<(f64, f64)> {
    let text = match value {
        toml::Value::Integer(n) => return Some((*n as f64, *n as f64)),
        toml::Value::Float(f) => return Some((*f, *f)),
        toml::Value::String(s) => s.replace([',', ' '], ""),
        _ => return None,
    };
    let num = |s: &str| s.parse::<f64>().ok();
    if let Some(n) = text.strip_prefix('~').and_then(num) {
        return Some((n * 0.9, n * 1.1));
    }
    if let Some(n) = text.strip_prefix(">=").and_then(num) {
        return Some((n, f64::INFINITY));
    }
    if let Some(n) = text.strip_prefix("<=").and_then(num) {
        return Some((0.0, n));
    }
    if let Some((a, b)) = text.split_once("..") {
        return Some((num(a)?, num(b)?));
    }
    num(&text).map(|n| (n, n))
}

fn value_matches(gold: &toml::Value, quote: &str, claim: &Claim) -> bool {
    match (&claim.value, gold_interval(gold)) {
        (Some(crate::claim::Value::Quantity(q)), Some((low, high))) => {
            // The gold's plain figure gets the ±10% an "about" gets, as detectors count hedges.
            let (ql, qh) = (q.low, q.high.unwrap_or(f64::INFINITY));
            ql <= high * 1.1 && low * 0.9 <= qh
        }
        (Some(v), None) => {
            let g = gold.as_str().map(word_string).unwrap_or_default();
            let w = word_string(&v.to_string());
            g.is_empty()
                || w.contains(&g)
                || g.contains(&w)
                || shares_most_words(&g, &w)
                || is_the_quoted_statement(&word_string(quote), &w)
        }
        (None, Some(_)) => false,
        (None, None) => true,
        (Some(_), Some(_)) => false,
    }
}

/// Whether words hold at least half of a gold value's content words, compared on their first
/// five letters: gold values of stances are an annotator's paraphrase ("Turkey welcomes the
/// withdrawal") of the article's words ("We welcome the decision").
fn shares_most_words(gold: &str, words: &str) -> bool {
    let (gold, words) = (stems(gold), stems(words));
    let shared = gold.iter().filter(|g| words.contains(g)).count();
    !gold.is_empty() && shared * 2 >= gold.len()
}

/// Content words compared on their first five letters, so "welcomes" is "welcome".
fn stems(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "were", "be", "it", "its", "that", "this", "by",
        "with", "as", "at", "from", "will", "would", "has", "have", "had", "not", "no",
    ];
    text.split(' ')
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// Whether a claim's words are the statement the gold quotes: at least two content words, two
/// thirds of them in the gold's quote. The gold's value paraphrases ("Turkey welcomes the
/// withdrawal"); the quote holds the words said ("We welcome the decision," ... said).
fn is_the_quoted_statement(quote: &str, words: &str) -> bool {
    let (quote, words) = (stems(quote), stems(words));
    let inside = words.iter().filter(|w| quote.contains(w)).count();
    words.len() >= 2 && inside * 3 >= words.len() * 2
}

fn time_matches(gold: &toml::Value, claim: &Claim) -> bool {
    let text = match gold {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => return true,
    };
    // Gold times are ISO dates and years, which need no words.
    let no_words = crate::normalize::words::Words::default();
    let Some(span) = crate::normalize::time::TimeSpan::parse(&text, None, crate::normalize::time::Tense::Past, &no_words) else {
        return true;
    };
    // A figure dated by its article holds about then: "150,000 troops now encircle Ukraine" in
    // a Feb. 16 article is the gold's Feb. 15 figure. Times read from the words get no slack.
    let slack = if claim.time_origin == crate::claim::TimeOrigin::Article {
        3
    } else {
        0
    };
    claim
        .time
        .as_ref()
        .or(claim.holds_at())
        .is_some_and(|t| t.overlaps_within(&span, slack))
}

fn status_matches(gold: &str, claim: &Claim) -> bool {
    match Status::parse_name(gold) {
        // Current and past figures are one comparison class (a level at a time): a dated
        // claim in either stands for the other when its time matches the gold's.
        Some(Status::Past) => claim.status == Status::Past || (claim.status == Status::Current && claim.time.is_some()),
        Some(Status::Current) => claim.status == Status::Current || (claim.status == Status::Past && claim.time.is_some()),
        Some(s) => claim.status == s,
        None => true,
    }
}

/// Why an extracted claim does not match a gold claim, or `None` when it does.
fn mismatch(gold: &GoldClaim, claim: &Claim) -> Option<&'static str> {
    let is_denial = gold.kind == "denial";
    if claim.kind.name() != gold.kind && !(is_denial && claim.status == Status::Denied) {
        return Some("kind");
    }
    let entity_ok = |want: &Option<String>, e: &Option<std::sync::Arc<crate::claim::Entity>>| {
        want.as_ref()
            .is_none_or(|w| e.as_ref().is_some_and(|e| e.key() == *w || e.party() == Some(w.as_str())))
    };
    // The gold's subject may be who gives a figure: the claim's speaker when its kind leaves the
    // subject out of comparisons (a death toll), or who denies.
    let speaker_ok = (is_denial || !claim.kind.compares_by("subject")) && entity_ok(&gold.subject, &claim.speaker);
    if !(entity_ok(&gold.subject, &claim.subject) || speaker_ok) {
        return Some("subject");
    }
    // A place within the gold's ("in Los Angeles" for "in the U.S.") is in it.
    let within_gold = |want: &Option<String>| {
        want.as_ref()
            .is_some_and(|w| claim.place.as_ref().is_some_and(|p| p.within.iter().any(|c| **c == **w)))
    };
    if !entity_ok(&gold.place, &claim.place) && !within_gold(&gold.place) {
        return Some("place");
    }
    if !is_denial && gold.value.as_ref().is_some_and(|v| !value_matches(v, &gold.quote, claim)) {
        return Some("value");
    }
    if gold.time.as_ref().is_some_and(|t| !time_matches(t, claim)) {
        return Some("time");
    }
    if !is_denial && gold.status.as_deref().is_some_and(|s| !status_matches(s, claim)) {
        return Some("status");
    }
    None
}

fn describe(gold: &GoldClaim) -> String {
    let mut s = gold.kind.clone();
    for (name, v) in [("subject", &gold.subject), ("place", &gold.place), ("status", &gold.status)] {
        if let Some(v) = v {
            s.push_str(&format!(" {name}={v}"));
        }
    }
    if let Some(v) = &gold.value {
        s.push_str(&format!(" value={v}"));
    }
    if let Some(t) = &gold.time {
        s.push_str(&format!(" time={t}"));
    }
    s
}

/// Evaluates one gold file against the report on its folder.
pub fn evaluate(gold_path: &Path, gold: &GoldFile, corpus: &Corpus, claims: &[Claim], report: &Report) -> StoryEval {
    let mut eval = StoryEval {
        gold: crate::diag::display_path(gold_path),
        story: gold.story.clone(),
        ..StoryEval::default()
    };
    let article_ids: BTreeSet<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    // Label to the ids of the claims that match it.
    let mut matched: BTreeMap<&str, BTreeSet<crate::claim::ClaimId>> = BTreeMap::new();
    for g in &gold.claim {
        let quote = word_string(&g.quote);
        let in_sentence: Vec<&Claim> = claims
            .iter()
            .filter(|c| *c.provenance.article == *g.article && word_string(c.provenance.sentence()).contains(&quote))
            .collect();
        let hits: BTreeSet<crate::claim::ClaimId> = in_sentence.iter().filter(|c| mismatch(g, c).is_none()).map(|c| c.id).collect();
        let ratio = eval.claims.entry(g.kind.clone()).or_default();
        ratio.total += 1;
        if hits.is_empty() {
            let nearest = if !article_ids.contains(g.article.as_str()) {
                vec![format!("no article `{}` in this corpus", g.article)]
            } else if in_sentence.is_empty() {
                vec!["no claim in this sentence".to_string()]
            } else {
                in_sentence
                    .iter()
                    .map(|c| format!("{} (differs in {})", c.summary(), mismatch(g, c).unwrap_or("?")))
                    .collect()
            };
            eval.claim_misses.push(Miss {
                label: g.label.clone(),
                article: g.article.clone(),
                kind: g.kind.clone(),
                quote: g.quote.clone(),
                expected: describe(g),
                nearest,
            });
        } else {
            ratio.hits += 1;
        }
        matched.insert(g.label.as_str(), hits);
    }
    // A finding lists one claim per article and value, so a side stands for a gold claim when
    // it is that claim or says the same value of the same kind, subject and place in the same
    // article (a U.S. "around 6,500" does not stand for the article's "7,000 NATO allies").
    let stands_for = |side: crate::claim::ClaimId, ids: &BTreeSet<crate::claim::ClaimId>| {
        ids.contains(&side)
            || report.claim(side).is_some_and(|s| {
                ids.iter().filter_map(|&id| report.claim(id)).any(|g| {
                    g.provenance.article == s.provenance.article
                        && g.kind == s.kind
                        && g.subject_key() == s.subject_key()
                        && g.place_key() == s.place_key()
                        && g.status == s.status
                        && crate::detect::values_agree(g, s)
                })
            })
    };
    let covers = |f: &Finding, labels: &[String]| {
        labels.iter().all(|l| {
            matched
                .get(l.as_str())
                .is_some_and(|ids| f.sides.iter().any(|s| stands_for(s.claim, ids)))
        })
    };
    for severity in SEVERITIES {
        let name = severity.name();
        let gold_of: Vec<&GoldFinding> = gold.finding.iter().filter(|f| f.severity == name).collect();
        let reported: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == severity).collect();
        let mut recall = Ratio {
            hits: 0,
            total: gold_of.len(),
        };
        for g in &gold_of {
            if reported.iter().any(|f| covers(f, &g.claims)) {
                recall.hits += 1;
            } else {
                // What each side was read as, so a rule author sees why the pair was not set
                // against each other (a status, scope or time that differs) without a second run.
                let read_as: Vec<String> = g
                    .claims
                    .iter()
                    .map(|l| {
                        let read = matched
                            .get(l.as_str())
                            .and_then(|ids| ids.iter().find_map(|&id| report.claim(id)))
                            .map_or_else(|| "not read".to_string(), |c| c.summary());
                        format!("{l} = {read}")
                    })
                    .collect();
                eval.missed_findings.push(format!(
                    "{name} {}: {} [read as: {}]",
                    g.claims.join(" + "),
                    g.why,
                    read_as.join("; ")
                ));
            }
        }
        let mut precision = Ratio {
            hits: 0,
            total: reported.len(),
        };
        for f in &reported {
            if gold_of.iter().any(|g| covers(f, &g.claims)) {
                precision.hits += 1;
            } else {
                let sentences = f
                    .sides
                    .iter()
                    .filter_map(|s| report.claim(s.claim))
                    .map(|c| {
                        format!(
                            "{}: {}",
                            c.provenance.article,
                            c.provenance.sentence().split_whitespace().collect::<Vec<_>>().join(" ")
                        )
                    })
                    .collect();
                eval.false_alarms.push(Alarm {
                    id: f.id.clone(),
                    severity: name.to_string(),
                    why: f.why.clone(),
                    sentences,
                });
            }
        }
        eval.recall.insert(name.to_string(), recall);
        eval.precision.insert(name.to_string(), precision);
    }
    // A finding lists every distinct value of a key; it raises a pair only where it sets their
    // values against each other, not where both sit among the values that agree.
    let opposes = |f: &Finding, labels: &[String]| {
        let sides_for = |l: &String| -> Vec<&Claim> {
            matched.get(l.as_str()).map_or_else(Vec::new, |ids| {
                f.sides
                    .iter()
                    .filter(|s| stands_for(s.claim, ids))
                    .filter_map(|s| report.claim(s.claim))
                    .collect()
            })
        };
        let sides: Vec<Vec<&Claim>> = labels.iter().map(sides_for).collect();
        sides.iter().all(|s| !s.is_empty())
            && (sides.len() < 2
                || sides.iter().enumerate().all(|(i, a)| {
                    sides[i + 1..]
                        .iter()
                        .all(|b| a.iter().any(|x| b.iter().any(|y| !crate::detect::values_agree(x, y))))
                }))
    };
    for pair in &gold.not_conflict {
        if report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Conflict && opposes(f, &pair.claims))
        {
            eval.tempting_raised.push(format!("{}: {}", pair.claims.join(" + "), pair.why));
        }
    }
    eval.failed_thresholds = check_thresholds(&gold.thresholds, &eval);
    eval
}

/// The measure a threshold key names: `claim-recall`, `claim-recall-KIND`, `SEVERITY-precision`,
/// `SEVERITY-recall`, or `tempting-raised` (a maximum, not a minimum).
fn check_thresholds(thresholds: &BTreeMap<String, f64>, eval: &StoryEval) -> Vec<String> {
    let mut failed = Vec::new();
    for (key, &want) in thresholds {
        let got = if key == "tempting-raised" {
            let n = eval.tempting_raised.len() as f64;
            if n > want {
                failed.push(format!("{key}: {n} raised, at most {want} allowed"));
            }
            continue;
        } else if key == "claim-recall" {
            let mut all = Ratio::default();
            eval.claims.values().for_each(|r| all.add(*r));
            Some(all)
        } else if let Some(kind) = key.strip_prefix("claim-recall-") {
            eval.claims.get(kind).copied()
        } else if let Some(sev) = key.strip_suffix("-precision") {
            eval.precision.get(sev).copied()
        } else if let Some(sev) = key.strip_suffix("-recall") {
            eval.recall.get(sev).copied()
        } else {
            failed.push(format!(
                "{key}: not a measure (claim-recall, claim-recall-KIND, SEVERITY-precision, SEVERITY-recall, tempting-raised)"
            ));
            continue;
        };
        let value = got.unwrap_or_default().value();
        if value + 1e-9 < want {
            failed.push(format!("{key}: {value:.2}, below {want:.2}"));
        }
    }
    failed
}

/// Reads a gold file; errors say where.
pub fn read_gold(path: &Path) -> Result<GoldFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read gold file {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| {
            let before = &text[..s.start.min(text.len())];
            (
                before.matches('\n').count() + 1,
                before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1,
            )
        });
        format!("{}:{line}:{col}: {}", path.display(), e.message().trim())
    })
}

/// Loads, extracts and checks the folder a gold file sits in, then evaluates it.
pub fn run(gold_path: &Path, rules: &RuleSet, config: &crate::detect::Config) -> Result<StoryEval, String> {
    let gold = read_gold(gold_path)?;
    let dir: PathBuf = gold_path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let run = crate::pipeline::extract(rules, &[dir], &[]);
    let report = run.check(config);
    Ok(evaluate(gold_path, &gold, &run.corpus, &run.claims, &report))
}

/// Several stories added up, for the total line.
pub fn total(stories: &[StoryEval]) -> StoryEval {
    let mut all = StoryEval {
        gold: "total".into(),
        ..StoryEval::default()
    };
    for s in stories {
        for (k, r) in &s.claims {
            all.claims.entry(k.clone()).or_default().add(*r);
        }
        for (k, r) in &s.recall {
            all.recall.entry(k.clone()).or_default().add(*r);
        }
        for (k, r) in &s.precision {
            all.precision.entry(k.clone()).or_default().add(*r);
        }
        all.tempting_raised.extend(s.tempting_raised.iter().cloned());
    }
    all
}

fn pct(r: Ratio) -> String {
    format!("{:.2} ({}/{})", r.value(), r.hits, r.total)
}

fn summary_lines(s: &StoryEval, out: &mut String) {
    let mut all = Ratio::default();
    s.claims.values().for_each(|r| all.add(*r));
    out.push_str(&format!("  claims found: {}\n", pct(all)));
    for (kind, r) in &s.claims {
        out.push_str(&format!("    {kind:<16} {}\n", pct(*r)));
    }
    for sev in SEVERITIES {
        let name = sev.name();
        out.push_str(&format!(
            "  {name:<10} precision {}  recall {}\n",
            pct(s.precision.get(name).copied().unwrap_or_default()),
            pct(s.recall.get(name).copied().unwrap_or_default())
        ));
    }
    out.push_str(&format!("  tempting non-conflicts raised: {}\n", s.tempting_raised.len()));
}

/// The text report: a summary per story and in total, then every miss and false alarm.
pub fn text(stories: &[StoryEval], verbose: bool) -> String {
    let mut out = String::new();
    for s in stories {
        out.push_str(&format!("{} — {}\n", s.gold, s.story));
        summary_lines(s, &mut out);
        if verbose {
            for m in &s.claim_misses {
                out.push_str(&format!(
                    "  missed claim {} ({}): \"{}\"\n    expected {}\n",
                    m.label, m.article, m.quote, m.expected
                ));
                for n in &m.nearest {
                    out.push_str(&format!("    got {n}\n"));
                }
            }
            for f in &s.missed_findings {
                out.push_str(&format!("  missed finding {f}\n"));
            }
            for a in &s.false_alarms {
                out.push_str(&format!("  false alarm {} [{}] {}\n", a.id, a.severity, a.why));
                for sentence in &a.sentences {
                    out.push_str(&format!("    | {sentence}\n"));
                }
            }
            for t in &s.tempting_raised {
                out.push_str(&format!("  tempting non-conflict raised: {t}\n"));
            }
        }
        for f in &s.failed_thresholds {
            out.push_str(&format!("  BELOW THRESHOLD {f}\n"));
        }
        out.push('\n');
    }
    if stories.len() > 1 {
        let all = total(stories);
        out.push_str("total\n");
        summary_lines(&all, &mut out);
    }
    out
}

pub fn json(stories: &[StoryEval]) -> String {
    use crate::report::json::StoryEvalJson;
    let total = total(stories);
    let stories: Vec<StoryEvalJson> = stories.iter().map(StoryEvalJson::from).collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "schema": crate::report::SCHEMA_VERSION,
        "stories": stories,
        "total": StoryEvalJson::from(&total),
    }))
    .expect("serialisable");
    s.push('\n');
    s
}
