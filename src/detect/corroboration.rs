//! corroboration: the same figure, date or office holder from two or more articles.
//!
//! An editor cares how many independent sources stand behind a fact: copies of one wire story
//! are one source. Articles count as copies when they share an outlet or carry the same
//! sentence almost word for word.
//! Example: "2,500 Americans" (000), "roughly 2,500 U.S. troops" (001), "an estimated 2,500
//! U.S. troops" (002).

use super::{Config, Detector, Finding, Severity};
use crate::claim::{Claim, Value};
use crate::graph::ClaimGraph;
use crate::kinds::{Behaviour, ValueType};
use std::collections::{BTreeMap, BTreeSet};

pub struct Corroboration;

/// Word-set similarity above which two sentences are taken as copies of one another.
const COPY_SIMILARITY: f64 = 0.8;

/// What two claims must share to corroborate each other: the status and the value (a figure
/// by its nominal number); for a time, its year for events and states (a return "in 2014" and
/// a presence "since 2014" both put the party there from 2014) and its day for deadlines.
fn signature(c: &Claim) -> Option<String> {
    if !c.kind.corroborate || !c.status.is_own_claim() {
        return None;
    }
    let value = match c.kind.value {
        // A dated event or state is one fact whatever the status words around it.
        ValueType::Time => {
            let t = c.time.as_ref().filter(|_| c.time_origin == crate::claim::TimeOrigin::Text)?;
            return Some(if c.kind.has(Behaviour::Deadline) {
                format!("by {t}")
            } else {
                format!("from {}", t.start.year())
            });
        }
        _ => match &c.value {
            Some(Value::Quantity(q)) if q.qualifier != crate::normalize::quantity::Qualifier::Vague => match &c.topic {
                Some(topic) => format!("{topic} {}", q.nominal),
                None => q.nominal.to_string(),
            },
            Some(Value::Quantity(_)) | None => return None,
            Some(v) => format!("{} {v}", c.topic.as_deref().unwrap_or("")),
        },
    };
    Some(format!("{} {}", c.status.name(), value.trim()))
}

fn words(sentence: &str) -> BTreeSet<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Groups the articles of a corroborating group into stories: same outlet, or the same
/// sentence almost word for word. Identical wordings are merged first, by value, so the
/// pairwise comparison runs over distinct wordings only, not over every article.
/// The pairs of wordings at least [`COPY_SIMILARITY`] alike, without comparing every pair: a
/// story repeated by thousands of articles has thousands of wordings. Prefix filtering (the
/// set-similarity join of Xiao et al., "Efficient similarity joins for near duplicate
/// detection"): with words ordered rarest first, two sets that alike share a word among the
/// first `n - ceil(t n) + 1` of each, so only sets sharing such a word are compared. Exact:
/// the same pairs as comparing all.
fn similar_pairs(wordings: &[(usize, BTreeSet<String>)]) -> Vec<(usize, usize)> {
    let mut frequency: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, set) in wordings {
        for w in set {
            *frequency.entry(w.as_str()).or_default() += 1;
        }
    }
    let prefix_len = |n: usize| (n + 1).saturating_sub((COPY_SIMILARITY * n as f64 - 1e-9).ceil() as usize).min(n);
    let mut index: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    let mut pairs = Vec::new();
    for (x, (i, a)) in wordings.iter().enumerate() {
        let mut ordered: Vec<&str> = a.iter().map(String::as_str).collect();
        ordered.sort_by_key(|w| (frequency[w], *w));
        let prefix = &ordered[..prefix_len(ordered.len())];
        let mut candidates: Vec<usize> = prefix.iter().flat_map(|w| index.get(w).into_iter().flatten().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        for y in candidates {
            let (j, b) = &wordings[y];
            let (small, large) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
            if small >= COPY_SIMILARITY * large && similarity(a, b) >= COPY_SIMILARITY {
                pairs.push((*j, *i));
            }
        }
        for w in prefix {
            index.entry(w).or_default().push(x);
        }
    }
    pairs
}

fn stories(graph: &ClaimGraph, group: &[usize]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..group.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut wordings: Vec<(usize, BTreeSet<String>)> = Vec::new();
    for (i, &m) in group.iter().enumerate() {
        if let Some(outlet) = &graph.article(m).outlet {
            let first = *first_of.entry(format!("outlet:{outlet}")).or_insert(i);
            union(&mut parent, first, i);
        }
        let set = words(graph.claims[m].provenance.sentence());
        let key = format!("words:{}", set.iter().cloned().collect::<Vec<_>>().join(" "));
        match first_of.get(&key) {
            Some(&first) => union(&mut parent, first, i),
            None => {
                first_of.insert(key, i);
                wordings.push((i, set));
            }
        }
    }
    for (i, j) in similar_pairs(&wordings) {
        union(&mut parent, i, j);
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &member) in group.iter().enumerate() {
        let root = find(&mut parent, i);
        by_root.entry(root).or_default().push(member);
    }
    by_root.into_values().collect()
}

/// "independently worded", or which articles look like copies and how many stories remain.
fn describe_copies(graph: &ClaimGraph, group: &[usize]) -> String {
    let stories = stories(graph, group);
    let copies: Vec<String> = stories
        .iter()
        .filter(|s| s.len() > 1)
        .take(3)
        .map(|s| {
            let ids: Vec<&str> = s.iter().take(3).map(|&m| graph.article(m).id.as_str()).collect();
            let more = if s.len() > 3 {
                format!(" and {} more", s.len() - 3)
            } else {
                String::new()
            };
            format!("{}{more}", ids.join(" and "))
        })
        .collect();
    if copies.is_empty() {
        return "independently worded".to_string();
    }
    let n_copy_groups = stories.iter().filter(|s| s.len() > 1).count();
    let more_groups = if n_copy_groups > 3 {
        format!(" (and {} more groups)", n_copy_groups - 3)
    } else {
        String::new()
    };
    format!(
        "but {}{more_groups} look like copies of one story: {} independent source{}",
        copies.join("; "),
        stories.len(),
        crate::diag::plural(stories.len())
    )
}

impl Detector for Corroboration {
    fn id(&self) -> &'static str {
        "corroboration"
    }

    fn summary(&self) -> &'static str {
        "The same figure, date or office holder from two or more articles, saying which articles look like copies of one story."
    }

    fn detect(&self, graph: &ClaimGraph, _config: &Config, out: &mut Vec<Finding>) {
        let buckets = graph.buckets(|c| c.kind.corroborate);
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
                let independence = describe_copies(graph, &group);
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
                    "{} articles agree on {}{}{}{}: {sig}, {independence}",
                    claims.len(),
                    if key.scope.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", key.scope)
                    },
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
    fn the_prefix_filter_finds_the_pairs_comparing_every_pair_finds() {
        let sentences = [
            "There are 2,500 U.S. troops in Iraq.",
            "There are 2,500 U.S. troops in Iraq now.",
            "About 2,500 American soldiers remain in Iraq, officials say.",
            "Roughly 2,500 American soldiers remain in Iraq, officials say.",
            "The Pentagon keeps 2,500 troops in Iraq.",
            "The Pentagon keeps 2,500 troops in Iraq today.",
            "Iraq.",
            "",
        ];
        let wordings: Vec<(usize, BTreeSet<String>)> = sentences.iter().enumerate().map(|(i, s)| (i, words(s))).collect();
        let mut all = Vec::new();
        for (x, (i, a)) in wordings.iter().enumerate() {
            for (j, b) in &wordings[x + 1..] {
                if similarity(a, b) >= COPY_SIMILARITY {
                    all.push((*i, *j));
                }
            }
        }
        let mut found = similar_pairs(&wordings);
        found.sort_unstable();
        assert_eq!(found, all);
        assert!(all.len() >= 2, "the sentences hold near copies: {all:?}");
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
        let (claims, found) = crate::detect::testing::detect_with_claims(
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
        assert_eq!(claims.iter().filter(|c| c.kind.name() == "troop-count").count(), 3, "{claims:?}");
        assert_eq!(found, vec![]);
    }
}
