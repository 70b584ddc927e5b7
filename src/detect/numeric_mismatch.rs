//! numeric-mismatch: two figures for the same thing at the same time that cannot both hold.
//!
//! An editor cares because one of the sources has the number wrong. Hedges count: "roughly
//! 2,500" and "2,600" agree, "more than 150" and "200" agree.
//! Example: "2,500 U.S. troops are in Iraq" vs "4,000 U.S. troops are in Iraq", same month.

use super::{pairs, same_time, show_time, Config, Detector, Finding, Severity};
use crate::claim::Value;
use crate::graph::ClaimGraph;

pub struct NumericMismatch;

impl Detector for NumericMismatch {
    fn id(&self) -> &'static str {
        "numeric-mismatch"
    }

    fn summary(&self) -> &'static str {
        "Two figures for the same subject, place and time whose intervals (after hedges: about = ±10%, more than = lower bound) cannot both hold."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        let buckets = graph.buckets(|c| {
            c.kind.value_is_quantity() && c.kind != crate::claim::ClaimKind::Timeline && c.modality == crate::claim::Modality::Asserted
        });
        for members in buckets.values() {
            let members = super::representatives(graph, members);
            for (a, b) in pairs(&members) {
                let (ca, cb) = (&graph.claims[a], &graph.claims[b]);
                let (Some(Value::Quantity(qa)), Some(Value::Quantity(qb))) = (&ca.value, &cb.value) else {
                    continue;
                };
                if ca.topic != cb.topic || qa.unit != qb.unit || qa.overlaps(qb) || !same_time(ca, cb, config) {
                    continue;
                }
                let why = format!(
                    "{qa} vs {qb}: the intervals do not overlap; both hold at {} and {}",
                    show_time(ca.holds_at()),
                    show_time(cb.holds_at())
                );
                out.push(Finding::new(
                    self.id(),
                    Severity::Conflict,
                    vec![(ca, "figure"), (cb, "figure")],
                    why,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    #[test]
    fn different_figures_at_the_same_time_conflict() {
        let found = detect(
            &NumericMismatch,
            &[
                ("a", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2024-02-01", "There are 4,000 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.starts_with("2500 vs 4000"), "{}", found[0].why);
    }

    #[test]
    fn hedged_figures_and_other_subjects_do_not() {
        let found = detect(
            &NumericMismatch,
            &[
                (
                    "a",
                    "2021-07-23",
                    "Some 3,500 foreign troops are in Iraqi territory, including 2,500 Americans.",
                ),
                ("b", "2021-07-22", "There are now roughly 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(found, vec![]);
    }

    #[test]
    fn figures_years_apart_are_not_compared() {
        let found = detect(
            &NumericMismatch,
            &[
                ("a", "2019-01-01", "There are 5,200 U.S. troops in Iraq."),
                ("b", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(found, vec![]);
    }
}
