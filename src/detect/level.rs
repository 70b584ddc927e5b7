//! level-mismatch: the value of something that has one value at a time (a troop level, an
//! office holder, a death toll), compared per key and time window.
//!
//! An editor cares because different figures for the same thing at the same time mean one
//! source is wrong, and figures at different times tell how the story moved. Claims are grouped
//! by key (family, subject, place, scope, topic, status class), sorted by time and swept into
//! windows of the kind's `same-time-days`; each window with disagreeing values is one conflict
//! listing every distinct value and who gave it, and each key whose value moved between windows
//! is one change listing the sequence. Work is a sort per key, never pairs of claims.
//! A running total (`running-total`) only grows: a later lower figure from another source
//! conflicts, and one a source lowers itself is a revision, shown as a change.
//! Example: "2,500 U.S. troops are in Iraq" vs "4,000 U.S. troops are in Iraq", same month.

use super::{one_per_article, show_time, show_value, values_agree, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Direction, Status};
use crate::graph::{BucketKey, ClaimGraph};
use crate::kinds::Behaviour;
use std::collections::BTreeMap;

pub struct LevelMismatch;

/// What a claim's status lets it be compared with: levels with levels, plans with plans,
/// amounts withdrawn with amounts withdrawn. A relayed report compares as what it relays
/// (`Claim::compared_status`): the Journal's "plans to keep 1,000" against the Pentagon's 400
/// is one source against another. Denied and possible figures are compared elsewhere
/// (assertion-denial) or not at all.
fn class(c: &Claim) -> Option<&'static str> {
    let relayed = c.status == Status::Reported;
    match (c.compared_status()?, c.direction) {
        // A level a report relays is mostly background ("the 2,000-troop force, the Military
        // Times reports"), seldom dated: only the plans and moves it relays are its news.
        (Status::Current | Status::Past, _) if relayed => None,
        (Status::Current | Status::Past, _) => Some("level"),
        (Status::Planned, _) => Some("planned"),
        // Amounts of change are separate actions ("add 500", "withdraw 12,000"): compared
        // without their direction, they raised false alarms. One way, two figures for the same
        // days are one move told two ways ("withdraw 9,500" against "withdraw 12,000").
        (Status::Change, Some(Direction::Fewer)) => Some("amount withdrawn"),
        (Status::Change, Some(Direction::More)) => Some("amount added"),
        (Status::Change, Some(Direction::Elsewhere)) => Some("amount moved elsewhere"),
        _ => None,
    }
}

/// Claims of one window grouped by agreeing value; the first claim of each group stands for it.
fn value_groups(graph: &ClaimGraph, window: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &m in window {
        let claim = &graph.claims[m];
        match groups.iter_mut().find(|g| values_agree(&graph.claims[g[0]], claim)) {
            Some(g) => g.push(m),
            None => groups.push(vec![m]),
        }
    }
    groups
}

impl Detector for LevelMismatch {
    fn id(&self) -> &'static str {
        "level-mismatch"
    }

    fn summary(&self) -> &'static str {
        "Kinds that compare as a `level` or a `running-total`: different values for one key in one time window conflict (one finding per window, listing every value); a value that moved between windows is one change per key."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        let mut keys: BTreeMap<(BucketKey, String, &str), Vec<usize>> = BTreeMap::new();
        // "Thousands of troops" is usually a part ("thousands returned to base"), so a magnitude
        // word never sets a level: against 130,000 it only raised false alarms. It is kept
        // apart, and only a figure under its floor is set against it.
        let mut vague: BTreeMap<(BucketKey, String, &str), Vec<usize>> = BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            let compared = c.kind.has(Behaviour::Level) || c.kind.has(Behaviour::RunningTotal);
            let (Some(class), true, Some(_), Some(value)) = (class(c), compared, c.holds_at(), &c.value) else {
                continue;
            };
            let topic = if c.kind.compares_by("topic") {
                c.topic.as_deref().unwrap_or_default().to_string()
            } else {
                String::new()
            };
            let key = (BucketKey::of(c), topic, class);
            if is_magnitude_word(value) {
                vague.entry(key).or_default().push(i);
            } else {
                keys.entry(key).or_default().push(i);
            }
        }
        let by_time = |&m: &usize| {
            let time = graph.claims[m].holds_at();
            (time.map(middle), time.map(|t| t.start), graph.article_of[m], m)
        };
        for members in keys.values_mut().chain(vague.values_mut()) {
            members.sort_by_cached_key(by_time);
        }
        out.extend(nested(self.id(), graph, config, &keys));
        for ((key, topic, class), members) in keys {
            let windows = sweep(graph, config, &members);
            let label = if topic.is_empty() {
                key.to_string()
            } else {
                format!("{key} on {topic}")
            };
            let label = if class == "level" { label } else { format!("{label} ({class})") };
            let mut steps: Vec<(usize, Vec<Vec<usize>>)> = Vec::new();
            let mut words = vague.get(&(key.clone(), topic.clone(), class)).map_or(&[][..], Vec::as_slice);
            for window in &windows {
                let groups = value_groups(graph, window);
                // The magnitude words of this window's time (both lists are sorted by time).
                let first = &graph.claims[window[0]];
                while words
                    .first()
                    .is_some_and(|&v| by_time(&v) < by_time(&window[0]) && !super::same_time(first, &graph.claims[v], config))
                {
                    words = &words[1..];
                }
                let here = words.iter().take_while(|&&v| super::same_time(first, &graph.claims[v], config));
                let above: Vec<usize> = here
                    .filter(|&&v| groups.iter().any(|g| under_floor(&graph.claims[g[0]], &graph.claims[v])))
                    .copied()
                    .collect();
                // The words take part in the conflict only: a trajectory moves by figures.
                if (groups_meet(graph, &groups) || (!groups.is_empty() && !above.is_empty()))
                    && groups.len() + usize::from(!above.is_empty()) > 1
                {
                    let mut all = groups.clone();
                    all.extend(value_groups(graph, &above));
                    out.push(conflict(self.id(), graph, &label, &all));
                }
                // A trajectory is told by the sources' own figures: a relayed report joins a
                // conflict, never a change.
                let own: Vec<Vec<usize>> = groups
                    .into_iter()
                    .map(|g| {
                        g.into_iter()
                            .filter(|&m| graph.claims[m].status != Status::Reported)
                            .collect::<Vec<_>>()
                    })
                    .filter(|g| !g.is_empty())
                    .collect();
                if let Some(&first) = own.first().and_then(|g| g.first()) {
                    steps.push((first, own));
                }
            }
            // Amounts at different times are different moves, not one figure that moved.
            if matches!(class, "level" | "planned") {
                out.extend(changes(self.id(), graph, &label, &steps));
            }
        }
    }
}

/// Whether two of a window's value groups set one source against another. An article that
/// relays a report beside its own figure ("the Journal reports 1,000 ... the president said
/// 200") tells its reader both already: that pair alone is no hidden disagreement. Groups meet
/// when both hold the source's own figures, or when their claims come from two articles or more.
fn groups_meet(graph: &ClaimGraph, groups: &[Vec<usize>]) -> bool {
    let own = groups
        .iter()
        .filter(|g| g.iter().any(|&m| graph.claims[m].status != Status::Reported))
        .count();
    let mut articles = groups.iter().flatten().map(|&m| graph.article_of[m]);
    let first = articles.next();
    groups.len() > 1 && (own > 1 || articles.any(|a| Some(a) != first))
}

fn is_magnitude_word(value: &crate::claim::Value) -> bool {
    matches!(value, crate::claim::Value::Quantity(q) if q.magnitude_floor().is_some())
}

/// A figure certainly under a magnitude word's floor: "about 100" against "several hundred".
fn under_floor(figure: &Claim, word: &Claim) -> bool {
    use crate::claim::Value::Quantity;
    match (&figure.value, &word.value) {
        (Some(Quantity(f)), Some(Quantity(w))) => {
            f.unit == w.unit && w.magnitude_floor().zip(f.high).is_some_and(|(floor, high)| high < floor)
        }
        _ => false,
    }
}

/// For kinds with `nested-places`: a figure for a place certainly lower than a figure, at the
/// same time, for a place within it (its `within` chain) is a conflict: the whole cannot count
/// fewer than its part. A higher figure for the whole never is, so no sum of parts is needed.
/// One finding per pair of keys and window of the outer place; claims with no place never meet.
fn nested(id: &'static str, graph: &ClaimGraph, config: &Config, keys: &BTreeMap<(BucketKey, String, &str), Vec<usize>>) -> Vec<Finding> {
    let bounds = |m: usize| match &graph.claims[m].value {
        Some(crate::claim::Value::Quantity(q)) => Some((q.low, q.high.unwrap_or(f64::INFINITY))),
        _ => None,
    };
    let mut out = Vec::new();
    for ((inner_key, topic, class), inner) in keys {
        let first = &graph.claims[inner[0]];
        if !first.kind.nested_places || inner_key.place.is_empty() {
            continue;
        }
        let chain = first.place.as_ref().map(|p| &p.within[..]).unwrap_or_default();
        for outer_place in chain {
            let outer_key = (
                BucketKey {
                    place: outer_place.to_string(),
                    ..inner_key.clone()
                },
                topic.clone(),
                *class,
            );
            let Some(outer) = keys.get(&outer_key) else { continue };
            for window in sweep(graph, config, outer) {
                let here = &graph.claims[window[0]];
                // The part's highest sure figure in the window, against the whole's figures below it.
                let Some((part, part_low)) = inner
                    .iter()
                    .filter(|&&m| super::same_time(here, &graph.claims[m], config))
                    .filter_map(|&m| bounds(m).map(|(low, _)| (m, low)))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                else {
                    continue;
                };
                let lower: Vec<usize> = window
                    .iter()
                    .copied()
                    .filter(|&m| bounds(m).is_some_and(|(_, high)| high < part_low))
                    .collect();
                if lower.is_empty() {
                    continue;
                }
                let part_claim = &graph.claims[part];
                let part_value = show_value(part_claim);
                let mut sides: Vec<(&Claim, String)> = vec![(part_claim, format!("says {part_value} in {}", inner_key.place))];
                for &m in one_per_article(graph, lower.iter().copied()).iter().take(SIDES_PER_VALUE) {
                    sides.push((&graph.claims[m], format!("says {} in {outer_place}", show_value(&graph.claims[m]))));
                }
                let shown: Vec<String> = lower
                    .iter()
                    .map(|&m| show_value(&graph.claims[m]))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let why = format!(
                    "{} in {outer_place} around {} is lower than {part_value} in {}, which lies within {outer_place}: {}",
                    first.kind.name(),
                    show_time(here.holds_at()),
                    inner_key.place,
                    shown.join(", ")
                );
                out.push(Finding::new(
                    id,
                    Severity::Conflict,
                    sides.iter().map(|(c, r)| (*c, r.as_str())).collect(),
                    why,
                ));
            }
        }
    }
    out
}

/// The middle day of a time: claims are swept in this order, so a figure for a whole year
/// ("more than 34,000 troops last year") sits in its middle and never opens a window, on
/// 1 January, that takes in every figure of that year and hides their conflicts.
fn middle(time: &crate::normalize::time::TimeSpan) -> jiff::civil::Date {
    let days = time.start.until(time.end).map_or(0, |span| span.get_days());
    time.start.checked_add(jiff::Span::new().days(days / 2)).unwrap_or(time.start)
}

/// Splits time-sorted claims into windows: a claim joins the open window while it starts
/// within `same-time-days` of the window's first claim.
fn sweep(graph: &ClaimGraph, config: &Config, members: &[usize]) -> Vec<Vec<usize>> {
    let moved = moved_on(graph, members);
    let mut windows: Vec<Vec<usize>> = Vec::new();
    for &m in members {
        let claim = &graph.claims[m];
        let joins = windows.last().is_some_and(|w| {
            let first = &graph.claims[w[0]];
            super::same_time(first, claim, config)
                && !first
                    .holds_at()
                    .zip(claim.holds_at())
                    .is_some_and(|(a, b)| moved.iter().any(|&(before, after)| a.end <= before && after <= b.start))
        });
        if joins {
            windows.last_mut().expect("checked").push(m);
        } else {
            windows.push(vec![m]);
        }
    }
    windows
}

/// When, by a source's own account, a key's figure moved: an article that gives one figure
/// for a day and another for a later day ("around 160,000" on Wednesday, "190,000" on Friday)
/// tells a change between the two, so no time window of the key holds both a figure from the
/// first day or before and one from the second or after, however close the days. Other
/// sources' figures on either side then meet as a change, not a conflict. Each pair is (the
/// end of the earlier time, the start of the later); both times must be known apart: two
/// figures on the article's date are not.
fn moved_on(graph: &ClaimGraph, members: &[usize]) -> Vec<(jiff::civil::Date, jiff::civil::Date)> {
    let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &m in members {
        by_article.entry(graph.article_of[m]).or_default().push(m);
    }
    let mut moves = Vec::new();
    for claims in by_article.values().filter(|c| c.len() > 1) {
        for (i, &a) in claims.iter().enumerate() {
            for &b in &claims[i + 1..] {
                let (x, y) = (&graph.claims[a], &graph.claims[b]);
                let (Some(tx), Some(ty)) = (x.holds_at(), y.holds_at()) else {
                    continue;
                };
                let (earlier, later) = if tx.end < ty.start { (tx, ty) } else { (ty, tx) };
                if earlier.end < later.start && !values_agree(x, y) {
                    moves.push((earlier.end, later.start));
                }
            }
        }
    }
    moves.sort_unstable();
    moves.dedup();
    moves
}

/// Most sides a finding shows per distinct value.
const SIDES_PER_VALUE: usize = 3;
/// Most distinct values, and articles per value, a finding's text lists; the rest are counted.
/// A key of a developing story can carry hundreds of figures: the text stays readable and its
/// size bounded, while the finding still counts them all.
const VALUES_LISTED: usize = 12;
const ARTICLES_PER_VALUE: usize = 8;

fn conflict(id: &'static str, graph: &ClaimGraph, label: &str, groups: &[Vec<usize>]) -> Finding {
    let mut sides: Vec<(&Claim, String)> = Vec::new();
    let mut listed = Vec::new();
    for group in groups {
        let per_article = one_per_article(graph, group.iter().copied());
        let value = show_value(&graph.claims[group[0]]);
        if listed.len() < VALUES_LISTED {
            let mut articles: Vec<&str> = per_article
                .iter()
                .take(ARTICLES_PER_VALUE)
                .map(|&m| graph.article(m).id.as_str())
                .collect();
            let more = per_article.len().saturating_sub(ARTICLES_PER_VALUE);
            let more = format!("and {more} more");
            if per_article.len() > ARTICLES_PER_VALUE {
                articles.push(&more);
            }
            listed.push(format!("{value} ({})", articles.join(", ")));
        }
        for &m in per_article.iter().take(SIDES_PER_VALUE) {
            sides.push((&graph.claims[m], format!("says {value}")));
        }
    }
    if groups.len() > VALUES_LISTED {
        listed.push(format!("and {} more values", groups.len() - VALUES_LISTED));
    }
    let first = &graph.claims[groups[0][0]];
    let why = format!(
        "{} different values for {label} around {}: {}",
        groups.len(),
        show_time(first.holds_at()),
        listed.join("; ")
    );
    Finding::new(id, Severity::Conflict, sides.iter().map(|(c, r)| (*c, r.as_str())).collect(), why)
}

/// One change per key whose leading value moved between windows; for a running total, a drop
/// reported by a different source is a conflict instead.
fn changes(id: &'static str, graph: &ClaimGraph, label: &str, steps: &[(usize, Vec<Vec<usize>>)]) -> Vec<Finding> {
    let mut out = Vec::new();
    // Each window's leading value: the one most articles give, ties to the earliest.
    let lead = |groups: &Vec<Vec<usize>>| -> usize {
        let best = groups
            .iter()
            .enumerate()
            .max_by_key(|(i, g)| (one_per_article(graph, g.iter().copied()).len(), std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        groups[best][0]
    };
    let leads: Vec<usize> = steps.iter().map(|(_, groups)| lead(groups)).collect();
    let Some(&start) = leads.first() else { return out };
    let mut moved: Vec<usize> = vec![start];
    for &next in &leads[1..] {
        let previous = *moved.last().expect("never empty");
        let (before, after) = (&graph.claims[previous], &graph.claims[next]);
        if values_agree(before, after) {
            continue;
        }
        if after.kind.has(Behaviour::RunningTotal) && lower(after, before) && !same_source(before, after) {
            let why = format!(
                "{label} only grows, but {} gave {} at {} after {} gave {} at {}",
                graph.article(next).id,
                show_value(after),
                show_time(after.holds_at()),
                graph.article(previous).id,
                show_value(before),
                show_time(before.holds_at()),
            );
            out.push(Finding::new(
                id,
                Severity::Conflict,
                vec![(before, "earlier"), (after, "later and lower")],
                why,
            ));
        }
        moved.push(next);
    }
    // Moved: a window's leading value differs from the last one kept, or no value of a window
    // is among the values of the window before it.
    let disjoint = steps.windows(2).any(|w| {
        w[1].1
            .iter()
            .all(|g| w[0].1.iter().all(|h| !values_agree(&graph.claims[g[0]], &graph.claims[h[0]])))
    });
    if moved.len() > 1 || disjoint {
        // The whole trajectory, window by window, every distinct value with its earliest
        // source: an editor reads how the figure moved and who gave each step.
        let mut path: Vec<String> = Vec::new();
        let mut sides: Vec<(&Claim, &str)> = Vec::new();
        // The trajectory is each step's leading value; other articles giving it come next, and
        // a step's other values last: a step with several values has its own conflict listing
        // them all, so a long trajectory is never cut short by one contested step.
        let mut also: Vec<(&Claim, &str)> = Vec::new();
        let mut others: Vec<(&Claim, &str)> = Vec::new();
        for ((_, groups), &lead) in steps.iter().zip(&leads) {
            let mut shown: Vec<String> = Vec::new();
            for group in groups {
                let per_article = one_per_article(graph, group.iter().copied());
                shown.push(show_value(&graph.claims[per_article[0]]));
                if group[0] != lead {
                    others.push((&graph.claims[per_article[0]], "another value at its time"));
                    continue;
                }
                sides.push((&graph.claims[per_article[0]], "value at its time"));
                for &m in per_article.iter().skip(1).take(SIDES_PER_VALUE - 1) {
                    also.push((&graph.claims[m], "same value at its time"));
                }
            }
            let at = show_time(graph.claims[groups[0][0]].holds_at());
            path.push(format!("{} at {at}", shown.join(" / ")));
        }
        let why = format!("{label} moved over time: {}", path.join(" → "));
        let mut finding = Finding::new(id, Severity::Change, sides, why);
        also.extend(others);
        finding.show_also(also);
        out.push(finding);
    }
    out
}

fn lower(a: &Claim, b: &Claim) -> bool {
    match (&a.value, &b.value) {
        (Some(crate::claim::Value::Quantity(x)), Some(crate::claim::Value::Quantity(y))) => x.high.is_some_and(|h| h < y.low),
        _ => false,
    }
}

/// A source lowering its own figure revises it: same speaker, or, with no speaker, same subject.
fn same_source(a: &Claim, b: &Claim) -> bool {
    match (&a.speaker, &b.speaker) {
        (Some(x), Some(y)) => x.key() == y.key(),
        _ => a.subject.is_some() && a.subject_key() == b.subject_key(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect_with_claims;

    #[test]
    fn a_relayed_report_compares_as_what_it_relays_but_not_inside_its_own_article() {
        let report = "The U.S. military has plans to keep 1,000 troops in Syria, according to The Wall Street Journal.";
        let own = "The president said the U.S. will keep 400 troops in Syria.";
        let (claims, found) = detect_with_claims(&LevelMismatch, &[("a", "2019-03-17", report), ("b", "2019-03-18", own)]);
        let relayed = claims.iter().find(|c| c.status == Status::Reported).expect("the report is read");
        assert_eq!(relayed.reported_as, Some(Status::Planned), "{relayed:?}");
        let conflicts: Vec<&Finding> = found.iter().filter(|f| f.severity == Severity::Conflict).collect();
        assert_eq!(conflicts.len(), 1, "{found:?}");
        assert!(conflicts[0].why.contains("(planned)"), "{}", conflicts[0].why);
        // One article telling the report beside its own figure already shows the reader both.
        let (claims, found) = detect_with_claims(&LevelMismatch, &[("a", "2019-03-17", &format!("{report} {own}"))]);
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
        // Months apart, a report and a source's own figure are no trajectory: changes are told
        // by the sources' own figures.
        let (claims, found) = detect_with_claims(&LevelMismatch, &[("a", "2019-03-17", report), ("b", "2019-09-17", own)]);
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn durations_of_one_withdrawal_from_two_sources_conflict() {
        let reported = "The withdrawal of U.S. troops from Syria will take 60 to 100 days, according to reports.";
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2018-12-20",
                    "The withdrawal of U.S. troops from Syria will take no more than 30 days.",
                ),
                ("b", "2018-12-21", reported),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.iter().filter(|f| f.severity == Severity::Conflict).count(), 1, "{found:?}");
        // "Within 30 days" and "30 days" are one timeline.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2018-12-20",
                    "The withdrawal of U.S. troops from Syria will take no more than 30 days.",
                ),
                (
                    "b",
                    "2018-12-21",
                    "The withdrawal of U.S. troops from Syria will take 30 days, officials said.",
                ),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn different_figures_at_the_same_time_conflict() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2024-02-01", "There are 4,000 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        let conflicts: Vec<&Finding> = found.iter().filter(|f| f.severity == Severity::Conflict).collect();
        assert_eq!(conflicts.len(), 1, "{found:?}");
        assert!(
            conflicts[0].why.starts_with("2 different values for us troop-count in iraq"),
            "{}",
            conflicts[0].why
        );
        assert!(conflicts[0].why.contains("2500 (a); 4000 (b)"), "{}", conflicts[0].why);
    }

    #[test]
    fn a_figure_for_a_whole_year_does_not_open_the_window_of_the_year() {
        // "More than 34,000 last year" agrees with both 34,500 and 52,000: swept in on
        // 1 January, it opened the window, founded the only value group and hid their conflict.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2021-02-04", "Last year, there were more than 34,000 U.S. troops in Germany."),
                ("b", "2020-06-09", "There are 34,500 U.S. troops in Germany."),
                ("c", "2020-06-15", "There are 52,000 U.S. troops in Germany."),
            ],
        );
        assert_eq!(claims.len(), 3, "{claims:?}");
        assert_eq!(
            claims[0].time.as_ref().map(ToString::to_string).as_deref(),
            Some("2020"),
            "{claims:?}"
        );
        let conflicts: Vec<&Finding> = found.iter().filter(|f| f.severity == Severity::Conflict).collect();
        assert_eq!(conflicts.len(), 1, "{found:?}");
        assert!(conflicts[0].why.contains("34500 (b, a); 52000 (c)"), "{}", conflicts[0].why);
    }

    #[test]
    fn a_hedged_figure_agrees_with_what_rounds_to_it() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2021-07-23", "There are 2,460 U.S. troops in Iraq."),
                ("b", "2021-07-22", "There are now roughly 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
        // A figure one step of its precision away is another figure, hedged or not.
        let (_, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2021-07-23", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2021-07-22", "There are now roughly 2,600 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn figures_years_apart_are_a_change_not_a_conflict() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2019-01-01", "There are 5,200 U.S. troops in Iraq."),
                ("b", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Change);
        assert!(found[0].why.contains("5200 at 2019-01-01 → 2500 at 2024-01-25"), "{}", found[0].why);
    }

    #[test]
    fn a_change_shows_other_sources_of_a_step_without_changing_its_facts() {
        let story = [
            ("a", "2019-01-01", "There are 5,200 U.S. troops in Iraq."),
            ("c", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
            ("b", "2019-01-03", "About 5,200 U.S. troops are in Iraq."),
        ];
        let (claims, found) = detect_with_claims(&LevelMismatch, &story);
        assert_eq!(claims.len(), 3, "{claims:?}");
        let [change] = &found[..] else { panic!("{found:?}") };
        let roles: Vec<(&str, &str)> = change
            .sides
            .iter()
            .map(|s| {
                (
                    &*claims.iter().find(|c| c.id == s.claim).unwrap().provenance.article,
                    s.role.as_str(),
                )
            })
            .collect();
        assert_eq!(
            roles,
            vec![
                ("a", "value at its time"),
                ("c", "value at its time"),
                ("b", "same value at its time")
            ]
        );
        // The same change without the repeating article: same facts, so the same id once run.
        let (_, without) = detect_with_claims(&LevelMismatch, &story[..2]);
        assert_eq!(without[0].shape, change.shape);
    }

    #[test]
    fn a_magnitude_word_is_no_level() {
        // "Thousands" returning to base is a part of the force, not a count of it.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2022-02-15", "Thousands of Russian troops are in Belarus."),
                ("b", "2022-02-16", "There are 30,000 Russian troops in Belarus."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_figure_under_a_magnitude_words_floor_conflicts_with_it() {
        // A part may be any size below the whole, but "several hundred" is never about 100.
        let (_, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2021-06-24",
                    "Several hundred additional American troops will remain at the Kabul airport.",
                ),
                (
                    "b",
                    "2021-06-26",
                    "About 100 more U.S. soldiers are expected to remain at the airport in Kabul.",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].why.contains("~100 (b)") && found[0].why.contains("200..900 (a)"),
            "{}",
            found[0].why
        );
        // At or above the floor it is a part, as "thousands" is of 30,000.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2021-06-24",
                    "Several hundred additional American troops will remain at the Kabul airport.",
                ),
                (
                    "b",
                    "2021-06-26",
                    "About 150 more U.S. soldiers are expected to remain at the airport in Kabul.",
                ),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn two_hedged_figures_conflict_unless_one_rounds_the_other() {
        // Both within the other's ±10%, but two reporters' different numbers for one plan.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2020-07-29", "Nearly 5,600 U.S. troops will remain in Europe."),
                ("b", "2020-07-29", "About 5,400 U.S. troops will remain in Europe."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].why.contains("~5600 (a)") && found[0].why.contains("~5400 (b)"),
            "{}",
            found[0].why
        );
        // 11,900 rounded is 12,000: one figure.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2020-07-29", "There are 11,900 U.S. troops in Germany."),
                ("b", "2020-07-29", "There are 12,000 U.S. troops in Germany."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_lower_bound_conflicts_with_a_figure_far_past_it() {
        // "More than 600" is said of a force near 600, not of one near 1,000.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2024-03-17", "The United States still has some 1,000 troops in Niger."),
                ("b", "2024-03-18", "There are more than 600 American troops stationed in Niger."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains(">=600 (b)"), "{}", found[0].why);
        // An estimate somewhat past the bound is compatible with it.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2022-01-28", "Russia has amassed at least 100,000 troops near Ukraine."),
                ("b", "2022-01-28", "Russia has amassed about 130,000 troops near Ukraine."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn amounts_conflict_only_when_they_move_the_same_way() {
        // One plan told two ways the same day.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2020-07-29", "The Pentagon will withdraw 12,000 troops from Germany."),
                ("b", "2020-07-29", "The Pentagon will withdraw about 9,500 troops from Germany."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("amount withdrawn"), "{}", found[0].why);
        // Troops sent and troops withdrawn the same week are two actions; and amounts at two
        // times are two moves, never a change of one figure.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2020-07-29", "The Pentagon will withdraw 12,000 troops from Germany."),
                ("b", "2020-07-30", "The Pentagon will send 500 more troops to Germany."),
                ("c", "2020-12-01", "The Pentagon will withdraw 1,000 troops from Germany."),
            ],
        );
        assert_eq!(claims.len(), 3, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn amounts_moved_elsewhere_meet_only_amounts_moved_elsewhere() {
        // One relocation told two ways the same day.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2020-07-29",
                    "The Pentagon will redeploy 2,000 troops to other countries in Europe.",
                ),
                (
                    "b",
                    "2020-07-29",
                    "The Pentagon will relocate 5,000 troops to other countries in Europe.",
                ),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert!(
            claims.iter().all(|c| c.direction == Some(crate::claim::Direction::Elsewhere)),
            "{claims:?}"
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("amount moved elsewhere"), "{}", found[0].why);
        // Troops moved within Europe are not troops withdrawn from it.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                (
                    "a",
                    "2020-07-29",
                    "The Pentagon will redeploy 2,000 troops to other countries in Europe.",
                ),
                ("b", "2020-07-29", "The Pentagon will withdraw 5,000 troops from Europe."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_source_that_tells_a_figure_moving_splits_the_window_there() {
        let told = (
            "a",
            "2022-02-18",
            "A senior Russian official said on Wednesday that there were around 160,000 Russian troops near Ukraine. \
             Russia now has 190,000 troops near Ukraine.",
        );
        let figures = |claims: &[Claim]| claims.iter().filter(|c| c.kind.name == "troop-count").count();
        let (claims, found) = detect_with_claims(&LevelMismatch, &[told]);
        assert_eq!(figures(&claims), 2, "{claims:?}");
        assert!(found.iter().all(|f| f.severity != Severity::Conflict), "{found:?}");
        // Another source's figure of Wednesday still meets Wednesday's; and without a source
        // telling the move, two figures two days apart stay one time.
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[told, ("b", "2022-02-16", "Russia has 100,000 troops near Ukraine.")],
        );
        assert_eq!(figures(&claims), 3, "{claims:?}");
        let conflicts: Vec<_> = found.iter().filter(|f| f.severity == Severity::Conflict).collect();
        assert_eq!(conflicts.len(), 1, "{found:?}");
        assert!(
            conflicts[0].why.contains("100000") && !conflicts[0].why.contains("190000"),
            "{}",
            conflicts[0].why
        );
        let (_, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("b", "2022-02-16", "Russia has 160,000 troops near Ukraine."),
                ("c", "2022-02-18", "Russia has 190,000 troops near Ukraine."),
            ],
        );
        assert!(found.iter().any(|f| f.severity == Severity::Conflict), "{found:?}");
    }

    #[test]
    fn a_change_lists_every_value_of_every_window() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2024-01-01", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2024-01-02", "There are 3,000 U.S. troops in Iraq."),
                ("c", "2024-06-01", "There are 4,000 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 3, "{claims:?}");
        let change = found.iter().find(|f| f.severity == Severity::Change).expect("a change");
        assert!(
            change.why.ends_with("2500 / 3000 at 2024-01-01 → 4000 at 2024-06-01"),
            "{}",
            change.why
        );
        assert_eq!(change.sides.len(), 3, "{change:?}");
    }

    #[test]
    fn an_undated_article_conflicts_with_nothing() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "", "There are 5,200 U.S. troops in Iraq."),
                ("b", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_planned_level_is_not_compared_with_the_current_one() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[
                ("a", "2024-01-25", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2024-01-26", "The U.S. will keep 1,000 troops in Iraq."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert!(claims.iter().any(|c| c.status == Status::Planned), "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_figure_with_its_own_past_year_is_a_change() {
        let (claims, found) = detect_with_claims(
            &LevelMismatch,
            &[(
                "a",
                "2024-01-25",
                "About 5,000 U.S. troops returned to Iraq in 2014. Today there are 2,500 U.S. troops in Iraq.",
            )],
        );
        assert!(claims.len() >= 2, "{claims:?}");
        assert!(found.iter().all(|f| f.severity != Severity::Conflict), "{found:?}");
    }

    #[test]
    fn a_key_with_many_figures_is_one_finding_with_a_bounded_text_and_a_note() {
        // Forty outlets, forty figures for one force at one time: one finding, not 780 pairs,
        // whose text lists a readable number of values and counts the rest.
        let texts: Vec<(String, String)> = (0..40)
            .map(|i| (format!("a{i:02}"), format!("The U.S. has {} troops in Syria.", 1000 + 137 * i)))
            .collect();
        let articles: Vec<(&str, &str, &str)> = texts.iter().map(|(id, text)| (id.as_str(), "2024-05-01", text.as_str())).collect();
        let (claims, found) = detect_with_claims(&LevelMismatch, &articles);
        assert_eq!(claims.len(), 40, "every figure was read: {claims:#?}");
        assert_eq!(found.len(), 1, "{found:#?}");
        let finding = &found[0];
        assert!(finding.why.starts_with("40 different values"), "{}", finding.why);
        assert!(finding.why.ends_with("and 28 more values"), "{}", finding.why);
        assert!(finding.why.len() < 600, "{} bytes", finding.why.len());
        assert_eq!(finding.sides.len() + finding.more_sides, 40, "every source is counted");
    }
}

#[cfg(test)]
mod nested_places {
    use super::*;
    use crate::article::{Article, Meta};

    /// The smallest pack with places in places: a toll kind, Derna and Benghazi in Libya.
    fn pack(nested: bool) -> crate::rules::RuleSet {
        let text = format!(
            r#"
[[kind]]
name = "toll"
description = "dead"
value = "quantity"
compare = ["running-total"]
compare-by = ["place"]
same-time-days = 0
nested-places = {nested}

[dictionary.place]
[dictionary.place.entities]
libya = ["Libya"]
derna = ["Derna"]
benghazi = ["Benghazi"]
[dictionary.place.within]
derna = "libya"
benghazi = "libya"

[[rule]]
id = "dead-in"
kind = "toll"
description = "N dead in PLACE"
patterns = ['''{{value:\d[\d,]*}} dead(?: in {{place:place}})?''']
example = [{{ text = "5 dead in Derna.", expect = {{ value = "5", place = "derna" }} }}]
"#
        );
        let files = vec![crate::rules::SourceFile {
            path: "pack.toml".into(),
            text,
        }];
        let loaded = crate::rules::load_files(files);
        loaded.rules.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    fn conflicts(nested: bool, texts: &[&str]) -> Vec<String> {
        let rules = pack(nested);
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let meta = Meta {
                    outlet: None,
                    published: Some(jiff::civil::date(2023, 9, 17)),
                };
                Article::from_text(&format!("a{i}"), "a", t.to_string(), meta, &rules).unwrap()
            })
            .collect();
        let claims: Vec<Claim> = articles.iter().flat_map(|a| crate::extract::extract_article(&rules, a)).collect();
        let graph = ClaimGraph::build(&articles, &claims);
        let mut out = Vec::new();
        LevelMismatch.detect(&graph, &Config::default(), &mut out);
        out.into_iter()
            .filter(|f| f.severity == Severity::Conflict)
            .map(|f| f.why)
            .collect()
    }

    #[test]
    fn a_whole_lower_than_its_part_conflicts() {
        let found = conflicts(true, &["3,166 dead in Libya.", "11,300 dead in Derna."]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("lower than 11300 in derna, which lies within libya"), "{found:?}");
    }

    #[test]
    fn a_whole_higher_than_its_part_a_sibling_or_no_place_never_conflicts() {
        assert!(conflicts(true, &["12,000 dead in Libya.", "11,300 dead in Derna."]).is_empty());
        assert!(conflicts(true, &["200 dead in Benghazi.", "11,300 dead in Derna."]).is_empty());
        assert!(conflicts(true, &["3,166 dead.", "11,300 dead in Derna."]).is_empty());
    }

    #[test]
    fn without_nested_places_the_hierarchy_changes_no_comparison() {
        assert!(conflicts(false, &["3,166 dead in Libya.", "11,300 dead in Derna."]).is_empty());
    }
}
