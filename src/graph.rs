//! The claim graph: articles, claims and entities as petgraph nodes; asserts, about, said-by,
//! denies, corroborates and conflicts as edges.
//!
//! Nodes are added in a fixed order (articles, then claims, then entities sorted by key) and
//! never removed, so indices and the DOT output are stable. Detectors read comparable groups of
//! claims from here: claims are bucketed by (kind family, subject, place) through the entity
//! nodes, so comparing is never all-pairs over the corpus.

use crate::article::Article;
use crate::claim::Claim;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Article(usize),
    Claim(usize),
    /// An entity key: a canonical id, or the words of an unresolved source.
    Entity(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edge {
    Asserts,
    Subject,
    Place,
    SaidBy,
    Denies,
    Corroborates,
    Conflicts,
    /// A dispute or a change: linked, but not an error.
    Relates,
}

/// Claims that may be compared: same kind family, subject and place after alias resolution,
/// and same scope (none means all forces: combat forces leaving is not all forces leaving).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BucketKey {
    pub family: String,
    pub subject: String,
    pub place: String,
    pub scope: String,
}

impl BucketKey {
    /// The key of a claim, with only the fields its kind compares by.
    pub fn of(c: &Claim) -> BucketKey {
        let by = |field: &str, value: String| if c.kind.compares_by(field) { value } else { String::new() };
        BucketKey {
            family: c.kind.family.clone(),
            subject: by("subject", c.subject_key()),
            place: by("place", c.place_key()),
            scope: by("scope", c.scope.as_deref().unwrap_or_default().to_string()),
        }
    }
}

impl std::fmt::Display for BucketKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.scope.is_empty() {
            write!(f, "{} ", self.scope)?;
        }
        if !self.subject.is_empty() {
            write!(f, "{} ", self.subject)?;
        }
        f.write_str(&self.family)?;
        if !self.place.is_empty() {
            write!(f, " in {}", self.place)?;
        }
        Ok(())
    }
}

pub struct ClaimGraph<'a> {
    pub articles: &'a [Article],
    pub claims: &'a [Claim],
    pub graph: DiGraph<Node, Edge>,
    pub claim_nodes: Vec<NodeIndex>,
    pub entity_nodes: BTreeMap<String, NodeIndex>,
    /// Index of each claim's article in `articles`.
    pub article_of: Vec<usize>,
    /// Each claim's subject and place entity nodes, read off its edges once.
    subject_place: Vec<(Option<NodeIndex>, Option<NodeIndex>)>,
    /// Claim id to index, built once for everything that finds claims by id.
    claim_index: std::collections::HashMap<crate::claim::ClaimId, usize>,
    /// A hash of each claim's fact signature (what it says and when it was said), computed once
    /// because every pairwise detector groups claims by it.
    fact_hashes: Vec<u64>,
}

impl<'a> ClaimGraph<'a> {
    pub fn build(articles: &'a [Article], claims: &'a [Claim]) -> ClaimGraph<'a> {
        let mut graph = DiGraph::new();
        let article_nodes: Vec<NodeIndex> = (0..articles.len()).map(|i| graph.add_node(Node::Article(i))).collect();
        let article_index: BTreeMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let claim_nodes: Vec<NodeIndex> = (0..claims.len()).map(|i| graph.add_node(Node::Claim(i))).collect();
        // Collected as a set, not sorted and deduplicated after: a corpus names a few hundred
        // entities through millions of claims, and a key string per mention is held only while
        // it is looked up.
        let keys: std::collections::BTreeSet<String> = claims
            .iter()
            .flat_map(|c| [&c.subject, &c.place, &c.speaker])
            .flatten()
            .map(|e| e.key())
            .collect();
        let entity_nodes: BTreeMap<String, NodeIndex> = keys.into_iter().map(|k| (k.clone(), graph.add_node(Node::Entity(k)))).collect();
        let mut article_of = Vec::with_capacity(claims.len());
        let mut subject_place = Vec::with_capacity(claims.len());
        for (i, claim) in claims.iter().enumerate() {
            let a = article_index.get(&*claim.provenance.article).copied().unwrap_or(0);
            article_of.push(a);
            if let Some(&node) = article_nodes.get(a) {
                graph.add_edge(node, claim_nodes[i], Edge::Asserts);
            }
            for (entity, edge) in [
                (&claim.subject, Edge::Subject),
                (&claim.place, Edge::Place),
                (&claim.speaker, Edge::SaidBy),
            ] {
                if let Some(e) = entity {
                    graph.add_edge(claim_nodes[i], entity_nodes[&e.key()], edge);
                }
            }
            let node_of = |e: &Option<std::sync::Arc<crate::claim::Entity>>| e.as_ref().map(|e| entity_nodes[&e.key()]);
            subject_place.push((node_of(&claim.subject), node_of(&claim.place)));
        }
        use rayon::prelude::*;
        let fact_hashes = claims
            .par_iter()
            .map(|c| crate::claim::stable_hash(&[&crate::detect::fact_signature(c)]))
            .collect();
        ClaimGraph {
            articles,
            claims,
            graph,
            claim_nodes,
            entity_nodes,
            article_of,
            subject_place,
            fact_hashes,
            claim_index: claims.iter().enumerate().map(|(i, c)| (c.id, i)).collect(),
        }
    }

    /// The index of the claim with this id.
    pub fn claim(&self, id: crate::claim::ClaimId) -> Option<usize> {
        self.claim_index.get(&id).copied()
    }

    /// The hash of a claim's fact signature: equal for claims that say the same thing on the
    /// same date.
    pub fn fact_hash(&self, claim: usize) -> u64 {
        self.fact_hashes[claim]
    }

    /// Comparable claims, bucketed through their subject and place entity nodes. Buckets and
    /// their members are in a stable order.
    pub fn buckets(&self, keep: impl Fn(&Claim) -> bool) -> BTreeMap<BucketKey, Vec<usize>> {
        // Grouped on node indices first; the entity keys are looked up once per bucket.
        type NodeKey<'k> = (&'k str, Option<NodeIndex>, Option<NodeIndex>, &'k str);
        let mut by_nodes: BTreeMap<NodeKey, Vec<usize>> = BTreeMap::new();
        for (i, claim) in self.claims.iter().enumerate() {
            if keep(claim) {
                let (subject, place) = self.subject_place[i];
                let by = |field: &str| claim.kind.compares_by(field);
                let (subject, place) = (subject.filter(|_| by("subject")), place.filter(|_| by("place")));
                let scope = if by("scope") { claim.scope.as_deref().unwrap_or("") } else { "" };
                by_nodes
                    .entry((claim.kind.family.as_str(), subject, place, scope))
                    .or_default()
                    .push(i);
            }
        }
        let key_of = |node: Option<NodeIndex>| match node.map(|n| &self.graph[n]) {
            Some(Node::Entity(key)) => key.clone(),
            _ => String::new(),
        };
        by_nodes
            .into_iter()
            .map(|((family, subject, place, scope), members)| {
                (
                    BucketKey {
                        family: family.to_string(),
                        subject: key_of(subject),
                        place: key_of(place),
                        scope: scope.to_string(),
                    },
                    members,
                )
            })
            .collect()
    }

    pub fn article(&self, claim: usize) -> &Article {
        &self.articles[self.article_of[claim]]
    }

    /// Adds the edges findings imply; called once, after detectors ran.
    pub fn link(&mut self, findings: &[crate::detect::Finding]) {
        use crate::detect::Severity;
        for finding in findings {
            let edge = match finding.severity {
                Severity::Conflict => Edge::Conflicts,
                Severity::Corroboration => Edge::Corroborates,
                _ => Edge::Relates,
            };
            let nodes: Vec<NodeIndex> = finding
                .sides
                .iter()
                .filter_map(|s| self.claim_index.get(&s.claim))
                .map(|&i| self.claim_nodes[i])
                .collect();
            for pair in nodes.windows(2) {
                self.graph.add_edge(pair[0], pair[1], edge);
            }
            if finding.detector == "assertion-denial" {
                if let (Some(&denial), Some(&target)) = (nodes.last(), nodes.get(nodes.len().saturating_sub(2))) {
                    self.graph.add_edge(denial, target, Edge::Denies);
                }
            }
        }
    }
}
