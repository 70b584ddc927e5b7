//! timeline-mismatch: dated events, states and deadlines that cannot all hold.
//!
//! An editor cares because one source has the history or the schedule wrong. Four shapes, each
//! a behaviour a kind may list: `event` (the same event put at two close times; events
//! `same-event-years` apart or more are taken to be different events), `since` (a state since X
//! against an `interrupted-by` event between X and when it was said), `deadline` (two deadlines
//! said at once conflict; a moved deadline is a change), `duration` (a `bounds` deadline sooner
//! than the shortest duration the same party proposed at the same time).
//! Example: "The U.S. has had a continuous presence in Iraq since 2003" vs "The U.S. withdrew
//! from Iraq in 2011".

use super::{one_per_article, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Status, TimeOrigin, Value};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;
use crate::normalize::time::TimeSpan;
use jiff::ToSpan;
use std::collections::BTreeMap;

pub struct TimelineMismatch;

/// A claim's time from its own words or sentence, never the article's date.
fn stated(c: &Claim) -> Option<&TimeSpan> {
    matches!(c.time_origin, TimeOrigin::Text | TimeOrigin::Sentence)
        .then_some(c.time.as_ref())
        .flatten()
}

/// A dated claim the source makes itself.
fn dated(c: &Claim) -> Option<&TimeSpan> {
    stated(c).filter(|_| c.status.is_own_claim())
}

/// A dated deadline a source tells, its own or a report it relays ("the withdrawal is now
/// expected to be completed by April 30, according to a report"). A relayed deadline can show
/// a deadline moved; it never conflicts with one said at the same time.
fn told(c: &Claim) -> Option<&TimeSpan> {
    stated(c).filter(|_| c.status.is_own_claim() || c.status == Status::Reported)
}

/// Who a timeline is about: the party ("U.S. officials" are the party us's), else the subject.
fn party(c: &Claim) -> String {
    c.party().map_or_else(|| c.subject_key(), str::to_string)
}

/// Events, states and deadlines are compared by kind, party, place and scope.
type Key = (String, String, String, String);

/// An event's topic, where it differs from its scope, is part of what it is: a withdrawal's
/// start ("began in April") and its end ("concluded on June 12") are two events.
fn key(c: &Claim) -> Key {
    let scope = c.scope.as_deref().unwrap_or_default();
    let what = match c.topic.as_deref() {
        Some(topic) if topic != scope && c.kind.has(Behaviour::Event) => format!("{scope}:{topic}"),
        _ => scope.to_string(),
    };
    (c.kind.name().to_string(), party(c), c.place_key(), what)
}

impl Detector for TimelineMismatch {
    fn id(&self) -> &'static str {
        "timeline-mismatch"
    }

    fn summary(&self) -> &'static str {
        "Kinds that compare as `event`, `since`, `deadline` or `duration`: one event put at two close times, a state since X broken by an event after X, two deadlines said at once, a moved deadline (a change), or a deadline sooner than the shortest proposed duration."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            let timed = [Behaviour::Event, Behaviour::Since, Behaviour::Deadline, Behaviour::Duration];
            if timed.iter().any(|b| c.kind.has(*b)) {
                by_key.entry(key(c)).or_default().push(i);
            }
        }
        let planned = super::PlannedLevels::new(graph);
        for (k, all) in &by_key {
            let members = super::representatives(graph, all);
            let first = &graph.claims[members[0]];
            // Scope carries the topic for events ("coup", "announcement").
            let recurring = first.kind.recurring_topics.contains(&k.3);
            if first.kind.has(Behaviour::Event) && !recurring {
                out.extend(misdated_event(self.id(), graph, &members));
            }
            if first.kind.has(Behaviour::Deadline) {
                out.extend(deadlines(self.id(), graph, config, &planned, &Copies::new(graph, all), &members));
            }
            let related = |kinds: &[String]| {
                kinds
                    .iter()
                    .filter_map(|name| by_key.get(&(name.clone(), k.1.clone(), k.2.clone(), k.3.clone())))
                    .flatten()
                    .copied()
                    .collect::<Vec<usize>>()
            };
            // A key holds one kind, so the deadlines its durations bound are found once per key,
            // one per distinct fact, earliest first.
            let bounded = if first.kind.has(Behaviour::Duration) {
                // A duration often names no place; it still bears on a deadline of its party.
                let mut bounded = related(&first.kind.bounds);
                if k.2.is_empty() {
                    bounded.extend(
                        by_key
                            .iter()
                            .filter(|(o, _)| first.kind.bounds.contains(&o.0) && o.1 == k.1)
                            .flat_map(|(_, v)| v.iter().copied()),
                    );
                }
                bounded.sort_unstable();
                bounded.dedup();
                let mut bounded = super::representatives(graph, &bounded);
                bounded.retain(|&d| dated(&graph.claims[d]).is_some());
                bounded.sort_by_key(|&d| (dated(&graph.claims[d]).map(|t| t.start), d));
                bounded
            } else {
                Vec::new()
            };
            for &m in &members {
                let c = &graph.claims[m];
                if c.kind.has(Behaviour::Since) {
                    for w in one_per_article(graph, related(&c.kind.interrupted_by)) {
                        out.extend(since_vs_event(self.id(), c, &graph.claims[w]));
                    }
                }
                if c.kind.has(Behaviour::Duration) {
                    out.extend(deadlines_vs_duration(self.id(), graph, &bounded, c, config));
                }
            }
        }
    }
}

fn since_vs_event(id: &'static str, state: &Claim, event: &Claim) -> Option<Finding> {
    let since = dated(state)?;
    let until = state.said_at.as_ref()?;
    let left = dated(event)?;
    (left.start > since.end && left.end < until.start).then(|| {
        let why = format!(
            "{} since {since} (said {until}) leaves no gap for {} in {left}",
            state.kind, event.kind
        );
        Finding::new(id, Severity::Conflict, vec![(state, "since"), (event, "event")], why)
    })
}

/// One finding per event key whose claims put it at close but different times.
fn misdated_event(id: &'static str, graph: &ClaimGraph, members: &[usize]) -> Option<Finding> {
    let mut times: Vec<(&TimeSpan, usize)> = members.iter().filter_map(|&m| dated(&graph.claims[m]).map(|t| (t, m))).collect();
    times.sort_by_key(|(t, m)| (t.start, *m));
    let slack = graph.claims[members[0]].kind.date_slack_days;
    let mut distinct: Vec<(&TimeSpan, usize)> = Vec::new();
    // More articles per listed date, shown after the sides (which a finding caps): who else
    // dates it so. Taken in turn from each date, so one much-told date does not hide the rest.
    let mut agreeing: Vec<Vec<usize>> = Vec::new();
    for (t, m) in times {
        match distinct.iter().position(|(d, _)| d.overlaps_within(t, slack)) {
            Some(at) => {
                let articles = std::iter::once(distinct[at].1).chain(agreeing[at].iter().copied());
                if agreeing[at].len() < super::MAX_SIDES && articles.map(|a| graph.article_of[a]).all(|a| a != graph.article_of[m]) {
                    agreeing[at].push(m);
                }
            }
            None => {
                distinct.push((t, m));
                agreeing.push(Vec::new());
            }
        }
    }
    let years = graph.claims[members[0]].kind.same_event_years;
    let clash = distinct
        .iter()
        .enumerate()
        .flat_map(|(i, a)| distinct[i + 1..].iter().map(move |b| (a, b)))
        .any(|((a, _), (b, _))| (a.start.year() - b.start.year()).abs() < years);
    clash.then(|| {
        let first = &graph.claims[distinct[0].1];
        let shown: Vec<String> = distinct.iter().map(|(t, m)| format!("{t} ({})", graph.article(*m).id)).collect();
        let why = format!("the same {} of {} is dated {}", first.kind, party(first), shown.join(", "));
        let sides: Vec<(&Claim, &str)> = distinct.iter().map(|(_, m)| (&graph.claims[*m], "dated")).collect();
        let mut finding = Finding::new(id, Severity::Conflict, sides, why);
        let longest = agreeing.iter().map(Vec::len).max().unwrap_or(0);
        let in_turn = (0..longest).flat_map(|i| agreeing.iter().filter_map(move |a| a.get(i)));
        finding.show_also(in_turn.map(|&m| (&graph.claims[m], "dated alike")).collect());
        finding
    })
}

/// Deadlines of one key, sorted by when they were said: different ones said at the same time
/// conflict; a deadline that differs from the one said before it moved.
fn deadlines(
    id: &'static str,
    graph: &ClaimGraph,
    config: &Config,
    planned: &super::PlannedLevels,
    copies: &Copies,
    members: &[usize],
) -> Vec<Finding> {
    let mut said: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| told(&graph.claims[m]).is_some() && graph.claims[m].said_at.is_some())
        .collect();
    // At one time of saying, a deadline told as past ("was supposed to be completed by May 1")
    // comes before the one that replaced it.
    said.sort_by_key(|&m| {
        let c = &graph.claims[m];
        (c.said_at.as_ref().map(|t| t.start), c.status != Status::Past, m)
    });
    // A deadline for a drawdown to a level is compared only with others of its sort.
    let for_level = |c: &Claim| told(c).is_some_and(|by| planned.due(&c.kind.passed_while, c, by).is_some());
    let mut out = Vec::new();
    for drawdown in [false, true] {
        out.extend(moved_deadlines(
            id,
            graph,
            config,
            copies,
            said.iter().copied().filter(|&m| for_level(&graph.claims[m]) == drawdown),
        ));
    }
    out
}

/// Consecutive deadlines, in the order they were said, that differ: a move, or two at once.
fn moved_deadlines(
    id: &'static str,
    graph: &ClaimGraph,
    config: &Config,
    copies: &Copies,
    said: impl Iterator<Item = usize>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut previous: Option<usize> = None;
    for m in said {
        let c = &graph.claims[m];
        if let Some(p) = previous {
            let before = &graph.claims[p];
            let (tb, tc) = (told(before).expect("filtered"), told(c).expect("filtered"));
            if !tb.overlaps_within(tc, c.kind.date_slack_days) {
                // A source telling the old deadline beside the new one tells a move.
                let replaced = before.status == Status::Past && c.status != Status::Past;
                let at_once = super::same_time_said(before, c, config) && !replaced;
                let relayed = [before, c].iter().any(|x| x.status == Status::Reported);
                if at_once && relayed {
                    // The source's own deadline stays the one later deadlines are set against.
                    if c.status != Status::Reported {
                        previous = Some(m);
                    }
                    continue;
                }
                // An old deadline told after the one that replaced it ("was supposed to be
                // completed by May 1", said after Sept. 11 was set) neither conflicts nor moves it.
                if c.status == Status::Past && before.status != Status::Past {
                    continue;
                }
                let why = if at_once {
                    format!(
                        "two deadlines for {} said at about the same time: {tb} ({}) and {tc} ({})",
                        c.kind,
                        graph.article(p).id,
                        graph.article(m).id
                    )
                } else {
                    let as_told = |x: &Claim| {
                        if x.status == Status::Reported {
                            ", in a report it relays"
                        } else {
                            ""
                        }
                    };
                    format!(
                        "the {} moved from {tb} (said {}{}) to {tc} (said {}{})",
                        c.kind,
                        super::show_time(before.said_at.as_ref()),
                        as_told(before),
                        super::show_time(c.said_at.as_ref()),
                        as_told(c)
                    )
                };
                let severity = if at_once { Severity::Conflict } else { Severity::Change };
                let mut finding = Finding::new(id, severity, vec![(before, "earlier"), (c, "later")], why);
                let also = |m: usize, role: &'static str| copies.of(graph, m).into_iter().map(move |o| (o, role));
                finding.show_also(also(p, "same deadline, earlier").chain(also(m, "same deadline, later")).collect());
                out.push(finding);
            }
        }
        previous = Some(m);
    }
    out
}

/// The claims of a key that say what a representative says (same facts, said the same day), by
/// its fact hash: a finding made on the representative shows who else said it.
struct Copies(BTreeMap<u64, Vec<usize>>);

impl Copies {
    fn new(graph: &ClaimGraph, members: &[usize]) -> Copies {
        let mut by_fact: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for &m in members {
            by_fact.entry(graph.fact_hash(m)).or_default().push(m);
        }
        Copies(by_fact)
    }

    /// Up to two claims from other articles saying what `m` says.
    fn of<'g>(&self, graph: &'g ClaimGraph, m: usize) -> Vec<&'g Claim> {
        let same = self.0.get(&graph.fact_hash(m)).map_or(&[][..], Vec::as_slice);
        super::one_per_article(graph, std::iter::once(m).chain(same.iter().copied()))
            .into_iter()
            .skip(1)
            .take(2)
            .map(|o| &graph.claims[o])
            .collect()
    }
}

/// One finding per duration: the deadlines said at about the same time that fall before its
/// shortest end. The earliest such deadline is the finding's other side; up to two more, each a
/// different fact, are shown, so a key with many dated copies makes one finding, not one per
/// deadline. `deadlines` are dated representatives, earliest first.
fn deadlines_vs_duration(id: &'static str, graph: &ClaimGraph, deadlines: &[usize], duration: &Claim, config: &Config) -> Option<Finding> {
    // "The withdrawal could take years" bounds nothing: only a proposed duration does.
    if !duration.status.is_own_claim() {
        return None;
    }
    let Some(Value::Quantity(q)) = &duration.value else { return None };
    let said = duration.said_at.as_ref()?;
    let low = i32::try_from(q.low as i64).ok().filter(|l| *l < 10_000)?;
    let shortest = match q.unit.as_deref() {
        Some("year") => said.start.checked_add(low.years()).ok()?,
        Some("month") => said.start.checked_add(low.months()).ok()?,
        _ => return None,
    };
    let mut early = deadlines
        .iter()
        .map(|&d| &graph.claims[d])
        .filter(|deadline| super::same_time_said(deadline, duration, config) && dated(deadline).is_some_and(|by| by.end < shortest));
    let deadline = early.next()?;
    let by = dated(deadline).expect("filtered");
    let mut finding = Finding::new(
        id,
        Severity::Conflict,
        vec![(deadline, "deadline"), (duration, "duration")],
        format!("a deadline of {by} is earlier than the shortest proposed duration ({q} from {said}, so not before {shortest})"),
    );
    finding.show_also(early.take(2).map(|d| (d, "another deadline")).collect());
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    #[test]
    fn a_misdated_event_and_a_moved_deadline_show_who_else_gives_each_side() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2023-09-03", "The Niger junta seized power in a June 2023 coup."),
                ("b", "2023-09-04", "The Niger junta seized power in a July 2023 coup."),
                ("c", "2023-09-05", "The Niger junta seized power in a July 2023 coup."),
                ("d", "2023-09-06", "The Niger junta seized power in a July 2023 coup."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let article = |id| claims.iter().find(|c| c.id == id).map(|c| c.provenance.article.to_string());
        let shown: Vec<_> = found[0].sides.iter().filter_map(|s| article(s.claim)).collect();
        assert_eq!(shown, ["a", "b", "c", "d"]);
        // The other articles are shown, not part of the facts: the finding is the same without them.
        let (_, alone) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2023-09-03", "The Niger junta seized power in a June 2023 coup."),
                ("b", "2023-09-04", "The Niger junta seized power in a July 2023 coup."),
            ],
        );
        assert_eq!(alone[0].shape, found[0].shape);

        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                (
                    "a",
                    "2021-04-13",
                    "The U.S. was supposed to withdraw its forces from Afghanistan by May 1.",
                ),
                ("b", "2021-04-13", "U.S. troops will leave Afghanistan by Sept. 11."),
                ("c", "2021-04-13", "All U.S. troops will leave Afghanistan by Sept. 11."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Change);
        let article = |id| claims.iter().find(|c| c.id == id).map(|c| c.provenance.article.to_string());
        let shown: Vec<_> = found[0].sides.iter().filter_map(|s| article(s.claim)).collect();
        assert_eq!(shown, ["a", "b", "c"]);
    }

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
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
                ("b", "2021-07-23", "The U.S. has had a presence in Iraq since 2014."),
            ],
        );
        let kinds: Vec<&str> = claims.iter().map(|c| c.kind.name()).collect();
        assert_eq!(kinds, vec!["withdrawal", "presence"]);
        assert_eq!(found, vec![]);
    }

    #[test]
    fn combat_forces_leaving_is_not_all_forces_leaving() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "All U.S. combat forces left Iraq in 2011."),
                (
                    "b",
                    "2024-01-25",
                    "The U.S. has had a continuous presence in Iraq since its 2003 invasion.",
                ),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert!(claims.iter().any(|c| c.scope.is_some()), "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn two_deadlines_said_at_once_conflict_and_a_moved_one_is_a_change() {
        let at_once = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-04-13", "U.S. troops must leave Afghanistan by Sept. 11."),
                ("b", "2021-04-14", "U.S. troops must leave Afghanistan by May 1."),
            ],
        );
        assert_eq!(at_once.len(), 1, "{at_once:?}");
        assert_eq!(at_once[0].severity, Severity::Conflict);
        let moved = detect(
            &TimelineMismatch,
            &[
                ("a", "2021-01-10", "U.S. troops must leave Afghanistan by May 1."),
                ("b", "2021-04-14", "U.S. troops must leave Afghanistan by Sept. 11."),
            ],
        );
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(moved[0].severity, Severity::Change);
        // One sentence telling the old deadline and the new one tells a move, not two at once.
        let replaced = detect(
            &TimelineMismatch,
            &[(
                "a",
                "2021-05-01",
                "The withdrawal of U.S. troops from Afghanistan was supposed to be completed by May 1, but U.S. troops will leave Afghanistan by Sept. 11.",
            )],
        );
        assert_eq!(replaced.len(), 1, "{replaced:?}");
        assert_eq!(replaced[0].severity, Severity::Change);
    }

    #[test]
    fn a_relayed_report_shows_a_moved_deadline_but_never_conflicts() {
        let relayed = "U.S. troops will be out of Syria by April 30, according to a report in the Wall Street Journal.";
        let moved = detect(
            &TimelineMismatch,
            &[
                (
                    "a",
                    "2018-12-20",
                    "U.S. troops will be out of Syria by mid-January, officials said.",
                ),
                ("b", "2019-02-22", relayed),
            ],
        );
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(moved[0].severity, Severity::Change);
        assert!(moved[0].why.contains("in a report it relays"), "{}", moved[0].why);
        // Said the same week, a relayed report against an official's deadline is a report to
        // check, not one source contradicting another.
        let (claims, at_once) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                (
                    "a",
                    "2019-02-20",
                    "U.S. troops will be out of Syria by mid-January, officials said.",
                ),
                ("b", "2019-02-22", relayed),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(at_once, vec![]);
    }

    #[test]
    fn an_old_deadline_told_after_the_new_one_neither_conflicts_nor_moves_it() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2021-04-13", "U.S. troops must leave Afghanistan by Sept. 11."),
                (
                    "b",
                    "2021-05-01",
                    "The withdrawal of U.S. troops from Afghanistan was supposed to be completed by May 1.",
                ),
            ],
        );
        // Both deadlines read, the old one as past.
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert!(claims.iter().any(|c| c.status == Status::Past), "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_deadline_for_a_drawdown_is_not_moved_by_the_exits_deadline() {
        let drawdown_then_exit = |level: &str| {
            crate::detect::testing::detect_with_claims(
                &TimelineMismatch,
                &[
                    (
                        "a",
                        "2020-11-17",
                        &*format!("U.S. troops must leave Afghanistan by Jan. 15. {level}"),
                    ),
                    ("b", "2021-04-14", "U.S. troops must leave Afghanistan by May 1."),
                ],
            )
        };
        let (claims, found) = drawdown_then_exit("By January 15, our forces in Afghanistan will be 2,500 troops.");
        let level = claims
            .iter()
            .find(|c| c.provenance.quote().contains("2,500"))
            .expect("the level is read");
        assert_eq!(level.time.as_ref().map(ToString::to_string).as_deref(), Some("2021-01-15"));
        assert_eq!(found, vec![], "Jan. 15 is the date of a level, not of the exit");
        // Tempting the other way: without a level due then, the exit moved.
        let (_, found) = drawdown_then_exit("The U.S. has 4,500 troops in Afghanistan.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Change);
    }

    #[test]
    fn a_sharper_deadline_inside_the_slack_refines_rather_than_moves() {
        // `date-slack-days = 14` on the deadline kind: Dec. 22 is "by the end of the year".
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2023-09-28", "French troops must leave Niger by the end of the year."),
                ("b", "2023-12-15", "French troops must leave Niger by Dec. 22."),
            ],
        );
        assert_eq!(claims.iter().filter(|c| c.time.is_some()).count(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn two_dates_for_a_coup_conflict_but_two_announcements_are_two_events() {
        let coup = detect(
            &TimelineMismatch,
            &[
                ("a", "2023-09-03", "The junta seized power in Niger in a June coup."),
                ("b", "2023-09-28", "The junta seized power in Niger in a July coup."),
            ],
        );
        assert_eq!(coup.len(), 1, "{coup:?}");
        let (claims, announced) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                (
                    "a",
                    "2020-07-29",
                    "Germany's defence ministry announced on Monday that the troops will leave.",
                ),
                (
                    "b",
                    "2020-08-14",
                    "Germany's defence ministry announced on Friday that the troops will leave.",
                ),
            ],
        );
        assert_eq!(claims.iter().filter(|c| c.time.is_some()).count(), 2, "{claims:?}");
        assert_eq!(announced, vec![]);
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
        let (claims, distant) = crate::detect::testing::detect_with_claims(
            &TimelineMismatch,
            &[
                ("a", "2021-07-22", "The U.S. withdrew from Iraq in 1991."),
                ("b", "2021-07-22", "The U.S. withdrew from Iraq in 2011."),
            ],
        );
        assert_eq!(claims.iter().filter(|c| c.time.is_some()).count(), 2, "{claims:?}");
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
