//! The HTML report for editors: one self-contained page (inline CSS, inline SVG, no network),
//! complete without JavaScript; a small optional script adds filters by detector and article.
//! Counts per severity, findings grouped by severity with each side's outlet, date, sentence
//! (the claim marked) and normalised values, review status from the ledger, and a timeline of
//! figures per subject and place. Pure formatting of `Report`: every text is escaped here.

use super::Report;
use crate::article::Article;
use crate::claim::{Claim, Value};
use crate::detect::{Finding, Severity};
use crate::kinds::Behaviour;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Text safe in HTML content and in quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff; --wash: #f4f4f2;
  --conflict: #a4001d; --dispute: #8a4b00; --change: #004f8c; --corroboration: #1f6b2a; --note: #4a4a4a;
  --mark: #ffe680; --focus: #0b57d0; }
* { box-sizing: border-box; }
html { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--paper); }
body { margin: 0 auto; max-width: 76rem; padding: 1rem; }
a { color: #0645ad; }
a:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; z-index: 1; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
h4 { font-size: 1.05rem; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 1rem 0; }
.counts a { display: block; min-width: 8.5rem; padding: .5rem .75rem; border: 2px solid currentColor; border-radius: .4rem; text-decoration: none; }
.counts strong { display: block; font-size: 1.6rem; line-height: 1.1; }
.sev-conflict { color: var(--conflict); } .sev-dispute { color: var(--dispute); } .sev-change { color: var(--change); }
.sev-corroboration { color: var(--corroboration); } .sev-note { color: var(--note); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; color: #fff; font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.badge.sev-conflict { background: var(--conflict); } .badge.sev-dispute { background: var(--dispute); } .badge.sev-change { background: var(--change); }
.badge.sev-corroboration { background: var(--corroboration); } .badge.sev-note { background: var(--note); }
.finding { border: 1px solid var(--line); border-left: 6px solid currentColor; border-radius: .4rem; padding: .75rem 1rem; margin: 0 0 1rem; color: var(--ink); }
.finding.sev-conflict { border-left-color: var(--conflict); } .finding.sev-dispute { border-left-color: var(--dispute); }
.finding.sev-change { border-left-color: var(--change); } .finding.sev-corroboration { border-left-color: var(--corroboration); }
.why { font-size: 1.05rem; margin: .25rem 0 .75rem; }
.review { margin: .5rem 0; padding: .4rem .6rem; background: var(--wash); border-radius: .3rem; }
.review.settled { border-left: 4px solid var(--corroboration); } .review.open { border-left: 4px solid var(--dispute); }
.meta { color: var(--muted); font-size: .9rem; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: .75rem; }
.side { margin: 0; padding: .6rem .75rem; background: var(--wash); border-radius: .3rem; min-width: 0; }
.side figcaption { font-size: .9rem; color: var(--muted); }
.side .role { font-weight: 700; color: var(--ink); }
.side blockquote { margin: .5rem 0; padding-left: .6rem; border-left: 3px solid var(--line); overflow-wrap: anywhere; }
mark { background: var(--mark); color: var(--ink); padding: 0 .1em; }
dl.values { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .25rem 0 0; font-size: .9rem; }
dl.values dt { color: var(--muted); } dl.values dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.table-wrap { overflow-x: auto; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: end; padding: .75rem; background: var(--wash); border-radius: .4rem; }
.filters label { display: flex; flex-direction: column; font-size: .9rem; flex: 1 1 14rem; min-width: 0; max-width: 32rem; }
.filters select { font: inherit; padding: .3rem; width: 100%; }
.filters p { flex: 1 1 100%; margin: 0; }
.timeline { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem; margin: 0 0 1rem; }
.timeline svg { width: 100%; height: auto; max-height: 16rem; display: block; }
.timeline h3 { margin: 0 0 .25rem; }
.legend { font-size: .85rem; color: var(--muted); margin: .25rem 0; }
.stale { color: var(--dispute); }
.nowrap, .ids code { white-space: nowrap; }
[hidden] { display: none !important; }
@media (max-width: 40rem) { body { padding: .6rem; } h1 { font-size: 1.3rem; } .counts a { min-width: 6.5rem; } }
"#;

/// Records script errors into the page (the browser test reads them from the DOM), then wires
/// the filters. Without JavaScript, the filter form stays hidden and every finding is shown.
const SCRIPT: &str = r#"
window.addEventListener('error', function (e) {
  var el = document.getElementById('script-errors');
  if (el) { el.hidden = false; el.textContent += (e.message || 'error') + '\n'; }
});
(function () {
  var form = document.getElementById('filters');
  var detector = document.getElementById('filter-detector');
  var article = document.getElementById('filter-article');
  var status = document.getElementById('filter-status');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  function apply() {
    var shown = 0;
    findings.forEach(function (f) {
      var ok = (!detector.value || f.getAttribute('data-detector') === detector.value) &&
               (!article.value || (' ' + f.getAttribute('data-articles') + ' ').indexOf(' ' + article.value + ' ') >= 0);
      f.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll('.severity-group').forEach(function (g) {
      g.hidden = g.querySelectorAll('.finding:not([hidden])').length === 0;
    });
    status.textContent = shown + ' of ' + findings.length + ' findings shown';
  }
  detector.addEventListener('change', apply);
  article.addEventListener('change', apply);
  form.hidden = false;
  apply();
  document.documentElement.setAttribute('data-script', 'ready');
})();
"#;

fn plural_name(severity: Severity, n: usize) -> String {
    let name = severity.name();
    if n == 1 {
        name.to_string()
    } else {
        format!("{name}s")
    }
}

/// The sentence of a claim with the claim's words in `<mark>`, all escaped.
pub fn highlighted_sentence(claim: &Claim, article: &Article) -> String {
    let p = &claim.provenance;
    let sentence_end = p.sentence_start + p.sentence().len();
    let in_text = article.text.get(p.sentence_start..sentence_end) == Some(p.sentence())
        && p.sentence_start <= p.start
        && p.end <= sentence_end
        && article.text.get(p.start..p.end).is_some();
    let (before, quote, after) = if in_text {
        (
            &article.text[p.sentence_start..p.start],
            &article.text[p.start..p.end],
            &article.text[p.end..sentence_end],
        )
    } else if let Some(at) = p.sentence().find(p.quote()) {
        (&p.sentence()[..at], p.quote(), &p.sentence()[at + p.quote().len()..])
    } else {
        (p.sentence(), p.quote(), "")
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let space = |s: &str, at_end: bool| {
        let has = if at_end {
            s.ends_with(char::is_whitespace)
        } else {
            s.starts_with(char::is_whitespace)
        };
        if has {
            " "
        } else {
            ""
        }
    };
    format!(
        "{}{}<mark>{}</mark>{}{}",
        escape(&squash(before)),
        space(before, true),
        escape(&squash(quote)),
        space(after, false),
        escape(&squash(after))
    )
}

fn value_text(claim: &Claim) -> String {
    match &claim.value {
        Some(v) => v.to_string(),
        None => crate::detect::show_value(claim),
    }
}

fn side_html(out: &mut String, report: &Report, role: &str, claim: &Claim, article: &Article) {
    let p = &claim.provenance;
    let date = article.date.map_or("no date".to_string(), |d| d.to_string());
    let origin = match (article.date, article.date_line) {
        (Some(_), Some(line)) => format!("from the text, line {line}"),
        (Some(_), None) => format!("from the {}", article.date_origin.name()),
        (None, _) => "relative times unresolved".to_string(),
    };
    let _ = write!(
        out,
        "<figure class=\"side\"><figcaption><span class=\"role\">{}</span> · <cite>{}</cite> · <time>{}</time> <span class=\"meta\">({})</span><br><a href=\"{}\"><code>{}:{}:{}</code></a></figcaption>",
        escape(role),
        escape(article.outlet.as_deref().unwrap_or("unknown outlet")),
        escape(&date),
        escape(&origin),
        escape(&super::sarif::artifact_uri(&article.path, None)),
        escape(&article.path),
        p.line,
        p.column
    );
    let _ = write!(out, "<blockquote>{}</blockquote>", highlighted_sentence(claim, article));
    let time = match (claim.holds_at(), &claim.time_written) {
        (Some(t), _) => format!("{t} (from the {})", time_origin_name(claim)),
        (None, Some(w)) => format!("\"{w}\" (not anchored)"),
        (None, None) => "unknown".to_string(),
    };
    let mut rows: Vec<(&str, String)> = vec![
        ("claim", claim.summary()),
        ("value", value_text(claim)),
        ("time", time),
        ("status", claim.status.name().to_string()),
    ];
    if let Some(speaker) = &claim.speaker {
        rows.push(("said by", speaker.to_string()));
    }
    rows.push(("id", claim.id.to_string()));
    out.push_str("<dl class=\"values\">");
    for (name, value) in rows {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(name), escape(&value));
    }
    out.push_str("</dl></figure>");
    let _ = report;
}

fn time_origin_name(claim: &Claim) -> &'static str {
    use crate::claim::TimeOrigin;
    match claim.time_origin {
        TimeOrigin::Text => "claim's words",
        TimeOrigin::Sentence => "sentence",
        TimeOrigin::Article => "article's date",
        TimeOrigin::Unknown => "nowhere",
    }
}

fn finding_html(out: &mut String, report: &Report, finding: &Finding) {
    let sides: Vec<(&str, &Claim, &Article)> = finding
        .sides
        .iter()
        .filter_map(|s| report.side(s.claim).map(|(c, a)| (s.role.as_str(), c, a)))
        .collect();
    let articles: BTreeSet<&str> = sides.iter().map(|(_, _, a)| a.id.as_str()).collect();
    let sev = finding.severity.name();
    let _ = write!(
        out,
        "<article class=\"finding sev-{sev}\" id=\"{}\" data-detector=\"{}\" data-articles=\"{}\" tabindex=\"-1\" aria-labelledby=\"{}-h\">",
        escape(&finding.id),
        escape(finding.detector),
        escape(&articles.iter().copied().collect::<Vec<_>>().join(" ")),
        escape(&finding.id)
    );
    let _ = write!(
        out,
        "<h4 id=\"{}-h\"><span class=\"badge sev-{sev}\">{sev}</span> {} <a href=\"#{}\"><code>{}</code></a></h4>",
        escape(&finding.id),
        escape(finding.detector),
        escape(&finding.id),
        escape(&finding.id)
    );
    let _ = write!(out, "<p class=\"why\">{}</p>", escape(&finding.why));
    match report.review(&finding.id) {
        Some(review) => {
            let class = if review.status.settles() { "settled" } else { "open" };
            let _ = write!(
                out,
                "<p class=\"review {class}\"><strong>Review: {}</strong>{} on {}: {}</p>",
                escape(review.status.name()),
                review.by.as_deref().map(|b| format!(" by {}", escape(b))).unwrap_or_default(),
                escape(&review.date),
                escape(&review.reason)
            );
        }
        None => out.push_str("<p class=\"review open\"><strong>Not reviewed</strong></p>"),
    }
    let mut notes = Vec::new();
    if let Some(change) = report.change(&finding.id) {
        notes.push(format!("{} since the baseline", change.name()));
    }
    if finding.occurrences > 1 {
        notes.push(format!("the same facts were found {} times", finding.occurrences));
    }
    if finding.more_sides > 0 {
        notes.push(format!("{} more claims not shown", finding.more_sides));
    }
    if !notes.is_empty() {
        let _ = write!(out, "<p class=\"meta\">{}</p>", escape(&notes.join("; ")));
    }
    out.push_str("<div class=\"sides\">");
    for (role, claim, article) in sides {
        side_html(out, report, role, claim, article);
    }
    out.push_str("</div></article>\n");
}

/// A point of a timeline: day number, low, high, nominal value, claim, in a conflict.
struct Point<'a> {
    day: i64,
    low: f64,
    high: f64,
    value: f64,
    claim: &'a Claim,
    conflict: bool,
}

fn day_number(date: jiff::civil::Date) -> i64 {
    date.duration_since(jiff::civil::date(1970, 1, 1)).as_secs() / 86_400
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let digits = format!("{}", x.abs() as i64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if x < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        format!("{x:.1}")
    }
}

/// Timelines of figures: one per kind that compares as a level or running total, subject,
/// place and scope with at least two dated figures; a step chart, conflicts marked.
fn timelines(report: &Report, out: &mut String) -> usize {
    let conflicted: BTreeSet<crate::claim::ClaimId> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Conflict)
        .flat_map(|f| f.sides.iter().map(|s| s.claim))
        .collect();
    let mut groups: BTreeMap<(String, String, String, String), Vec<Point>> = BTreeMap::new();
    for claim in report.claims {
        if !(claim.kind.has(Behaviour::Level) || claim.kind.has(Behaviour::RunningTotal)) {
            continue;
        }
        let (Some(Value::Quantity(q)), Some(time)) = (&claim.value, claim.holds_at()) else {
            continue;
        };
        // Only levels the sources state as holding: an amount of change ("3,000 more"), a
        // plan or someone else's report is not a point of the level's history.
        if q.unit.is_some() || !matches!(claim.status, crate::claim::Status::Current | crate::claim::Status::Past) {
            continue;
        }
        // A magnitude word ("thousands") is drawn at its nominal figure; its range would
        // flatten every precise figure to the bottom of the chart.
        let vague = q.qualifier == crate::normalize::quantity::Qualifier::Vague;
        let high = if vague {
            q.nominal.max(q.low)
        } else {
            q.high.unwrap_or(q.nominal.max(q.low))
        };
        let low = if vague { high } else { q.low };
        let key = (
            claim.kind.name().to_string(),
            claim.subject_key(),
            claim.place_key(),
            claim.scope.as_deref().unwrap_or_default().to_string(),
        );
        groups.entry(key).or_default().push(Point {
            day: day_number(time.start),
            low,
            high,
            value: q.nominal,
            claim,
            conflict: conflicted.contains(&claim.id),
        });
    }
    let mut n_charts = 0;
    for ((kind, subject, place, scope), mut points) in groups {
        if points.len() < 2 {
            continue;
        }
        n_charts += 1;
        points.sort_by(|a, b| (a.day, a.value).partial_cmp(&(b.day, b.value)).unwrap_or(std::cmp::Ordering::Equal));
        let title = format!(
            "{kind}: {}{}{}",
            if subject.is_empty() { "anyone" } else { &subject },
            if place.is_empty() { String::new() } else { format!(" in {place}") },
            if scope.is_empty() { String::new() } else { format!(" ({scope})") }
        );
        let chart_id = format!("timeline-{n_charts}");
        let (w, h, left, right, top, bottom) = (600.0, 240.0, 64.0, 24.0, 16.0, 40.0);
        let (d0, d1) = (points[0].day, points[points.len() - 1].day.max(points[0].day + 1));
        let vmax = points.iter().map(|p| p.high.max(p.value)).fold(0.0_f64, f64::max).max(1.0) * 1.1;
        let x = |day: i64| left + (day - d0) as f64 / (d1 - d0) as f64 * (w - left - right);
        let y = |v: f64| top + (1.0 - v / vmax) * (h - top - bottom);
        let _ = write!(
            out,
            "<figure class=\"timeline\" aria-labelledby=\"{chart_id}-h\"><h3 id=\"{chart_id}-h\">{}</h3>",
            escape(&title)
        );
        let _ = write!(
            out,
            "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{chart_id}-t {chart_id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{chart_id}-t\">{}</title><desc id=\"{chart_id}-d\">{} figures from {} to {}; the line steps to each new figure; red points are in a conflict</desc>",
            escape(&title),
            points.len(),
            escape(&points[0].claim.holds_at().map(|t| t.start.to_string()).unwrap_or_default()),
            escape(&points[points.len() - 1].claim.holds_at().map(|t| t.start.to_string()).unwrap_or_default())
        );
        // Axes: zero and the top value on the left, first and last date below.
        let _ = write!(
            out,
            "<g font-size=\"14\" fill=\"#4a4a4a\"><line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#8a8a8a\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#8a8a8a\"/>",
            h - bottom,
            w - right,
            h - bottom,
            h - bottom
        );
        for v in [0.0, vmax / 1.1] {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                left - 6.0,
                y(v) + 4.0,
                number(v.round())
            );
        }
        // Below the axis: a tick at each new year when the figures span a few, else the first
        // and last dates.
        let first_year = points[0].claim.holds_at().map_or(1970, |t| t.start.year());
        let last_year = points[points.len() - 1].claim.holds_at().map_or(1970, |t| t.start.year());
        let ticks: Vec<(i64, String)> = if last_year > first_year && last_year - first_year <= 15 {
            (first_year + 1..=last_year)
                .map(|y| (day_number(jiff::civil::date(y, 1, 1)), y.to_string()))
                .filter(|(d, _)| *d >= d0 && *d <= d1)
                .collect()
        } else {
            let date = |p: &Point| p.claim.holds_at().map(|t| t.start.to_string()).unwrap_or_default();
            vec![(d0, date(&points[0])), (d1, date(&points[points.len() - 1]))]
        };
        for (day, label) in ticks {
            let _ = write!(
                out,
                "<line x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\" stroke=\"#8a8a8a\"/><text x=\"{0:.1}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
                x(day),
                h - bottom,
                h - bottom + 5.0,
                h - bottom + 18.0,
                escape(&label)
            );
        }
        out.push_str("</g>");
        // The step line through each figure, in time order.
        let mut path = String::new();
        for (i, p) in points.iter().enumerate() {
            if i == 0 {
                let _ = write!(path, "M{:.1},{:.1}", x(p.day), y(p.value));
            } else {
                let _ = write!(path, " H{:.1} V{:.1}", x(p.day), y(p.value));
            }
        }
        let _ = write!(out, "<path d=\"{path}\" fill=\"none\" stroke=\"#004f8c\" stroke-width=\"2\"/>");
        for p in &points {
            let (cx, cy) = (x(p.day), y(p.value));
            if p.high > p.low {
                let _ = write!(
                    out,
                    "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"#004f8c\" stroke-opacity=\"0.5\" stroke-width=\"6\"/>",
                    y(p.low),
                    y(p.high)
                );
            }
            let (fill, r) = if p.conflict { ("#a4001d", 7.0) } else { ("#004f8c", 5.0) };
            let label = format!(
                "{} on {} ({}, {}){}",
                p.claim.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                p.claim.holds_at().map(|t| t.to_string()).unwrap_or_default(),
                p.claim.provenance.article,
                p.claim.id,
                if p.conflict { ": in a conflict" } else { "" }
            );
            let _ = write!(
                out,
                "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"1.5\"><title>{}</title></circle>",
                escape(&label)
            );
            if p.conflict {
                let _ = write!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"11\" fill=\"none\" stroke=\"#a4001d\" stroke-width=\"2\"/>"
                );
            }
        }
        out.push_str("</svg>");
        out.push_str("<p class=\"legend\">Blue line: the figure over time, stepping at each new report · red ringed points: cited by a conflict · bars: a range.</p>");
        out.push_str("<details><summary>The figures as a table</summary><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">holds at</th><th scope=\"col\">value</th><th scope=\"col\">status</th><th scope=\"col\">article</th><th scope=\"col\">claim</th></tr></thead><tbody>");
        for p in &points {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code>{}</td></tr>",
                escape(&p.claim.holds_at().map(|t| t.to_string()).unwrap_or_default()),
                escape(&p.claim.value.as_ref().map(|v| v.to_string()).unwrap_or_default()),
                escape(p.claim.status.name()),
                escape(&p.claim.provenance.article),
                escape(&p.claim.id.to_string()),
                if p.conflict { " (conflict)" } else { "" }
            );
        }
        out.push_str("</tbody></table></div></details></figure>\n");
    }
    n_charts
}

/// The whole page.
pub fn html(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("claimcheck report: {}", report.summary_line());
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n",
        escape(&title)
    );
    let _ = write!(
        out,
        "<header><h1>claimcheck report</h1><p>{}</p><nav aria-label=\"Findings by severity\"><ul class=\"counts\">",
        escape(&report.summary_line())
    );
    for s in Severity::ALL {
        let n = report.count(s);
        let _ = write!(
            out,
            "<li><a class=\"sev-{0}\" href=\"#sev-{0}\"><strong>{n}</strong>{1}</a></li>",
            s.name(),
            escape(&plural_name(s, n))
        );
    }
    out.push_str("</ul></nav>");
    let triage = super::check::triage_lines(report);
    if !triage.is_empty() {
        out.push_str("<ul class=\"triage\">");
        for line in triage {
            let class = if line.starts_with("warning: stale") {
                " class=\"stale\""
            } else {
                ""
            };
            let _ = write!(out, "<li{class}>{}</li>", escape(&line));
        }
        out.push_str("</ul>");
    }
    out.push_str("<p id=\"script-errors\" class=\"stale\" role=\"alert\" hidden></p></header>\n<main>\n");

    // Filters: shown by the script only; without it every finding is listed below.
    let detectors: BTreeSet<&str> = report.findings.iter().map(|f| f.detector).collect();
    out.push_str("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter findings\"><label>Detector <select id=\"filter-detector\"><option value=\"\">all detectors</option>");
    for d in detectors {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", escape(d));
    }
    out.push_str("</select></label><label>Article <select id=\"filter-article\"><option value=\"\">all articles</option>");
    for a in report.articles {
        let _ = write!(
            out,
            "<option value=\"{}\">{} ({})</option>",
            escape(&a.id),
            escape(&a.id),
            escape(a.outlet.as_deref().unwrap_or("unknown outlet"))
        );
    }
    out.push_str("</select></label><p id=\"filter-status\" class=\"meta\" role=\"status\" aria-live=\"polite\"></p></form>\n");

    out.push_str("<section id=\"findings\" aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">Findings</h2>\n");
    if report.findings.is_empty() {
        out.push_str("<p>No findings.</p>");
    }
    for s in Severity::ALL {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        let name = plural_name(s, group.len());
        let _ = writeln!(
            out,
            "<section class=\"severity-group\" id=\"sev-{}\" aria-labelledby=\"sev-{}-h\"><h3 id=\"sev-{}-h\" class=\"sev-{}\">{} {}</h3>",
            s.name(),
            s.name(),
            s.name(),
            s.name(),
            group.len(),
            escape(&capitalise(&name))
        );
        for finding in group {
            finding_html(&mut out, report, finding);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");

    let mut charts = String::new();
    let n_charts = timelines(report, &mut charts);
    if n_charts > 0 {
        out.push_str("<section id=\"timelines\" aria-labelledby=\"timelines-h\"><h2 id=\"timelines-h\">Figures over time</h2>\n");
        out.push_str(&charts);
        out.push_str("</section>\n");
    }

    out.push_str("<section id=\"articles\" aria-labelledby=\"articles-h\"><h2 id=\"articles-h\">Articles</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">article</th><th scope=\"col\">outlet</th><th scope=\"col\">date used</th><th scope=\"col\">date from</th><th scope=\"col\">findings</th></tr></thead><tbody>");
    for a in report.articles {
        let cited: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.sides.iter().any(|s| report.side(s.claim).is_some_and(|(_, art)| art.id == a.id)))
            .collect();
        let links: Vec<String> = cited
            .iter()
            .map(|f| format!("<a href=\"#{0}\"><code>{0}</code></a>", escape(&f.id)))
            .collect();
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"nowrap\">{}</td><td>{}</td><td class=\"ids\">{}</td></tr>",
            escape(&a.path),
            escape(a.outlet.as_deref().unwrap_or("unknown")),
            escape(&a.date.map_or("none".to_string(), |d| d.to_string())),
            escape(a.date_origin.name()),
            if links.is_empty() { "none".to_string() } else { links.join(" ") }
        );
    }
    out.push_str("</tbody></table></div></section>\n");
    if !report.problems.is_empty() {
        out.push_str("<section aria-labelledby=\"problems-h\"><h2 id=\"problems-h\">Input problems</h2><ul>");
        for p in report.problems {
            let _ = write!(out, "<li><code>{}</code>: {}</li>", escape(&p.path), escape(&p.reason));
        }
        out.push_str("</ul></section>\n");
    }
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn a_conflict_is_ringed_on_the_timeline_and_hostile_text_is_escaped() {
        use crate::article::{Article, Meta};
        let rules = crate::detect::testing::rules();
        let texts = [
            ("a", "The U.S. has 2,500 troops in Iraq."),
            ("b", "The U.S. has 3,500 troops in Iraq."),
        ];
        let articles: Vec<Article> = texts
            .iter()
            .map(|(id, text)| {
                let meta = Meta {
                    outlet: Some(format!("<script>alert('{id}')</script>")),
                    published: Some("2024-01-25".parse().unwrap()),
                };
                Article::from_text(id, &format!("{id}.txt"), text.to_string(), meta, rules).unwrap()
            })
            .collect();
        let claims: Vec<Claim> = articles.iter().flat_map(|a| crate::extract::extract_article(rules, a)).collect();
        assert_eq!(claims.len(), 2, "both figures are read");
        let report = Report::build(&articles, &claims, &[], &crate::detect::Config::default());
        assert!(
            report.findings.iter().any(|f| f.severity == Severity::Conflict),
            "2,500 and 3,500 at once conflict"
        );
        let page = html(&report);
        assert!(page.contains("troop-count: us in iraq"), "a timeline is drawn");
        assert_eq!(
            page.matches("r=\"11\" fill=\"none\" stroke=\"#a4001d\"").count(),
            2,
            "both conflicting figures are ringed"
        );
        assert!(!page.contains("<script>alert"), "outlet names are escaped");
        assert!(page.contains("&lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt;"));
        for claim in &claims {
            let marked = format!("<mark>{}</mark>", escape(claim.provenance.quote()));
            assert!(page.contains(&marked), "{marked} in the page");
        }
    }

    #[test]
    fn figures_are_grouped_by_thousands() {
        assert_eq!(number(2500.0), "2,500");
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(12.5), "12.5");
    }
}
