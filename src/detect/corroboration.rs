//! corroboration: the same figure, date or office holder from two or more articles.
//!
//! An editor cares how many independent sources stand behind a fact: copies of one wire story
//! are one source. Articles count as copies when they share an outlet or carry the same
//! sentence almost word for word.
//! Example: "2,500 Americans" (000), "roughly 2,500 U.S. troops" (001), "an estimated 2,500
//! U.S. troops" (002).

use super::{Config, Detector, Finding, Severity};
use crate::claim::{Claim, ClaimKind, Modality, Value};
use crate::graph::ClaimGraph;
use std::collections::{BTreeMap, BTreeSet};

pub struct Corroboration;

/// Word-set similarity above which two sentences are taken as copies of one another.
const COPY_SIMILARITY: f64 = 0.8;

/// What two claims must share to corroborate each other.
fn signature(c: &Claim) -> Option<String> {
    match c.kind {
        // "Returned in 2014" and "present since 2014" both put the party there from 2014.
        ClaimKind::Return | ClaimKind::Presence => c.time.as_ref().map(|t| format!("there from {}", t.start.year())),
        ClaimKind::Withdrawal => c.time.as_ref().map(|t| format!("left in {}", t.start.year())),
        ClaimKind::Deadline => c.time.as_ref().map(|t| format!("leave by {t}")),
        ClaimKind::TroopCount | ClaimKind::AttackCount | ClaimKind::CasualtyCount => match &c.value {
            Some(Value::Quantity(q)) if q.qualifier != crate::normalize::quantity::Qualifier::Vague => Some(match &c.topic {
                Some(topic) => format!("{topic} {}", q.nominal),
                None => q.nominal.to_string(),
            }),
            _ => None,
        },
        ClaimKind::OfficeHolder => c.value.as_ref().map(|v| format!("{} {v}", c.topic.as_deref().unwrap_or("office"))),
        _ => None,
    }
}

fn words(sentence: &str) -> BTreeSet<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

impl Detector for Corroboration {
    fn id(&self) -> &'static str {
        "corroboration"
    }

    fn detect(&self, graph: &ClaimGraph, _config: &Config, out: &mut Vec<Finding>) {
        let buckets = graph.buckets(|c| matches!(c.modality, Modality::Asserted));
        for (key, members) in &buckets {
            let mut by_signature: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &m in members {
                if let Some(s) = signature(&graph.claims[m]) {
                    by_signature.entry(s).or_default().push(m);
                }
            }
            for (sig, group) in by_signature {
                // One claim per article: the first.
                let mut seen = BTreeSet::new();
                let group: Vec<usize> = group.into_iter().filter(|&m| seen.insert(graph.article_of[m])).collect();
                if group.len() < 2 {
                    continue;
                }
                let claims: Vec<&Claim> = group.iter().map(|&m| &graph.claims[m]).collect();
                let mut copies = Vec::new();
                for (i, a) in group.iter().enumerate() {
                    for b in &group[i + 1..] {
                        let (aa, ab) = (graph.article(*a), graph.article(*b));
                        let same_outlet = aa.outlet.is_some() && aa.outlet == ab.outlet;
                        if same_outlet
                            || similarity(&graph.claims[*a].provenance.sentence, &graph.claims[*b].provenance.sentence) >= COPY_SIMILARITY
                        {
                            copies.push(format!("{} and {}", aa.id, ab.id));
                        }
                    }
                }
                let independence = if copies.is_empty() {
                    "independently worded".to_string()
                } else {
                    format!("but {} look like copies of one story", copies.join(", "))
                };
                let subject = if key.subject.is_empty() {
                    String::new()
                } else {
                    format!("{} ", key.subject)
                };
                let place = if key.place.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", key.place)
                };
                let why = format!(
                    "{} articles agree on {}{}{}: {sig}, {independence}",
                    claims.len(),
                    subject,
                    key.family,
                    place
                );
                out.push(Finding::new(
                    self.id(),
                    Severity::Corroboration,
                    claims.iter().map(|c| (*c, "agrees")).collect(),
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
    fn the_same_figure_from_two_articles_corroborates() {
        let found = detect(
            &Corroboration,
            &[
                ("a", "2021-07-23", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2021-07-22", "Roughly 2,500 American soldiers remain in Iraq, officials say."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("independently worded"), "{}", found[0].why);
    }

    #[test]
    fn near_identical_sentences_are_copies() {
        let found = detect(
            &Corroboration,
            &[
                ("a", "2021-07-23", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2021-07-22", "There are 2,500 U.S. troops in Iraq now."),
            ],
        );
        assert!(found[0].why.contains("look like copies"), "{}", found[0].why);
    }

    #[test]
    fn one_article_alone_or_different_figures_do_not() {
        let found = detect(
            &Corroboration,
            &[
                (
                    "a",
                    "2021-07-23",
                    "There are 2,500 U.S. troops in Iraq. There are 2,500 U.S. troops in Iraq.",
                ),
                ("b", "2021-07-22", "There are 900 U.S. troops in Iraq."),
            ],
        );
        assert_eq!(found, vec![]);
    }
}
