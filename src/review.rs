//! The review ledger: an editor's verdict on each finding, kept in `reviews.toml` beside the
//! corpus so the next run knows that "2,500 vs 3,500 is official vs actual strength" was
//! already explained, and CI stops failing on it.
//!
//! The file is data a person may edit and a reviewer reads in a diff, so it is written sorted
//! by finding id, one `[[review]]` table per finding, keys in a fixed order, and loaded
//! strictly: every problem is reported with file, line and column, and none is skipped.

use crate::diag::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The ledger's file name, looked for beside the corpus.
pub const LEDGER_NAME: &str = "reviews.toml";

/// An editor's verdict on a finding.
/// Read from `reviews.toml` by its kebab-case name; the JSON writes it through `report::json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Checked: the sources really disagree. Still counts for `--fail-on`.
    Confirmed,
    /// Not a disagreement: the tool misread. No longer counts for `--fail-on`.
    FalseAlarm,
    /// A real difference with a known reason (official vs actual strength). No longer counts.
    Explained,
    /// Someone is on it. Still counts.
    UnderReview,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Confirmed,
        ReviewStatus::FalseAlarm,
        ReviewStatus::Explained,
        ReviewStatus::UnderReview,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::FalseAlarm => "false-alarm",
            ReviewStatus::Explained => "explained",
            ReviewStatus::UnderReview => "under-review",
        }
    }

    /// Whether the verdict settles the finding: it no longer counts for `--fail-on`, SARIF
    /// shows it as suppressed, and `--hide-reviewed` leaves it out.
    pub fn settles(self) -> bool {
        matches!(self, ReviewStatus::FalseAlarm | ReviewStatus::Explained)
    }
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: String,
    pub status: ReviewStatus,
    pub reason: String,
    pub by: Option<String>,
    /// The day the verdict was recorded (UTC), `YYYY-MM-DD`.
    pub date: String,
}

impl Review {
    /// `explained by ana on 2026-11-22: official vs actual strength`.
    pub fn one_line(&self) -> String {
        let by = self.by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
        format!("{}{by} on {}: {}", self.status.name(), self.date, self.reason)
    }
}

/// The ledger file: where it is and its entries by finding id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub path: PathBuf,
    pub entries: BTreeMap<String, Review>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFile {
    #[serde(default)]
    review: Vec<Spanned<EntryFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: Spanned<String>,
    status: Spanned<ReviewStatus>,
    reason: Spanned<String>,
    by: Option<String>,
    date: Spanned<String>,
}

/// Whether `id` looks like a finding id: `f-` and 16 lower-case hex digits.
pub fn is_finding_id(id: &str) -> bool {
    id.strip_prefix("f-")
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// The ledger's default place: beside the corpus (in the first folder given, or beside the
/// first file).
pub fn default_path(paths: &[PathBuf]) -> PathBuf {
    match paths.first() {
        Some(p) if p.is_dir() => p.join(LEDGER_NAME),
        Some(p) => p.parent().map_or_else(|| PathBuf::from(LEDGER_NAME), |d| d.join(LEDGER_NAME)),
        None => PathBuf::from("seeds").join(LEDGER_NAME),
    }
}

impl Ledger {
    /// An empty ledger that will be written at `path`.
    pub fn empty(path: &Path) -> Ledger {
        Ledger {
            path: path.to_path_buf(),
            entries: BTreeMap::new(),
        }
    }

    /// Reads the ledger at `path`; a missing file is an empty ledger. Every problem is returned
    /// as a diagnostic with its place.
    pub fn load(path: &Path) -> Result<Ledger, Vec<Diagnostic>> {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::empty(path)),
            Err(e) => Err(vec![Diagnostic::error(
                "ledger-unreadable",
                format!("cannot read the review ledger {}: {e}", crate::diag::display_path(path)),
            )]),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ledger::parse(path, &text),
                Err(_) => Err(vec![Diagnostic::error("ledger-not-utf8", "the review ledger is not UTF-8").at(
                    path,
                    0..0,
                    "here",
                )]),
            },
        }
    }

    /// Parses ledger text; `path` names the file in diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<Ledger, Vec<Diagnostic>> {
        let file: LedgerFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let message = e.message().trim().to_string();
                let mut d = Diagnostic::error("ledger-syntax", message.lines().next().unwrap_or("invalid TOML").to_string()).at(
                    path,
                    e.span().unwrap_or(0..0),
                    "here",
                );
                if message.starts_with("unknown variant") {
                    let names: Vec<&str> = ReviewStatus::ALL.iter().map(|s| s.name()).collect();
                    d = d.help(format!("a status is one of: {}", names.join(", ")));
                } else if message.starts_with("unknown field") || message.starts_with("missing field") {
                    d = d.help("a review has `id`, `status`, `reason`, `date` and optionally `by`");
                }
                return Err(vec![d]);
            }
        };
        let mut diagnostics = Vec::new();
        let mut entries: BTreeMap<String, Review> = BTreeMap::new();
        let mut first_place: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
        for entry in file.review {
            let entry = entry.into_inner();
            let id = entry.id.get_ref().clone();
            if !is_finding_id(&id) {
                diagnostics.push(
                    Diagnostic::error("ledger-bad-id", format!("`{id}` is not a finding id"))
                        .at(path, entry.id.span(), "here")
                        .help("finding ids are `f-` and 16 hex digits, as every report prints them"),
                );
            }
            let date = entry.date.get_ref();
            if date.parse::<jiff::civil::Date>().is_err() {
                diagnostics.push(
                    Diagnostic::error("ledger-bad-date", format!("`{date}` is not a date"))
                        .at(path, entry.date.span(), "here")
                        .help("dates are YYYY-MM-DD"),
                );
            }
            if entry.reason.get_ref().trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error("ledger-no-reason", "a review needs a reason")
                        .at(path, entry.reason.span(), "empty")
                        .help("say why, so the next editor can audit the verdict"),
                );
            }
            if let Some(first) = first_place.get(&id) {
                diagnostics.push(
                    Diagnostic::error("ledger-duplicate", format!("finding `{id}` is reviewed twice"))
                        .at(path, entry.id.span(), "again here")
                        .also(path, first.clone(), "first reviewed here"),
                );
                continue;
            }
            first_place.insert(id.clone(), entry.id.span());
            entries.insert(
                id.clone(),
                Review {
                    id,
                    status: *entry.status.get_ref(),
                    reason: entry.reason.into_inner(),
                    by: entry.by,
                    date: entry.date.into_inner(),
                },
            );
        }
        if diagnostics.is_empty() {
            Ok(Ledger {
                path: path.to_path_buf(),
                entries,
            })
        } else {
            Err(diagnostics)
        }
    }

    /// Adds or replaces the review of one finding.
    pub fn set(&mut self, review: Review) {
        self.entries.insert(review.id.clone(), review);
    }

    /// The file's text: a header, then one table per finding sorted by id, keys in a fixed
    /// order, so a change is a small diff.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# claimcheck review ledger: one [[review]] per finding id, sorted by id.\n\
             # Written by `claimcheck review ID --status ... --reason ...`; hand edits are checked on load.\n\
             # status: confirmed | false-alarm | explained | under-review\n",
        );
        for review in self.entries.values() {
            let _ = write!(
                out,
                "\n[[review]]\nid = {}\nstatus = {}\nreason = {}\n",
                toml_string(&review.id),
                toml_string(review.status.name()),
                toml_string(&review.reason)
            );
            if let Some(by) = &review.by {
                let _ = writeln!(out, "by = {}", toml_string(by));
            }
            let _ = writeln!(out, "date = {}", toml_string(&review.date));
        }
        out
    }
}

/// A TOML basic string, escaped by the toml crate so any reason round-trips.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Findings' reviews and the ledger entries that match no finding.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    pub reviews: BTreeMap<String, Review>,
    pub stale: Vec<Review>,
}

/// Splits the ledger into the reviews of findings present and the stale entries.
pub fn match_findings(ledger: &Ledger, finding_ids: &std::collections::BTreeSet<&str>) -> Matched {
    let mut matched = Matched::default();
    for (id, review) in &ledger.entries {
        if finding_ids.contains(id.as_str()) {
            matched.reviews.insert(id.clone(), review.clone());
        } else {
            matched.stale.push(review.clone());
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(id: &str, status: ReviewStatus, reason: &str) -> Review {
        Review {
            id: id.into(),
            status,
            reason: reason.into(),
            by: Some("ana".into()),
            date: "2026-11-22".into(),
        }
    }

    #[test]
    fn the_ledger_round_trips_sorted_whatever_the_reason_holds() {
        let mut ledger = Ledger::empty(Path::new("reviews.toml"));
        ledger.set(review(
            "f-00000000000000b2",
            ReviewStatus::Explained,
            "official \"vs\" actual\nstrength \\ 2,500",
        ));
        ledger.set(review("f-00000000000000a1", ReviewStatus::FalseAlarm, "misread"));
        let text = ledger.render();
        assert!(
            text.find("f-00000000000000a1").unwrap() < text.find("f-00000000000000b2").unwrap(),
            "{text}"
        );
        let again = Ledger::parse(Path::new("reviews.toml"), &text).unwrap();
        assert_eq!(again, ledger);
        assert_eq!(again.render(), text);
    }

    #[test]
    fn every_problem_of_a_bad_ledger_has_a_place() {
        let text = "[[review]]\nid = \"f-1\"\nstatus = \"explained\"\nreason = \"\"\ndate = \"22/11/2026\"\n";
        let errors = Ledger::parse(Path::new("reviews.toml"), text).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["ledger-bad-id", "ledger-bad-date", "ledger-no-reason"]);
        assert!(errors.iter().all(|d| d.primary.is_some()));
        let status = Ledger::parse(
            Path::new("r.toml"),
            "[[review]]\nid = \"f-0000000000000001\"\nstatus = \"fine\"\nreason = \"x\"\ndate = \"2026-01-01\"\n",
        )
        .unwrap_err();
        assert_eq!(status[0].code, "ledger-syntax");
        assert!(status[0].help.as_deref().unwrap().contains("false-alarm"));
    }

    #[test]
    fn a_finding_reviewed_twice_names_both_places() {
        let entry = "[[review]]\nid = \"f-0000000000000001\"\nstatus = \"confirmed\"\nreason = \"x\"\ndate = \"2026-01-01\"\n";
        let errors = Ledger::parse(Path::new("r.toml"), &format!("{entry}\n{entry}")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "ledger-duplicate");
        assert!(errors[0].secondary.is_some());
    }

    #[test]
    fn only_false_alarms_and_explained_findings_are_settled() {
        let settled: Vec<&str> = ReviewStatus::ALL.iter().filter(|s| s.settles()).map(|s| s.name()).collect();
        assert_eq!(settled, vec!["false-alarm", "explained"]);
    }
}
