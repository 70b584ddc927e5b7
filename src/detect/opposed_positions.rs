//! opposed-positions: parties state different positions on the same topic at the same time.
//!
//! A dispute between parties, not an error in a source: an editor wants both positions in the
//! story, attributed. Parties are told apart through the dictionaries, so "U.S. officials" and
//! "the Iraqis" are the parties us and iraq.
//! Example: "U.S. officials proposing a two- to five-year timeline while the Iraqis wanted a
//! more immediate withdrawal".

use super::{same_time_said, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Status};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;

pub struct OpposedPositions;

fn party(c: &Claim) -> Option<&str> {
    c.subject.as_ref().and_then(|s| s.party())
}

impl Detector for OpposedPositions {
    fn id(&self) -> &'static str {
        "opposed-positions"
    }

    fn summary(&self) -> &'static str {
        "Kinds that compare as a `position`: two parties state different values on the same topic at about the same time; a dispute in the world, not an error in a source."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        // Bucketed by topic: positions on different topics never oppose.
        let mut by_topic: std::collections::BTreeMap<&str, Vec<&Claim>> = std::collections::BTreeMap::new();
        for c in graph.claims {
            if c.kind.has(Behaviour::Position) && !matches!(c.status, Status::Denied | Status::Reported) && party(c).is_some() {
                if let Some(topic) = c.topic.as_deref() {
                    by_topic.entry(topic).or_default().push(c);
                }
            }
        }
        for (topic, mut claims) in by_topic {
            let mut seen = std::collections::BTreeSet::new();
            claims.retain(|c| seen.insert(format!("{}|{}", party(c).unwrap_or(""), super::fact_signature(c))));
            for (i, a) in claims.iter().enumerate() {
                for b in &claims[i + 1..] {
                    let (pa, pb) = (party(a).unwrap_or(""), party(b).unwrap_or(""));
                    if pa == pb || a.value == b.value || !same_time_said(a, b, config) {
                        continue;
                    }
                    let show = |c: &Claim| c.value.as_ref().map_or("?".to_string(), |v| v.to_string());
                    let why = format!("on {topic}, {pa} holds {} while {pb} holds {}", show(a), show(b));
                    out.push(Finding::new(self.id(), Severity::Dispute, vec![(a, pa), (b, pb)], why));
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
