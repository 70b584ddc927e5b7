//! GitHub Actions output: one workflow command per finding (`::error file=...,line=...::`),
//! which GitHub shows as an annotation on the article's line, and a Markdown summary for
//! `$GITHUB_STEP_SUMMARY`. Pure formatting of `Report`.

use super::Report;
use crate::detect::{Finding, Severity};
use std::fmt::Write;

/// A workflow command's message: `%`, CR and LF are percent-encoded (GitHub's rule for data).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as data, and `:` and `,` too, which end a property.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The command for a severity; a finding a review settled is only a notice.
fn command(report: &Report, finding: &Finding) -> &'static str {
    if report.review(&finding.id).is_some_and(|r| r.status.settles()) {
        return "notice";
    }
    match finding.severity {
        Severity::Conflict => "error",
        Severity::Dispute => "warning",
        _ => "notice",
    }
}

/// One `::error`/`::warning`/`::notice` line per finding, at its first side; the message lists
/// every side, the review and whether it is new since the baseline.
pub fn annotations(report: &Report, base: Option<&std::path::Path>) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let mut message = finding.why.clone();
        for side in &finding.sides {
            if let Some((claim, article)) = report.side(side.claim) {
                let p = &claim.provenance;
                let _ = write!(
                    message,
                    "\n{}: {} at {}:{}:{} \"{}\"",
                    side.role,
                    claim.summary(),
                    article.path,
                    p.line,
                    p.column,
                    p.quote()
                );
            }
        }
        if let Some(note) = super::check::triage_note(report, finding) {
            let _ = write!(message, "\n{note}");
        }
        let mut properties = Vec::new();
        if let Some((claim, article)) = finding.sides.first().and_then(|s| report.side(s.claim)) {
            let p = &claim.provenance;
            // From the quote, not the article text, which `check --claims` does not have.
            let (end_line, end_column) = crate::text::advance(p.line, p.column, p.quote());
            properties.push(format!(
                "file={}",
                escape_property(&super::sarif::relative_path(&article.path, base))
            ));
            properties.push(format!("line={}", p.line));
            properties.push(format!("endLine={end_line}"));
            // GitHub draws a column range only on a one-line annotation.
            if end_line == p.line {
                properties.push(format!("col={}", p.column));
                properties.push(format!("endColumn={end_column}"));
            }
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("{}[{}] {}", finding.severity.name(), finding.detector, finding.id))
        ));
        let _ = writeln!(
            out,
            "::{} {}::{}",
            command(report, finding),
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`: counts, what is new since the baseline,
/// what still fails, stale reviews.
pub fn summary(report: &Report) -> String {
    let mut out = String::from("## claimcheck\n\n");
    let _ = writeln!(out, "**{}**\n", report.summary_line());
    out.push_str("| severity | findings | unreviewed |\n|---|---:|---:|\n");
    for s in Severity::ALL {
        let all = report.findings.iter().filter(|f| f.severity == s).count();
        if all == 0 {
            continue;
        }
        let open = report
            .findings
            .iter()
            .filter(|f| f.severity == s && report.review(&f.id).is_none())
            .count();
        let _ = writeln!(out, "| {} | {all} | {open} |", s.name());
    }
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let listed: Vec<&Finding> = report.findings.iter().filter(|f| f.severity <= Severity::Dispute).collect();
    if !listed.is_empty() {
        out.push_str("\n| finding | detector | why | review | baseline |\n|---|---|---|---|---|\n");
        for f in listed {
            let _ = writeln!(
                out,
                "| `{}` {} | {} | {} | {} | {} |",
                f.id,
                f.severity.name(),
                f.detector,
                cell(&f.why),
                report.review(&f.id).map_or("unreviewed".to_string(), |r| cell(&r.one_line())),
                report.change(&f.id).map_or("", |c| c.name())
            );
        }
    }
    let triage = super::check::triage_lines(report);
    if !triage.is_empty() {
        out.push('\n');
        for line in triage {
            let _ = writeln!(out, "- {}", cell(&line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping_follows_githubs_rules() {
        assert_eq!(escape_data("50% of\r\nall: a,b"), "50%25 of%0D%0Aall: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        // A message cannot end the command early or start a new one on its own line.
        assert!(!escape_data("x\n::error::injected").contains('\n'));
    }
}
