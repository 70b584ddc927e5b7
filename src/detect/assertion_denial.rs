//! assertion-denial: one source asserts what another (or the same) reports was denied.
//!
//! An editor cares because a story built on the assertion must mention the denial, and say who
//! denied it. A denial is tied to the reported claim it answers ("a report alleged X. That
//! report was denied by Y"), then matched against assertions of the same thing by the same
//! party, made at about the same time anywhere in the corpus.
//! Example: "US troops must leave Iraq by the end of the year" vs "a report that the U.S. was
//! preparing to withdraw ... was quickly denied by the U.S."

use super::{Config, Detector, Finding, Severity};
use crate::claim::{Claim, ClaimKind, Modality};
use crate::graph::{family, BucketKey, ClaimGraph};

pub struct AssertionDenial;

/// How far before a denial, in bytes of the same article, the report it answers may be.
const REPORT_REACH: usize = 600;

impl Detector for AssertionDenial {
    fn id(&self) -> &'static str {
        "assertion-denial"
    }

    fn summary(&self) -> &'static str {
        "A claim asserted or expected in one source while a source reports a report of it was denied, at about the same time; names who denied it."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        // Assertions bucketed once by family, subject and place, so each report is matched
        // against its own bucket only.
        let buckets = graph.buckets(|c| matches!(c.modality, Modality::Asserted | Modality::Expected));
        // One representative per distinct fact and date, computed once per bucket.
        let mut representatives: std::collections::BTreeMap<&BucketKey, Vec<usize>> = std::collections::BTreeMap::new();
        let mut pairs_seen = std::collections::BTreeSet::new();
        for (d, denial) in graph.claims.iter().enumerate() {
            if denial.kind != ClaimKind::Denial {
                continue;
            }
            // The reported claims this denial answers: earlier in the same article (claims are
            // in article order), and close before it.
            let reported = graph.claims[..d]
                .iter()
                .enumerate()
                .rev()
                .take_while(|(i, c)| {
                    graph.article_of[*i] == graph.article_of[d]
                        && denial.provenance.start.saturating_sub(c.provenance.start) <= REPORT_REACH
                })
                .filter(|(_, c)| c.modality == Modality::Reported);
            for (_, report) in reported {
                // Copies of one denied report say one thing: match it once.
                let speaker = denial.speaker.as_ref().map_or(String::new(), |s| s.key());
                if !pairs_seen.insert((super::fact_signature(denial), speaker, super::fact_signature(report))) {
                    continue;
                }
                let key = BucketKey {
                    family: family(report.kind),
                    subject: report.subject_key(),
                    place: report.place_key(),
                };
                let Some((key, members)) = buckets.get_key_value(&key) else {
                    continue;
                };
                let members = representatives.entry(key).or_insert_with(|| super::representatives(graph, members));
                // One assertion per article: its first, so a headline and its lead count once.
                let mut articles_seen = std::collections::BTreeSet::new();
                for &a in members.iter() {
                    let assertion = &graph.claims[a];
                    if !super::same_time_said(assertion, denial, config)
                        // A denied plan is about now or later: a withdrawal dated years before the
                        // denial is history, not what was denied.
                        || assertion
                            .time
                            .as_ref()
                            .zip(denial.said_at.as_ref())
                            .is_some_and(|(t, said)| !t.overlaps_within(said, config.tolerance_days) && t.end < said.start)
                        || !articles_seen.insert(graph.article_of[a])
                    {
                        continue;
                    }
                    out.push(finding(self.id(), assertion, report, denial));
                }
            }
        }
    }
}

fn finding(id: &'static str, assertion: &Claim, report: &Claim, denial: &Claim) -> Finding {
    let who = denial.speaker.as_ref().map_or("someone unnamed".to_string(), |s| s.to_string());
    let why = format!(
        "{} ({}) asserts {}, while {} reports that {} denied a report of it",
        assertion.provenance.article,
        assertion.modality.name(),
        assertion.summary(),
        denial.provenance.article,
        who
    );
    Finding::new(
        id,
        Severity::Conflict,
        vec![(assertion, "assertion"), (report, "report"), (denial, "denial")],
        why,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    const DENIED: &str = "A report alleged that the U.S. was preparing to withdraw from Iraq. That report was quickly denied by the U.S.";

    #[test]
    fn an_assertion_against_a_denied_report_is_flagged() {
        let found = detect(
            &AssertionDenial,
            &[
                ("a", "2021-07-23", "US combat troops must leave Iraq by the end of the year."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].sides.iter().map(|s| s.role.as_str()).collect::<Vec<_>>(),
            vec!["assertion", "report", "denial"]
        );
        assert!(found[0].why.contains("us denied"), "{}", found[0].why);
    }

    #[test]
    fn a_denial_of_something_else_or_much_later_is_not() {
        let other = detect(
            &AssertionDenial,
            &[
                ("a", "2021-07-23", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        assert_eq!(other, vec![]);
        let later = detect(
            &AssertionDenial,
            &[
                ("a", "2024-01-25", "US combat troops must leave Iraq by the end of the year."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        assert_eq!(later, vec![]);
    }
}
