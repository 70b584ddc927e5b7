//! SARIF 2.1.0, the format code-review tools read (GitHub code scanning among them): one rule
//! per detector, one result per finding with its first side as the location and the others as
//! related locations, the stable finding id as a partial fingerprint, and reviewed findings as
//! suppressions with the ledger's reason. Pure formatting of `Report`.

use super::Report;
use crate::claim::Claim;
use crate::detect::{Severity, DETECTORS};
use serde_json::{json, Value};

/// Each detector's short description and help, for SARIF's rule metadata; the full
/// description is the detector's own `summary()`. A test checks every detector is here.
const RULE_TEXT: &[(&str, &str, &str)] = &[
    (
        "level-mismatch",
        "Sources give different figures for one thing at one time",
        "Open each side's article at the marked line and compare the figures' dates and wording: a real conflict needs one of the sources corrected; a difference of definition (authorised vs deployed strength) can be recorded with `claimcheck review ID --status explained`.",
    ),
    (
        "timeline-mismatch",
        "Sources put events or deadlines at incompatible times",
        "Check which source has the event's date right; a moved deadline is a change, not an error. Record the verdict with `claimcheck review ID`.",
    ),
    (
        "assertion-denial",
        "A claim one source makes, another says was denied",
        "Report the denial beside the claim, or check whether the denial covers exactly this claim; record the verdict with `claimcheck review ID`.",
    ),
    (
        "opposed-positions",
        "Parties state different positions on one question",
        "A dispute in the world, not an error in a source: make sure the story attributes each position.",
    ),
    (
        "deadline-passed",
        "A deadline passed while sources still report the state it was to end",
        "Check whether the deadline was moved or missed, and say so in the story.",
    ),
    (
        "corroboration",
        "Two or more articles say the same thing",
        "Agreement is only as strong as its independent sources: copies of one wire story count once.",
    ),
];

fn rule_text(detector: &str) -> (&'static str, &'static str) {
    RULE_TEXT
        .iter()
        .find(|(id, ..)| *id == detector)
        .map_or(("A claimcheck finding", ""), |(_, short, help)| (*short, *help))
}

/// SARIF's level for a severity: conflicts fail a review, disputes warn, the rest inform.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Conflict => "error",
        Severity::Dispute => "warning",
        _ => "note",
    }
}

/// A path as a relative URI reference: `/` separators, characters outside the unreserved set
/// and `/` percent-encoded, relative to `base` (the working folder) when under it.
pub fn artifact_uri(path: &str, base: Option<&std::path::Path>) -> String {
    let relative = relative_path(path, base);
    let mut out = String::new();
    for byte in relative.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A path relative to `base` (the working folder) when under it, with `/` separators and no
/// leading `./`.
pub fn relative_path(path: &str, base: Option<&std::path::Path>) -> String {
    let path = std::path::Path::new(path);
    let relative = base
        .and_then(|b| path.strip_prefix(b).ok())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    relative.strip_prefix("./").unwrap_or(&relative).to_string()
}

/// A claim's place: article path, start and end line and column (columns in characters, the
/// end exclusive, as SARIF's `unicodeCodePoints` column kind says).
fn physical_location(report: &Report, claim: &Claim, base: Option<&std::path::Path>) -> Option<Value> {
    let (_, article) = report.side(claim.id)?;
    let p = &claim.provenance;
    // From the quote, not the article text, which `check --claims` does not have.
    let (end_line, end_column) = crate::text::advance(p.line, p.column, p.quote());
    Some(json!({
        "artifactLocation": { "uri": artifact_uri(&article.path, base) },
        "region": {
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": end_line,
            "endColumn": end_column,
            "snippet": { "text": p.quote() },
        }
    }))
}

/// The whole SARIF log. `base` is the working folder article paths are made relative to.
pub fn sarif(report: &Report, base: Option<&std::path::Path>) -> String {
    let rules: Vec<Value> = DETECTORS
        .iter()
        .map(|d| {
            let (short, help) = rule_text(d.id());
            json!({
                "id": d.id(),
                "shortDescription": { "text": short },
                "fullDescription": { "text": d.summary() },
                "help": { "text": help },
                "properties": { "tags": ["claimcheck"] },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let rule_index = DETECTORS.iter().position(|d| d.id() == finding.detector);
            let mut locations = Vec::new();
            let mut related = Vec::new();
            for (i, side) in finding.sides.iter().enumerate() {
                let Some(claim) = report.claim(side.claim) else { continue };
                let Some(location) = physical_location(report, claim, base) else {
                    continue;
                };
                let message = format!("{}: {} ({})", side.role, claim.summary(), claim.id);
                if i == 0 {
                    locations.push(json!({ "physicalLocation": location, "message": { "text": message } }));
                } else {
                    related.push(json!({ "id": i, "physicalLocation": location, "message": { "text": message } }));
                }
            }
            let mut result = json!({
                "ruleId": finding.detector,
                "level": level(finding.severity),
                "message": { "text": format!("{}: {}", finding.severity.name(), finding.why) },
                "locations": locations,
                "partialFingerprints": { "claimcheckFindingId/v1": finding.id },
                "properties": { "findingId": finding.id, "severity": finding.severity.name() },
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(review) = report.review(&finding.id) {
                result["properties"]["review"] = json!(super::json::ReviewJson::from(review));
                if review.status.settles() {
                    result["suppressions"] = json!([{
                        "kind": "external",
                        "status": "accepted",
                        "justification": format!("{}: {}", review.status.name(), review.reason),
                    }]);
                }
            }
            if let Some(change) = report.change(&finding.id) {
                result["baselineState"] = json!(change.name());
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("a JSON value always serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_has_sarif_rule_text() {
        for d in DETECTORS {
            assert!(
                RULE_TEXT.iter().any(|(id, ..)| *id == d.id()),
                "{} has no entry in RULE_TEXT",
                d.id()
            );
        }
    }

    #[test]
    fn artifact_uris_are_relative_and_encoded() {
        let base = std::path::Path::new("/work/story");
        assert_eq!(artifact_uri("/work/story/a b/x.txt", Some(base)), "a%20b/x.txt");
        assert_eq!(artifact_uri("seeds/001.txt", Some(base)), "seeds/001.txt");
        assert_eq!(artifact_uri("./seeds/é.txt", None), "seeds/%C3%A9.txt");
    }
}
