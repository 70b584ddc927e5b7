//! deadline-passed: a deadline that passed while a later source still reports what it ended.
//!
//! A change, not a conflict: the schedule slipped, or the deadline was not met, and an editor
//! wants to say so. A kind opts in with `passed-while`: the kinds whose current claims, said
//! after the deadline, show it was not met (a troop count in the place a force had to leave).
//! Example: "U.S. troops must leave Iraq by the end of 2021" vs, in 2024, "2,500 U.S. troops
//! are in Iraq".

use super::{show_time, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Status, TimeOrigin, Value};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;
use crate::normalize::quantity::APPROX_TOLERANCE;
use std::collections::BTreeMap;

pub struct DeadlinePassed;

/// Current claims by kind, subject, place and scope, each with the date it was said. A deadline
/// speaks only of its own scope: troops still there after a deadline for a cut ("the drawdowns
/// are to be completed by Jan. 15") are not troops that should have left.
type Later<'a> = BTreeMap<(&'a str, String, String, &'a str), Vec<(jiff::civil::Date, usize)>>;

/// Kind, subject, place and scope: what a deadline and the claims that show it passed share.
fn key(c: &Claim) -> (&str, String, String, &str) {
    (
        c.kind.name(),
        c.subject_key(),
        c.place_key(),
        c.scope.as_deref().unwrap_or_default(),
    )
}

/// Deadlines by the same key: when each was said and the day it falls.
type Set<'a> = BTreeMap<(&'a str, String, String, &'a str), Vec<(jiff::civil::Date, jiff::civil::Date)>>;

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
                    later.entry(key(c)).or_default().push((said.start, i));
                }
            }
        }
        for list in later.values_mut() {
            list.sort();
        }
        // Deadlines by kind, subject, place and scope: when each was said and when it falls. A
        // deadline moved before it fell did not pass ("by May 1" when Sept. 11 was set in April).
        let mut set: Set = BTreeMap::new();
        for c in graph.claims.iter() {
            let (true, true, Some(said), Some(by)) = (
                c.kind.has(Behaviour::Deadline),
                c.status.is_own_claim() && c.status != Status::Past,
                c.said_at.as_ref(),
                c.time.as_ref().filter(|_| c.time_origin == TimeOrigin::Text),
            ) else {
                continue;
            };
            set.entry(key(c)).or_default().push((said.start, by.end));
        }
        let planned = super::PlannedLevels::new(graph);
        let mut articles_seen = std::collections::BTreeSet::new();
        for (d, deadline) in graph.claims.iter().enumerate() {
            if !deadline.kind.has(Behaviour::Deadline) || deadline.kind.passed_while.is_empty() || !deadline.status.is_own_claim() {
                continue;
            }
            let Some(by) = deadline.time.as_ref().filter(|_| deadline.time_origin == TimeOrigin::Text) else {
                continue;
            };
            // "Was supposed to be completed by May 1": the source itself says it was replaced.
            if deadline.status == Status::Past {
                continue;
            }
            let moved = set
                .get(&key(deadline))
                .is_some_and(|all| all.iter().any(|&(said, end)| said <= by.end && end > by.end));
            if moved {
                continue;
            }
            if !articles_seen.insert((graph.article_of[d], deadline.subject_key(), deadline.place_key())) {
                continue;
            }
            // Against the earliest such claim after the deadline, over every listed kind.
            let first_after = deadline
                .kind
                .passed_while
                .iter()
                .filter_map(|kind| {
                    let scope = deadline.scope.as_deref().unwrap_or_default();
                    later.get(&(kind.as_str(), deadline.subject_key(), deadline.place_key(), scope))
                })
                .filter_map(|list| list.get(list.partition_point(|(said, _)| *said <= by.end)))
                .min()
                .filter(|(said, _)| (*said - by.end).get_days() <= i32::try_from(deadline.kind.passed_within_days).unwrap_or(i32::MAX));
            if let Some(&(_, c)) = first_after {
                let claim = &graph.claims[c];
                // Only a figure can meet a level; a later claim of another value type still
                // says the deadline passed.
                let level_met = match &claim.value {
                    Some(Value::Quantity(seen)) => planned
                        .due(&deadline.kind.passed_while, deadline, by)
                        .is_some_and(|level| seen.low <= level * (1.0 + APPROX_TOLERANCE)),
                    _ => false,
                };
                if level_met {
                    continue;
                }
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
    fn a_deadline_moved_before_it_fell_or_told_as_replaced_did_not_pass() {
        // Moved in April to September: troops there in June missed nothing.
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                ("a", "2021-02-13", "U.S. troops must leave Afghanistan by May 1."),
                ("b", "2021-04-14", "U.S. troops must leave Afghanistan by Sept. 11."),
                ("c", "2021-06-24", "There are 3,500 U.S. troops in Afghanistan."),
            ],
        );
        assert_eq!(claims.len(), 3, "{claims:?}");
        assert_eq!(found, vec![]);
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                (
                    "a",
                    "2021-05-01",
                    "The withdrawal of U.S. troops from Afghanistan was supposed to be completed by May 1.",
                ),
                ("c", "2021-06-24", "There are 3,500 U.S. troops in Afghanistan."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_deadline_for_a_drawdown_is_met_by_the_level_it_set() {
        let drawdown_then = |later: &str| {
            detect_with_claims(
                &DeadlinePassed,
                &[
                    (
                        "a",
                        "2020-11-17",
                        "U.S. troops must leave Afghanistan by Jan. 15. By January 15, our forces in Afghanistan will be 2,500 troops.",
                    ),
                    ("b", "2021-02-10", later),
                ],
            )
        };
        let (claims, found) = drawdown_then("There are 2,500 U.S. troops in Afghanistan.");
        assert_eq!(claims.len(), 3, "{claims:?}");
        assert_eq!(found, vec![]);
        // Tempting the other way: more troops than the level set is still a missed deadline.
        let (_, found) = drawdown_then("There are 4,500 U.S. troops in Afghanistan.");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_deadline_for_a_cut_is_not_missed_by_troops_still_there() {
        let (claims, found) = detect_with_claims(
            &DeadlinePassed,
            &[
                ("a", "2020-11-17", "Trump ordered the drawdowns to be completed by Jan. 15."),
                ("b", "2021-02-10", "There are 2,500 U.S. troops in Afghanistan."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
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
