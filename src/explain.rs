//! `claimcheck explain ID`: how a claim was read, or why a finding was made.
//!
//! A rule author who disagrees with a claim needs to see each step: which rule and pattern
//! matched, what each capture held, what each normaliser made of it, and which date anchored
//! the relative words. The match is found again by re-running the rule's patterns on the
//! claim's sentence, so nothing extra is kept for every claim of a corpus.

use crate::article::Article;
use crate::claim::{Claim, Field, Value};
use crate::detect::DETECTORS;
use crate::normalize::quantity::{Qualifier, APPROX_TOLERANCE};
use crate::report::Report;
use crate::rules::RuleSet;
use std::fmt::Write;

/// The explanation of a claim id or a finding id, or `None` when no claim or finding has it.
pub fn explain(id: &str, rules: &RuleSet, report: &Report) -> Option<String> {
    if let Some(finding) = report.findings.iter().find(|f| f.id == id) {
        return Some(explain_finding(finding, report));
    }
    let index = report.graph.claim(crate::claim::ClaimId::parse(id)?)?;
    Some(explain_claim(&report.claims[index], report.graph.article(index), rules, report))
}

fn location(claim: &Claim, article: &Article) -> String {
    format!("{}:{}:{}", article.path, claim.provenance.line, claim.provenance.column)
}

fn explain_finding(finding: &crate::detect::Finding, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "finding {}: {} from detector {}",
        finding.id,
        finding.severity.name(),
        finding.detector
    );
    if let Some(detector) = DETECTORS.iter().find(|d| d.id() == finding.detector) {
        let _ = writeln!(out, "  the detector: {}", detector.summary());
    }
    let _ = writeln!(out, "  why: {}", finding.why);
    if finding.occurrences > 1 {
        let _ = writeln!(
            out,
            "  the same facts were found {} times (other dates or copies) and merged here",
            finding.occurrences
        );
    }
    out.push_str("  sides:\n");
    for side in &finding.sides {
        let Some(index) = report.graph.claim(side.claim) else {
            continue;
        };
        let claim = &report.claims[index];
        let article = report.graph.article(index);
        let _ = writeln!(
            out,
            "    {}: {} at {}\n      {}\n      quote: {:?}",
            side.role,
            claim.id,
            location(claim, article),
            claim.summary(),
            claim.provenance.quote()
        );
    }
    if finding.more_sides > 0 {
        let _ = writeln!(out, "    ({} more claims not listed)", finding.more_sides);
    }
    let _ = writeln!(out, "  run `claimcheck explain CLAIM_ID` on a side to see how it was read");
    out
}

fn explain_claim(claim: &Claim, article: &Article, rules: &RuleSet, report: &Report) -> String {
    let mut out = String::new();
    let p = &claim.provenance;
    let _ = writeln!(out, "claim {}: {}", claim.id, claim.summary());
    let _ = writeln!(out, "  at {}, matched {:?}", location(claim, article), p.quote());
    let _ = writeln!(out, "  sentence: {:?}", p.sentence());
    let anchor = match article.date {
        Some(date) => format!("{date} (from the {})", article.date_origin.name()),
        None => "none: relative times are left unresolved".to_string(),
    };
    let _ = writeln!(out, "  time anchor: {anchor}");
    let Some(rule) = rules.rule(&p.rule) else {
        let _ = writeln!(out, "  rule {} is not in the loaded rule pack", p.rule);
        return out;
    };
    let path = crate::diag::display_path(&rules.files[rule.file].path);
    let _ = writeln!(
        out,
        "rule {} ({}), {}:{}\n  {}",
        rule.id, rule.kind, path, rule.line, rule.description
    );
    // Find the match again: the pattern that yields exactly this span in this sentence.
    let sentence_text = &article.text[p.sentence_start..p.sentence_start + p.sentence().len()];
    // Searched as extraction searches it (`extract_with`).
    let plain = crate::text::without_scare_quotes(sentence_text);
    let (masked, masked_plain) = (rules.masks.apply(sentence_text), rules.masks.apply(&plain));
    let found = rule.patterns.iter().enumerate().find_map(|(i, pattern)| {
        let searched: &str = match (pattern.masked.is_empty(), pattern.reads_quotes) {
            (true, true) => sentence_text,
            (true, false) => &plain,
            (false, true) => &masked,
            (false, false) => &masked_plain,
        };
        pattern
            .regex
            .captures_iter(searched)
            .find(|caps| {
                caps.get(0).is_some_and(|m| {
                    let span = crate::extract::with_scare_quotes(sentence_text, searched, m.range());
                    p.sentence_start + span.start == p.start && p.sentence_start + span.end == p.end
                })
            })
            .map(|caps| (i, pattern, caps))
    });
    match found {
        Some((i, pattern, caps)) => {
            let _ = writeln!(out, "  pattern {} as written: {}", i + 1, pattern.written);
            // A dictionary expands to every alias: past a screenful the regex helps no one.
            const SHOWN: usize = 600;
            if pattern.expanded.len() <= SHOWN {
                let _ = writeln!(out, "  with fragments expanded: {}", pattern.expanded);
                for (name, token) in rules.masks.legend().filter(|(n, _)| pattern.masked.iter().any(|m| m == n)) {
                    let _ = writeln!(
                        out,
                        "    {token} is an alias of {{{name}}}, found once in the text (rules/README.md)"
                    );
                }
            } else {
                let _ = writeln!(
                    out,
                    "  with fragments expanded: {} bytes of regex, not shown",
                    pattern.expanded.len()
                );
            }
            out.push_str("captures:\n");
            for (name, field) in &rule.capture_fields {
                if let Some(m) = caps.name(name) {
                    let _ = writeln!(
                        out,
                        "  {}{}: {:?} -> {}",
                        field.name(),
                        if name == field.name() {
                            String::new()
                        } else {
                            format!(" (capture {name})")
                        },
                        &sentence_text[m.range()],
                        normalised(claim, *field)
                    );
                }
            }
        }
        None => {
            let _ = writeln!(out, "  (the match could not be found again: the rule pack changed since)");
        }
    }
    for (field, value) in &rule.fixed {
        let _ = writeln!(
            out,
            "  {}: set by the rule to {value:?} -> {}",
            field.name(),
            normalised(claim, *field)
        );
    }
    if let Some(speaker) = &claim.speaker {
        if !rule.capture_fields.iter().any(|(_, f)| *f == Field::Speaker) {
            let _ = writeln!(out, "  speaker: {speaker}, from an attribution in the same sentence");
        }
    }
    for field in claim.inferred.iter() {
        let _ = writeln!(
            out,
            "  {field}: inferred from context (an earlier claim of the sentence, else the article's main place)"
        );
    }
    if let Some(place) = claim.place.as_ref().filter(|p| !p.within.is_empty()) {
        let nested = if claim.kind.nested_places {
            "a lower figure for those, at the same time, conflicts with this one"
        } else {
            "compared only with claims of the same place (the kind has no `nested-places`)"
        };
        let _ = writeln!(out, "  place {} lies within {}: {nested}", place.key(), place.within.join(" → "));
    }
    let citing: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.sides.iter().any(|s| s.claim == claim.id))
        .map(|f| format!("{} ({} from {})", f.id, f.severity.name(), f.detector))
        .collect();
    let _ = writeln!(
        out,
        "findings citing it: {}",
        if citing.is_empty() { "none".to_string() } else { citing.join(", ") }
    );
    out
}

/// What the normaliser made of a field, with the detail a rule author needs to check it.
fn normalised(claim: &Claim, field: Field) -> String {
    let entity = |e: &Option<std::sync::Arc<crate::claim::Entity>>| match e {
        Some(e) => match (&e.id, &e.affiliation) {
            (Some(id), _) => format!("{id} (a dictionary alias)"),
            (None, Some(party)) => format!("{:?}, a group source of {party} (kept unmerged)", e.text),
            (None, None) => format!("{:?} (no dictionary knows it)", e.text),
        },
        None => "nothing".to_string(),
    };
    match field {
        Field::Subject => entity(&claim.subject),
        Field::Place => entity(&claim.place),
        Field::Speaker => entity(&claim.speaker),
        Field::Value | Field::Qualifier => match &claim.value {
            Some(Value::Quantity(q)) => {
                let how = match q.qualifier {
                    Qualifier::Exact => "exact".to_string(),
                    Qualifier::Approximate => format!("approximate, ±{}%", (APPROX_TOLERANCE * 100.0) as i64),
                    Qualifier::AtLeast => "a lower bound".to_string(),
                    Qualifier::AtMost => "an upper bound".to_string(),
                    Qualifier::Vague => "a vague magnitude".to_string(),
                };
                let high = q.high.map_or("no upper bound".to_string(), |h| format!("{h}"));
                format!("{q} ({how}: {}..{high})", q.low)
            }
            Some(other) => other.to_string(),
            None => "nothing".to_string(),
        },
        Field::Time => match &claim.time {
            Some(t) => format!("{t} ({:?}, {}..{})", t.granularity, t.start, t.end).to_lowercase(),
            None => "not understood by the time normaliser; kept as words".to_string(),
        },
        Field::Status => claim.status.name().to_string(),
        Field::Topic => claim.topic.as_deref().unwrap_or("nothing").to_string(),
        Field::Scope => claim.scope.as_deref().unwrap_or("nothing").to_string(),
    }
}
