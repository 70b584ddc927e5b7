//! opposed-positions: parties state different positions on the same topic at the same time.
//!
//! A dispute between parties, not an error in a source: an editor wants both positions in the
//! story, attributed. Parties are told apart through the dictionaries, so "U.S. officials" and
//! "the Iraqis" are the parties us and iraq. Claims are grouped by topic, sorted by the date
//! they were said and swept into windows of the kind's `same-time-days`; a window where two
//! parties hold different values is one finding listing every stance and who gave it. Work is
//! a sort per topic, never pairs of claims: a story's coverage can hold thousands of wordings
//! of a few positions.
//! Example: "U.S. officials proposing a two- to five-year timeline while the Iraqis wanted a
//! more immediate withdrawal".

use super::{one_per_article, same_time_said, show_time, show_value, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Status};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;
use std::collections::BTreeMap;

pub struct OpposedPositions;

fn party(c: &Claim) -> Option<&str> {
    c.subject.as_ref().and_then(|s| s.party())
}

/// Most stances a finding's text lists, and articles per stance; the rest are counted.
const STANCES_LISTED: usize = 8;
const ARTICLES_PER_STANCE: usize = 4;

impl Detector for OpposedPositions {
    fn id(&self) -> &'static str {
        "opposed-positions"
    }

    fn summary(&self) -> &'static str {
        "Kinds that compare as a `position`: parties state different values on the same topic at about the same time (one finding per topic and window, listing every stance); a dispute in the world, not an error in a source."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        // Bucketed by topic: positions on different topics never oppose.
        let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            if c.kind.has(Behaviour::Position) && !matches!(c.status, Status::Denied | Status::Reported) && party(c).is_some() {
                if let (Some(topic), Some(_)) = (c.topic.as_deref(), &c.said_at) {
                    by_topic.entry(topic).or_default().push(i);
                }
            }
        }
        for (topic, mut members) in by_topic {
            members.sort_by_cached_key(|&m| (graph.claims[m].said_at.as_ref().map(|t| t.start), graph.article_of[m], m));
            let mut window: Vec<usize> = Vec::new();
            for m in members {
                let joins = window
                    .first()
                    .is_some_and(|&w| same_time_said(&graph.claims[w], &graph.claims[m], config));
                if !joins {
                    out.extend(dispute(self.id(), graph, topic, &window));
                    window.clear();
                }
                window.push(m);
            }
            out.extend(dispute(self.id(), graph, topic, &window));
        }
    }
}

/// The window's stances (party and value), in the order first given; a dispute when two
/// parties hold different values. With two parties and two values there is always a pair of
/// stances that differ in both, so no pair needs to be looked at.
fn dispute(id: &'static str, graph: &ClaimGraph, topic: &str, window: &[usize]) -> Option<Finding> {
    let mut stances: Vec<(&str, String, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for &m in window {
        let c = &graph.claims[m];
        let stance = (party(c).unwrap_or_default(), show_value(c).to_lowercase());
        match index.get(&stance) {
            Some(&s) => stances[s].2.push(m),
            None => {
                index.insert(stance.clone(), stances.len());
                stances.push((stance.0, stance.1, vec![m]));
            }
        }
    }
    let parties: std::collections::BTreeSet<&str> = stances.iter().map(|s| s.0).collect();
    let values: std::collections::BTreeSet<&str> = stances.iter().map(|s| s.1.as_str()).collect();
    if parties.len() < 2 || values.len() < 2 {
        return None;
    }
    let sides: Vec<(&Claim, &str)> = stances
        .iter()
        .map(|(party, _, claims)| (&graph.claims[one_per_article(graph, claims.iter().copied())[0]], *party))
        .collect();
    let why = if let [(a, pa), (b, pb)] = &sides[..] {
        format!("on {topic}, {pa} holds {} while {pb} holds {}", show_value(a), show_value(b))
    } else {
        let mut listed: Vec<String> = stances
            .iter()
            .take(STANCES_LISTED)
            .map(|(party, _, claims)| {
                let per_article = one_per_article(graph, claims.iter().copied());
                let mut articles: Vec<String> = per_article
                    .iter()
                    .take(ARTICLES_PER_STANCE)
                    .map(|&m| graph.article(m).id.clone())
                    .collect();
                if per_article.len() > ARTICLES_PER_STANCE {
                    articles.push(format!("and {} more", per_article.len() - ARTICLES_PER_STANCE));
                }
                format!(
                    "{party} holds {} ({})",
                    show_value(&graph.claims[per_article[0]]),
                    articles.join(", ")
                )
            })
            .collect();
        if stances.len() > STANCES_LISTED {
            listed.push(format!("and {} more stances", stances.len() - STANCES_LISTED));
        }
        format!(
            "on {topic}, {} parties hold {} positions around {}: {}",
            parties.len(),
            stances.len(),
            show_time(graph.claims[window[0]].said_at.as_ref()),
            listed.join("; ")
        )
    };
    Some(Finding::new(id, Severity::Dispute, sides, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    #[test]
    fn two_parties_two_positions_is_a_dispute() {
        let found = detect(
            &OpposedPositions,
            &[(
                "a",
                "2024-01-25",
                "U.S. officials proposed a two- to five-year timeline while the Iraqis wanted a more immediate withdrawal.",
            )],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Dispute);
        assert!(found[0].why.contains("us holds 2..5 year"), "{}", found[0].why);
    }

    #[test]
    fn many_wordings_of_three_stances_are_one_dispute_listing_each() {
        let mut articles: Vec<(String, &str, &str)> = Vec::new();
        for i in 0..30 {
            let text = match i % 3 {
                0 => "U.S. officials proposed a two- to five-year timeline for the withdrawal.",
                1 => "The Iraqis wanted a more immediate withdrawal.",
                _ => "Iranian officials demanded an immediate withdrawal.",
            };
            articles.push((format!("a{i:02}"), "2024-01-25", text));
        }
        let articles: Vec<(&str, &str, &str)> = articles.iter().map(|(id, d, t)| (id.as_str(), *d, *t)).collect();
        let (claims, found) = crate::detect::testing::detect_with_claims(&OpposedPositions, &articles);
        assert!(
            claims
                .iter()
                .filter(|c| c.kind.name() == "timeline" || c.kind.name() == "position")
                .count()
                >= 20,
            "{claims:?}"
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let why = &found[0].why;
        assert!(why.contains("us holds 2..5 year (a00, a03, a06, a09, and 6 more)"), "{why}");
        assert!(why.contains("3 parties hold 3 positions around 2024-01-25"), "{why}");
        assert!(why.contains("iraq holds \"more immediate\""), "{why}");
        assert!(why.contains("iran holds \"immediate\""), "{why}");
        assert_eq!(found[0].sides.len(), 3, "one side per stance: {found:?}");
    }

    #[test]
    fn the_same_stances_years_apart_are_two_times_not_one_dispute() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &OpposedPositions,
            &[
                (
                    "a",
                    "2020-01-25",
                    "U.S. officials proposed a two- to five-year timeline for the withdrawal.",
                ),
                ("b", "2024-01-25", "The Iraqis wanted a more immediate withdrawal."),
            ],
        );
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn one_party_saying_it_twice_is_not() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &OpposedPositions,
            &[
                (
                    "a",
                    "2024-01-25",
                    "Iraqi officials have complained that the U.S. strikes are a violation of Iraqi sovereignty.",
                ),
                (
                    "b",
                    "2024-02-08",
                    "Mr Hussein reiterated the Iraqi government's rejection of US strikes.",
                ),
            ],
        );
        assert_eq!(claims.iter().filter(|c| c.kind.name() == "position").count(), 2, "{claims:?}");
        assert_eq!(found, vec![]);
    }
}
