//! timeline-mismatch: dated events and deadlines that cannot both hold.
//!
//! An editor cares because one source has the history or the schedule wrong. Three shapes:
//! a continuous presence since X against a withdrawal between X and the article's date; the
//! same withdrawal or return put in years close but different (a misdated event; events years
//! apart are taken to be different events); a deadline earlier than the shortest timeline the
//! same party proposed at the same time.
//! Example: "The U.S. has had a continuous presence in Iraq since 2003" vs "The U.S. withdrew
//! from Iraq in 2011".

use super::{pairs, Config, Detector, Finding, Severity};
use crate::claim::{Claim, ClaimKind, Modality, Value};
use crate::graph::ClaimGraph;

pub struct TimelineMismatch;

/// Events dated this many years apart or more are taken to be different events, not one misdated.
const SAME_EVENT_MAX_YEARS: i16 = 2;

fn is_fact(c: &Claim) -> bool {
    c.modality == Modality::Asserted
}

impl Detector for TimelineMismatch {
    fn id(&self) -> &'static str {
        "timeline-mismatch"
    }

    fn summary(&self) -> &'static str {
        "Dated events that cannot both hold: a continuous presence since X against a withdrawal between X and the article's date, one event put in two close years, or a deadline earlier than the shortest timeline the same party proposed."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        // Presence, withdrawal and timelines are compared across kinds, by the party (a
        // timeline proposed by "U.S. officials" is the party us's) and the place.
        let mut by_party: std::collections::BTreeMap<String, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            if matches!(
                c.kind,
                ClaimKind::Presence | ClaimKind::Withdrawal | ClaimKind::Return | ClaimKind::Deadline | ClaimKind::Timeline
            ) {
                let party = c
                    .subject
                    .as_ref()
                    .and_then(|s| s.party().map(str::to_string))
                    .unwrap_or_else(|| c.subject_key());
                by_party.entry(party).or_default().push(i);
            }
        }
        for members in by_party.values() {
            let members = super::representatives(graph, members);
            for (a, b) in pairs(&members) {
                let (ca, cb) = (&graph.claims[a], &graph.claims[b]);
                let same_place = ca.place_key() == cb.place_key();
                // A timeline often names no place; it still bears on a deadline of its party.
                if !same_place && ca.place.is_some() && cb.place.is_some() {
                    continue;
                }
                for (x, y) in [(ca, cb), (cb, ca)] {
                    out.extend(deadline_vs_timeline(self.id(), x, y, config));
                    if same_place {
                        out.extend(presence_vs_withdrawal(self.id(), x, y));
                    }
                }
                if same_place {
                    out.extend(misdated_event(self.id(), ca, cb));
                }
            }
        }
    }
}

fn presence_vs_withdrawal(id: &'static str, presence: &Claim, withdrawal: &Claim) -> Option<Finding> {
    if presence.kind != ClaimKind::Presence || withdrawal.kind != ClaimKind::Withdrawal || !is_fact(presence) || !is_fact(withdrawal) {
        return None;
    }
    let since = presence.time.as_ref()?;
    let until = presence.said_at.as_ref()?;
    let left = withdrawal.time.as_ref()?;
    (left.start > since.end && left.end < until.start).then(|| {
        let why = format!(
            "a presence since {since} (said {until}) leaves no gap for a withdrawal in {left}{}",
            withdrawal.scope.as_deref().map_or(String::new(), |s| format!(" (of {s})"))
        );
        Finding::new(
            id,
            Severity::Conflict,
            vec![(presence, "presence"), (withdrawal, "withdrawal")],
            why,
        )
    })
}

fn misdated_event(id: &'static str, a: &Claim, b: &Claim) -> Option<Finding> {
    if a.kind != b.kind || !matches!(a.kind, ClaimKind::Withdrawal | ClaimKind::Return) || !is_fact(a) || !is_fact(b) || a.scope != b.scope
    {
        return None;
    }
    let (ta, tb) = (a.time.as_ref()?, b.time.as_ref()?);
    let years_apart = (ta.start.year() - tb.start.year()).abs();
    (!ta.overlaps_within(tb, 0) && years_apart < SAME_EVENT_MAX_YEARS).then(|| {
        Finding::new(
            id,
            Severity::Conflict,
            vec![(a, "event"), (b, "event")],
            format!("the same {} is dated {ta} and {tb}", a.kind),
        )
    })
}

fn deadline_vs_timeline(id: &'static str, deadline: &Claim, timeline: &Claim, config: &Config) -> Option<Finding> {
    if deadline.kind != ClaimKind::Deadline || timeline.kind != ClaimKind::Timeline || !super::same_time_said(deadline, timeline, config) {
        return None;
    }
    let Some(Value::Quantity(q)) = &timeline.value else { return None };
    let by = deadline.time.as_ref()?;
    let said = timeline.said_at.as_ref()?;
    // Checked: a "30,000-year timeline" is beyond the calendar, not a panic.
    let shortest = match q.unit.as_deref() {
        Some(unit @ ("year" | "month")) => crate::normalize::time::shift(said.start, q.low, unit)?,
        _ => return None,
    };
    (by.end < shortest).then(|| {
        Finding::new(
            id,
            Severity::Conflict,
            vec![(deadline, "deadline"), (timeline, "timeline")],
            format!("a deadline of {by} is earlier than the shortest proposed timeline ({q} from {said}, so not before {shortest})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    #[test]
    fn presence_since_before_a_withdrawal_conflicts() {
        let found = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
                (
                    "b",
                    "2024-01-25",
                    "The U.S. has had a continuous presence in Iraq since its 2003 invasion.",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("since 2003"), "{}", found[0].why);
    }

    #[test]
    fn presence_since_after_the_withdrawal_does_not() {
        let found = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
                ("b", "2021-07-23", "The U.S. has had a presence in Iraq since 2014."),
            ],
        );
        assert_eq!(found, vec![]);
    }

    #[test]
    fn one_withdrawal_in_two_close_years_conflicts_but_distant_ones_are_separate_events() {
        let close = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
                ("b", "2021-07-22", "The U.S. withdrew from Iraq in 2012."),
            ],
        );
        assert_eq!(close.len(), 1, "{close:?}");
        let distant = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 1991."),
                ("b", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
            ],
        );
        assert_eq!(distant, vec![]);
    }

    #[test]
    fn deadline_before_the_shortest_timeline_conflicts() {
        let found = detect(
            &TimelineMismatch,
            &[
                ("a", "2024-01-25", "U.S. troops must leave Iraq by the end of the year."),
                (
                    "b",
                    "2024-01-26",
                    "U.S. officials proposed a two- to five-year timeline for the withdrawal from Iraq.",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("2024-12-31"), "{}", found[0].why);
    }
}
