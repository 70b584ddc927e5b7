//! deadline-passed: a deadline that passed while a later source still reports what it ended.
//!
//! A change, not a conflict: the schedule slipped, or the deadline was not met, and an editor
//! wants to say so. A kind opts in with `passed-while`: the kinds whose current claims, said
//! after the deadline, show it was not met (a troop count in the place a force had to leave).
//! Example: "U.S. troops must leave Iraq by the end of 2021" vs, in 2024, "2,500 U.S. troops
//! are in Iraq".

use super::{show_time, Config, Detector, Finding, Severity};
use crate::claim::{Status, TimeOrigin};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;
use std::collections::BTreeMap;

pub struct DeadlinePassed;

/// Current claims by kind, subject and place, each with the date it was said.
type Later<'a> = BTreeMap<(&'a str, String, String), Vec<(jiff::civil::Date, usize)>>;

impl Detector for DeadlinePassed {
    fn id(&self) -> &'static str {
        "deadline-passed"
    }

    fn summary(&self) -> &'static str {
        "A `deadline` kind with `passed-while`: the deadline passed and a later source still reports a current claim of one of those kinds for the same subject and place; a change, not a conflict."
    }

    fn detect(&self, graph: &ClaimGraph, _config: &Config, out: &mut Vec<Finding>) {
        // Current claims said on a known date, by kind, subject and place, sorted by date.
        let mut later: Later = BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            if c.status == Status::Current && c.time_origin == TimeOrigin::Article {
                if let Some(said) = &c.said_at {
                    later
                        .entry((c.kind.name(), c.subject_key(), c.place_key()))
                        .or_default()
                        .push((said.start, i));
                }
            }
        }
        for list in later.values_mut() {
            list.sort();
        }
        let mut articles_seen = std::collections::BTreeSet::new();
        for (d, deadline) in graph.claims.iter().enumerate() {
            if !deadline.kind.has(Behaviour::Deadline) || deadline.kind.passed_while.is_empty() || !deadline.status.is_own_claim() {
                continue;
            }
            let Some(by) = deadline.time.as_ref().filter(|_| deadline.time_origin == TimeOrigin::Text) else {
                continue;
            };
            if !articles_seen.insert((graph.article_of[d], deadline.subject_key(), deadline.place_key())) {
                continue;
            }
            // Against the earliest such claim after the deadline, over every listed kind.
            let first_after = deadline
                .kind
                .passed_while
                .iter()
                .filter_map(|kind| later.get(&(kind.as_str(), deadline.subject_key(), deadline.place_key())))
                .filter_map(|list| list.get(list.partition_point(|(said, _)| *said <= by.end)))
                .min()
                .filter(|(said, _)| (*said - by.end).get_days() <= i32::try_from(deadline.kind.passed_within_days).unwrap_or(i32::MAX));
            if let Some(&(_, c)) = first_after {
                let claim = &graph.claims[c];
                let why = format!(
                    "a {} of {by} had passed when {} reported {} {} ({})",
                    deadline.kind,
                    graph.article(c).id,
                    claim.kind,
                    super::show_value(claim),
                    show_time(claim.said_at.as_ref())
                );
                out.push(Finding::new(
                    self.id(),
                    Severity::Change,
                    vec![(deadline, "deadline"), (claim, "later claim")],
                    why,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect_with_claims;

    #[test]
    fn a_passed_deadline_with_troops_still_there_is_a_change() {
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                ("a", "2021-07-23", "U.S. troops must leave Iraq by the end of the year."),
                ("b", "2022-01-25", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Change);
    }

    #[test]
    fn a_count_long_after_the_deadline_says_nothing_of_it() {
        // Two years on, troops in Iraq are as likely back as never gone (`passed-within-days`).
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                ("a", "2021-07-23", "U.S. troops must leave Iraq by the end of the year."),
                ("b", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_count_before_the_deadline_is_not() {
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                ("a", "2021-07-23", "U.S. troops must leave Iraq by the end of the year."),
                ("b", "2021-08-01", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }
}
