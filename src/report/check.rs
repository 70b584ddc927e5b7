//! Renderers of the `check` report: text, Markdown, JSON and DOT. Pure formatting of `Report`.

use super::Report;
use crate::article::Article;
use crate::claim::Claim;
use crate::detect::{Finding, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt::Write;

impl Report<'_> {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// `3 conflicts, 1 dispute, 2 changes, 5 corroborations in 4 articles`.
    pub fn summary_line(&self) -> String {
        let part = |s: Severity, one: &str, many: &str| {
            let n = self.count(s);
            format!("{n} {}", if n == 1 { one } else { many })
        };
        format!(
            "{}, {}, {}, {} in {} article{}",
            part(Severity::Conflict, "conflict", "conflicts"),
            part(Severity::Dispute, "dispute", "disputes"),
            part(Severity::Change, "change", "changes"),
            part(Severity::Corroboration, "corroboration", "corroborations"),
            self.articles.len(),
            crate::diag::plural(self.articles.len())
        )
    }

    /// A finding's claim and the article it came from, both found by index, not by search.
    pub(crate) fn side(&self, claim_id: crate::claim::ClaimId) -> Option<(&Claim, &Article)> {
        self.graph.claim(claim_id).map(|i| (&self.claims[i], self.graph.article(i)))
    }
}

/// "found 3 times; 12 more claims not shown", when a finding was merged or its sides capped.
fn merged_note(finding: &Finding) -> Option<String> {
    let mut parts = Vec::new();
    if finding.occurrences > 1 {
        parts.push(format!(
            "the same facts were found {} times; one finding lists them",
            finding.occurrences
        ));
    }
    if finding.more_sides > 0 {
        parts.push(format!(
            "{} more claim{} not shown",
            finding.more_sides,
            crate::diag::plural(finding.more_sides)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Compiler-style diagnostics: each finding, then each side with its line and carets.
pub fn text(report: &Report, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for article in report.articles {
        let _ = writeln!(out, "note: {}", super::extract::article_line(article));
    }
    out.push('\n');
    for finding in &report.findings {
        let level = match finding.severity {
            Severity::Conflict => Level::ERROR,
            Severity::Dispute => Level::WARNING,
            _ => Level::NOTE,
        };
        let title = format!("{}[{}] {}", finding.severity.name(), finding.detector, finding.why);
        let mut snippets = Vec::new();
        let mut labels = Vec::new();
        for side in &finding.sides {
            if let Some((claim, article)) = report.side(side.claim) {
                labels.push((claim, article, format!("{}: {} ({})", side.role, claim.summary(), claim.id)));
            }
        }
        for (claim, article, label) in &labels {
            let line = article.lines.line_range(&article.text, claim.provenance.line);
            let source = &article.text[line.clone()];
            let start = claim.provenance.start.saturating_sub(line.start).min(source.len());
            let end = claim.provenance.end.saturating_sub(line.start).clamp(start, source.len());
            snippets.push(
                Snippet::source(source)
                    .line_start(claim.provenance.line)
                    .path(article.path.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(start..end).label(label.as_str())),
            );
        }
        let group = Group::with_title(level.primary_title(title.as_str()).id(finding.id.as_str())).elements(snippets);
        let mut groups = vec![group];
        let merged = merged_note(finding);
        if let Some(note) = &merged {
            groups.push(Group::with_title(Level::NOTE.secondary_title(note.as_str())));
        }
        let triage = triage_note(report, finding);
        if let Some(note) = &triage {
            groups.push(Group::with_title(Level::NOTE.secondary_title(note.as_str())));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    for problem in report.problems {
        let _ = writeln!(out, "error: {}: {}", problem.path, problem.reason);
    }
    for line in triage_lines(report) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", report.summary_line());
    out
}

/// "review: explained by ana on 2026-11-22: ...; new since the baseline", when either applies.
pub fn triage_note(report: &Report, finding: &Finding) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(review) = report.review(&finding.id) {
        parts.push(format!("review: {}", review.one_line()));
    }
    if let Some(change) = report.change(&finding.id) {
        parts.push(format!("{} since the baseline", change.name()));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Closing lines on stale reviews, findings gone since the baseline, and hidden findings.
pub fn triage_lines(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for review in &report.triage.stale {
        lines.push(format!(
            "warning: stale review {} ({}): no finding has this id any more",
            review.id,
            review.status.name()
        ));
    }
    if let Some(baseline) = &report.triage.baseline {
        for gone in &baseline.gone {
            lines.push(format!(
                "gone since the baseline: {} {}[{}] {}",
                gone.id, gone.severity, gone.detector, gone.why
            ));
        }
        let new = baseline.change.values().filter(|c| **c == crate::baseline::Change::New).count();
        lines.push(format!(
            "baseline {}: {new} new, {} unchanged, {} gone",
            baseline.path,
            baseline.change.len() - new,
            baseline.gone.len()
        ));
    }
    if report.triage.hidden > 0 {
        lines.push(format!(
            "{} reviewed finding{} hidden (false alarm or explained)",
            report.triage.hidden,
            crate::diag::plural(report.triage.hidden)
        ));
    }
    lines
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// For an editor's hand-off or a pull-request comment.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("# claimcheck report\n\n");
    let _ = writeln!(out, "**{}**\n", report.summary_line());
    out.push_str("| severity | count |\n|---|---|\n");
    for s in Severity::ALL {
        let _ = writeln!(out, "| {} | {} |", s.name(), report.count(s));
    }
    out.push_str("\n## Articles\n\n| article | outlet | date used | date from |\n|---|---|---|---|\n");
    for a in report.articles {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            a.path,
            md_escape(a.outlet.as_deref().unwrap_or("unknown")),
            a.date.map_or("none".to_string(), |d| d.to_string()),
            a.date_origin.name()
        );
    }
    out.push_str("\n## Findings\n\n| id | severity | detector | why | review |\n|---|---|---|---|---|\n");
    for f in &report.findings {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            f.id,
            f.id,
            f.severity.name(),
            f.detector,
            md_escape(&f.why),
            report.review(&f.id).map_or("", |r| r.status.name())
        );
    }
    for f in &report.findings {
        let _ = writeln!(out, "\n### {}: {} `{}`\n\n{}\n", f.severity.name(), f.detector, f.id, f.why);
        if let Some(note) = merged_note(f) {
            let _ = writeln!(out, "_{note}._\n");
        }
        if let Some(note) = triage_note(report, f) {
            let _ = writeln!(out, "**{}**\n", md_escape(&note));
        }
        for side in &f.sides {
            if let Some((c, article)) = report.side(side.claim) {
                let path = &article.path;
                let _ = writeln!(
                    out,
                    "- **{}** — [{path}:{}:{}]({path}#L{}) `{}`: {}\n  > {}",
                    side.role,
                    c.provenance.line,
                    c.provenance.column,
                    c.provenance.line,
                    c.id,
                    md_escape(&c.summary()),
                    md_escape(c.provenance.sentence())
                );
            }
        }
    }
    let triage = triage_lines(report);
    if !triage.is_empty() {
        out.push_str("\n## Reviews and baseline\n\n");
        for line in triage {
            let _ = writeln!(out, "- {}", md_escape(&line));
        }
    }
    if !report.problems.is_empty() {
        out.push_str("\n## Input problems\n\n");
        for p in report.problems {
            let _ = writeln!(out, "- `{}`: {}", p.path, p.reason);
        }
    }
    out
}

pub fn json(report: &Report) -> String {
    let mut bytes = Vec::new();
    write_json(report, &mut bytes).expect("writing into memory cannot fail");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// The JSON report written as it is serialised: a corpus's report is tens of megabytes, and
/// never held whole in memory.
pub fn write_json(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use super::json::{
        ArticleJson, BaselineJson, CheckDocument, ClaimJson, FindingJson, OldFindingJson, ProblemJson, ReviewJson, Streamed, SummaryJson,
    };
    // Articles, findings and claims are converted as they are written, never all at once.
    let cited: std::collections::BTreeSet<crate::claim::ClaimId> =
        report.findings.iter().flat_map(|f| f.sides.iter().map(|s| s.claim)).collect();
    let doc = CheckDocument {
        schema: super::SCHEMA_VERSION,
        summary: SummaryJson {
            conflicts: report.count(Severity::Conflict),
            disputes: report.count(Severity::Dispute),
            changes: report.count(Severity::Change),
            corroborations: report.count(Severity::Corroboration),
            notes: report.count(Severity::Note),
            articles: report.articles.len(),
            claims: report.claims.len(),
        },
        articles: Streamed::new(report.articles.iter().map(ArticleJson::from)),
        findings: Streamed::new(
            report
                .findings
                .iter()
                .map(|f| FindingJson::new(f, report.review(&f.id), report.change(&f.id))),
        ),
        stale_reviews: report.triage.stale.iter().map(ReviewJson::from).collect(),
        baseline: report.triage.baseline.as_ref().map(|b| {
            let new = b.change.values().filter(|c| **c == crate::baseline::Change::New).count();
            BaselineJson {
                path: &b.path,
                new,
                unchanged: b.change.len() - new,
                gone: b.gone.iter().map(OldFindingJson::from).collect(),
            }
        }),
        hidden: report.triage.hidden,
        claims: Streamed::new(report.claims.iter().filter(|c| cited.contains(&c.id)).map(ClaimJson::from)),
        problems: report.problems.iter().map(ProblemJson::from).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The claim graph: articles and entities as clusters, conflicts red, corroboration green.
pub fn dot(report: &Report) -> String {
    use crate::graph::{Edge, Node};
    use petgraph::visit::EdgeRef;
    let graph = &report.graph.graph;
    let mut out = String::from("digraph claimcheck {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    let node_name = |i: petgraph::graph::NodeIndex| format!("n{}", i.index());
    for (cluster, label, want) in [("articles", "articles", 0), ("entities", "entities", 2)] {
        let _ = writeln!(out, "  subgraph cluster_{cluster} {{\n    label=\"{label}\";");
        for i in graph.node_indices() {
            match (&graph[i], want) {
                (Node::Article(a), 0) => {
                    let _ = writeln!(
                        out,
                        "    {} [shape=folder, label=\"{}\"];",
                        node_name(i),
                        dot_escape(&report.articles[*a].id)
                    );
                }
                (Node::Entity(key), 2) => {
                    let _ = writeln!(out, "    {} [shape=ellipse, label=\"{}\"];", node_name(i), dot_escape(key));
                }
                _ => {}
            }
        }
        out.push_str("  }\n");
    }
    for i in graph.node_indices() {
        if let Node::Claim(c) = &graph[i] {
            let claim = &report.claims[*c];
            let _ = writeln!(
                out,
                "  {} [shape=box, label=\"{}\\n{}\"];",
                node_name(i),
                claim.id,
                dot_escape(&claim.summary())
            );
        }
    }
    for e in graph.edge_references() {
        let style = match e.weight() {
            Edge::Asserts => "color=gray",
            Edge::Subject => "label=\"subject\", color=gray",
            Edge::Place => "label=\"place\", color=gray",
            Edge::SaidBy => "label=\"said by\", style=dashed",
            Edge::Denies => "label=\"denies\", color=orange",
            Edge::Corroborates => "color=green, dir=none",
            Edge::Conflicts => "color=red, penwidth=2, dir=none",
            Edge::Relates => "color=blue, style=dotted, dir=none",
        };
        let _ = writeln!(out, "  {} -> {} [{style}];", node_name(e.source()), node_name(e.target()));
    }
    // Reviews from the ledger: a note per reviewed finding, pointing at its first claim.
    for (i, finding) in report.findings.iter().enumerate() {
        let Some(review) = report.review(&finding.id) else { continue };
        let Some(claim) = finding.sides.first().and_then(|s| report.graph.claim(s.claim)) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  review{i} [shape=note, label=\"{}\\n{}\"];\n  review{i} -> {} [style=dotted, arrowhead=none];",
            finding.id,
            dot_escape(&review.one_line()),
            node_name(report.graph.claim_nodes[claim])
        );
    }
    out.push_str("}\n");
    out
}
