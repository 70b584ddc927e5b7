//! changed-over-time: the same thing with different values at clearly different times.
//!
//! Reported as a change, never a conflict: an office holder in 2021 and another in 2024 are both
//! right. Also a deadline that passed while later reports still count troops in the place.
//! Example: "Iraqi Prime Minister Mustafa al-Kadhimi" (2021) vs "Prime Minister Mohammed Shia
//! al-Sudani" (2024).

use super::{pairs, same_time, show_time, Config, Detector, Finding, Severity};
use crate::claim::{ClaimKind, Modality, Value};
use crate::graph::ClaimGraph;

pub struct ChangedOverTime;

impl Detector for ChangedOverTime {
    fn id(&self) -> &'static str {
        "changed-over-time"
    }

    fn summary(&self) -> &'static str {
        "The same thing with different values at clearly different times (an office holder, a troop count), or a deadline to leave that passed while later sources still count troops: a change, not a conflict."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        let buckets =
            graph.buckets(|c| matches!(c.kind, ClaimKind::OfficeHolder | ClaimKind::TroopCount) && c.modality == Modality::Asserted);
        for members in buckets.values() {
            let members = super::representatives(graph, members);
            for (a, b) in pairs(&members) {
                let (ca, cb) = (&graph.claims[a], &graph.claims[b]);
                if ca.topic != cb.topic || same_time(ca, cb, config) {
                    continue;
                }
                let differs = match (&ca.value, &cb.value) {
                    (Some(Value::Quantity(x)), Some(Value::Quantity(y))) => !x.overlaps(y),
                    (Some(Value::Entity(x)), Some(Value::Entity(y))) => x.key() != y.key(),
                    (x, y) => x != y,
                };
                if differs {
                    let (earlier, later) = if ca.holds_at() <= cb.holds_at() { (ca, cb) } else { (cb, ca) };
                    let show = |c: &crate::claim::Claim| c.value.as_ref().map_or("?".to_string(), |v| v.to_string());
                    let why = format!(
                        "{} was {} at {} and {} at {}",
                        earlier.kind,
                        show(earlier),
                        show_time(earlier.holds_at()),
                        show(later),
                        show_time(later.holds_at())
                    );
                    out.push(Finding::new(
                        self.id(),
                        Severity::Change,
                        vec![(earlier, "earlier"), (later, "later")],
                        why,
                    ));
                }
            }
        }
        // A deadline to leave that passed while a later source still counts troops there.
        let counts = graph.buckets(|c| c.kind == ClaimKind::TroopCount && c.modality == Modality::Asserted);
        let deadlines = graph.buckets(|c| c.kind == ClaimKind::Deadline);
        for (key, members) in &deadlines {
            let count_key = crate::graph::BucketKey {
                family: ClaimKind::TroopCount,
                ..key.clone()
            };
            let Some(count_members) = counts.get(&count_key) else { continue };
            // Dated counts, in the order a deadline picks from: earliest, a figure before a vague
            // magnitude, then by id. Sorted once, searched per deadline.
            let is_vague = |c: &crate::claim::Claim| matches!(&c.value, Some(Value::Quantity(q)) if q.qualifier == crate::normalize::quantity::Qualifier::Vague);
            let mut dated: Vec<(jiff::civil::Date, bool, &str, usize)> = count_members
                .iter()
                .filter_map(|&c| {
                    let claim = &graph.claims[c];
                    claim.said_at.as_ref().map(|t| (t.start, is_vague(claim), claim.id.as_str(), c))
                })
                .collect();
            dated.sort();
            let mut articles_seen = std::collections::BTreeSet::new();
            for &d in members {
                if !articles_seen.insert(graph.article_of[d]) {
                    continue;
                }
                let deadline = &graph.claims[d];
                let Some(by) = &deadline.time else { continue };
                // One finding per deadline: against the earliest count after it.
                let first_after = dated.partition_point(|(said, ..)| *said <= by.end);
                let after = dated.get(first_after).map(|&(.., c)| &graph.claims[c]);
                if let Some(count) = after {
                    let why = format!(
                        "a deadline of {by} to leave had passed when {} reported {} still there ({})",
                        count.provenance.article,
                        count.value.as_ref().map_or("troops".to_string(), |v| v.to_string()),
                        show_time(count.said_at.as_ref())
                    );
                    out.push(Finding::new(
                        self.id(),
                        Severity::Change,
                        vec![(deadline, "deadline"), (count, "later count")],
                        why,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    #[test]
    fn a_new_office_holder_years_later_is_a_change() {
        let found = detect(
            &ChangedOverTime,
            &[
                ("a", "2021-07-23", "Iraqi Prime Minister Mustafa al-Kadhimi spoke."),
                ("b", "2024-01-25", "Iraqi Prime Minister Mohammed Shia al-Sudani spoke."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Change);
    }

    #[test]
    fn the_same_holder_or_the_same_week_is_not() {
        let same = detect(
            &ChangedOverTime,
            &[
                ("a", "2021-07-23", "Iraqi Prime Minister Mustafa al-Kadhimi spoke."),
                ("b", "2024-01-25", "Iraqi Prime Minister Mustafa al-Kadhimi spoke."),
            ],
        );
        assert_eq!(same, vec![]);
    }

    #[test]
    fn a_passed_deadline_with_troops_still_there_is_a_change() {
        let found = detect(
            &ChangedOverTime,
            &[
                ("a", "2021-07-23", "US combat troops must leave Iraq by the end of the year."),
                ("b", "2024-01-25", "An estimated 2,500 U.S. troops are in Iraq."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("2021-12-31"), "{}", found[0].why);
    }
}
