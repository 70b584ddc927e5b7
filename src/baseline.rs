//! Baselines: what changed since an earlier `check --format json` report, for re-running a
//! story as articles keep arriving. A finding is new or unchanged by its stable id; an earlier
//! finding whose id no longer appears is gone.

use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A finding of the earlier report: enough to say what is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldFinding {
    pub id: String,
    pub detector: String,
    pub severity: String,
    pub why: String,
}

/// Where a finding stands against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Unchanged,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Unchanged => "unchanged",
        }
    }
}

/// The earlier report's findings, by id.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub path: String,
    pub findings: BTreeMap<String, OldFinding>,
}

/// The comparison: each current finding's change, and the earlier findings that are gone.
#[derive(Debug, Clone, Default)]
pub struct Compared {
    pub path: String,
    pub change: BTreeMap<String, Change>,
    pub gone: Vec<OldFinding>,
}

impl Baseline {
    /// Reads an earlier JSON report. Its schema must be this version's: ids of other schemas
    /// are computed differently and would all look new.
    pub fn load(path: &Path) -> Result<Baseline, Box<Diagnostic>> {
        let shown = crate::diag::display_path(path);
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(Diagnostic::error(
                "baseline-unreadable",
                format!("cannot read the baseline {shown}: {e}"),
            ))
        })?;
        Baseline::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Baseline, Box<Diagnostic>> {
        let report: crate::report::json::BaselineReport = serde_json::from_str(text).map_err(|e| {
            let offset = offset_of(text, e.line(), e.column());
            Box::new(
                Diagnostic::error("baseline-syntax", format!("not a claimcheck JSON report: {e}"))
                    .at(path, offset..offset, "here")
                    .help("a baseline is the output of `claimcheck check --format json`"),
            )
        })?;
        if report.schema != crate::report::SCHEMA_VERSION {
            return Err(Box::new(
                Diagnostic::error(
                    "baseline-schema",
                    format!(
                        "the baseline {} is a schema {} report; this claimcheck writes schema {} and its ids differ",
                        crate::diag::display_path(path),
                        report.schema,
                        crate::report::SCHEMA_VERSION
                    ),
                )
                .help("write a new baseline with `claimcheck check --format json --fail-on never -o baseline.json`"),
            ));
        }
        Ok(Baseline {
            path: crate::diag::display_path(path),
            findings: report
                .findings
                .into_iter()
                .map(|f| {
                    let f = OldFinding::from(f);
                    (f.id.clone(), f)
                })
                .collect(),
        })
    }

    /// Compares the current findings' ids with the baseline's.
    pub fn compare(&self, current: &BTreeSet<&str>) -> Compared {
        Compared {
            path: self.path.clone(),
            change: current
                .iter()
                .map(|&id| {
                    let change = if self.findings.contains_key(id) {
                        Change::Unchanged
                    } else {
                        Change::New
                    };
                    (id.to_string(), change)
                })
                .collect(),
            gone: self
                .findings
                .values()
                .filter(|f| !current.contains(f.id.as_str()))
                .cloned()
                .collect(),
        }
    }
}

/// The byte offset of a 1-based line and column (serde_json's), for a diagnostic's caret.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_new_unchanged_or_gone_by_id() {
        let text = format!(
            r#"{{"schema": {}, "findings": [
                {{"id": "f-a", "detector": "level-mismatch", "severity": "conflict", "why": "old"}},
                {{"id": "f-b", "detector": "corroboration", "severity": "corroboration", "why": "kept"}}]}}"#,
            crate::report::SCHEMA_VERSION
        );
        let baseline = Baseline::parse(Path::new("old.json"), &text).unwrap();
        let current: BTreeSet<&str> = ["f-b", "f-c"].into_iter().collect();
        let compared = baseline.compare(&current);
        assert_eq!(compared.change["f-b"], Change::Unchanged);
        assert_eq!(compared.change["f-c"], Change::New);
        assert_eq!(compared.gone.len(), 1);
        assert_eq!(compared.gone[0].id, "f-a");
    }

    #[test]
    fn a_bad_baseline_says_where_and_an_old_schema_says_why() {
        let err = Baseline::parse(Path::new("old.json"), "{\n  \"schema\": 3,\n  oops\n}").unwrap_err();
        assert_eq!(err.code, "baseline-syntax");
        assert_eq!(err.primary.unwrap().span.start, "{\n  \"schema\": 3,\n  ".len());
        let err = Baseline::parse(Path::new("old.json"), r#"{"schema": 2, "findings": []}"#).unwrap_err();
        assert_eq!(err.code, "baseline-schema");
    }
}
