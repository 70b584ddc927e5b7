//! Stable, unique ids for claims and findings.
//!
//! An editor's review ledger, a CI baseline and SARIF fingerprints all name findings by id, so
//! an id must survive every edit that leaves the facts alone: a line inserted at the top of an
//! article, a renamed file, a reordered corpus. Ids therefore hash content only, never byte
//! offsets, file names or corpus positions:
//!
//! - a claim's of its article's outlet and date (not its file name), its rule, and its
//!   normalised sentence and quote (`extract::build_claim`);
//! - a finding's of its detector and the sorted facts of its sides, each a role and the
//!   claim's normalised key and value (`detect::fact_key`), which is also what findings are
//!   merged on, so one id stands for one set of facts however many articles repeat them.
//!
//! Two items may still hash alike: the same sentence said twice, or (with 64 bits, rarely) two
//! different contents. Ids never silently alias: [`assign`] gives every item a distinct id,
//! salting the later ones of a clash with their rank in a content order, so the result does not
//! depend on which file came first, and counts the clashes between different contents.

use crate::claim::stable_hash;

/// The ids given to a list of items, in input order, and how many clashes between different
/// contents had to be resolved (0 unless the 64-bit hash collided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub ids: Vec<String>,
    pub collisions: usize,
}

/// Gives each item a distinct `prefix-` id of 16 hex digits from its content. Items are visited
/// in (content, tiebreak) order; an item whose hash is taken is rehashed with a salt until it
/// is free. Equal contents are told apart by `tiebreak` (a position in the input, only used
/// for true duplicates); everything else is independent of input order.
pub fn assign(prefix: &str, items: &[(&str, usize)]) -> Assigned {
    assign_with(prefix, items, &stable_hash)
}

/// [`assign`] with the hash function given, so tests can force collisions.
pub fn assign_with(prefix: &str, items: &[(&str, usize)], hash: &dyn Fn(&[&str]) -> u64) -> Assigned {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].cmp(&items[b]));
    let mut taken: std::collections::HashMap<u64, &str> = std::collections::HashMap::with_capacity(items.len());
    let mut ids = vec![String::new(); items.len()];
    let mut collisions = 0;
    for i in order {
        let content = items[i].0;
        let (value, clashed) = free_hash(content, items.len(), hash, |v| taken.get(&v).map(|&holder| holder == content));
        collisions += usize::from(clashed);
        taken.insert(value, content);
        ids[i] = format!("{prefix}-{value:016x}");
    }
    Assigned { ids, collisions }
}

/// The hash `assign` gives `content`: its plain hash, else the first salted one not `taken`
/// (which says whether it holds the same content), and whether the plain one was held by a
/// different content (a collision).
fn free_hash(content: &str, count: usize, hash: &dyn Fn(&[&str]) -> u64, taken: impl Fn(u64) -> Option<bool>) -> (u64, bool) {
    let mut value = hash(&[content]);
    let mut salt = 0usize;
    let mut clashed = false;
    while let Some(same) = taken(value) {
        if salt == 0 && !same {
            clashed = true;
        }
        salt += 1;
        value = hash(&[content, &salt.to_string()]);
        // A hash that always clashes (only a test's) still ends: past the item count, a
        // salt-derived value is unique by construction.
        if salt > count + 1 {
            value = value.wrapping_add(salt as u64);
        }
    }
    (value, clashed)
}

/// Makes the claim ids of a whole corpus unique. Claims are hashed per article, so the same
/// sentence in two articles from one outlet on one day hashes alike; those (and any hash
/// collision) are told apart here, by their order in the corpus.
pub fn unique_claim_ids(claims: &mut [crate::claim::Claim]) {
    let mut seen = std::collections::HashSet::with_capacity(claims.len());
    if claims.iter().all(|c| seen.insert(c.id)) {
        return;
    }
    drop(seen);
    // What `assign` does with the ids as shown (`c-` and 16 hex digits), done on the 64-bit ids:
    // shown ids sort as the numbers do, and each is formatted only while it is hashed, so a
    // corpus of a million claims never holds a million id strings (at 100,000 articles they
    // and their index were about 120 MiB on top of the claims, where `check` peaked).
    let mut order: Vec<(u64, usize)> = claims.iter().enumerate().map(|(i, c)| (c.id.0, i)).collect();
    order.sort_unstable();
    let mut taken = std::collections::HashSet::with_capacity(claims.len());
    for (base, i) in order {
        let shown = crate::claim::ClaimId(base).to_string();
        // Salted ids are told apart by value alone: clashes are not counted for claims.
        let (value, _) = free_hash(&shown, claims.len(), &stable_hash, |v| taken.contains(&v).then_some(true));
        taken.insert(value);
        claims[i].id = crate::claim::ClaimId(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_content_hashes_independent_of_order() {
        let a = assign("f", &[("level|x", 0), ("corroboration|y", 1)]);
        let b = assign("f", &[("corroboration|y", 0), ("level|x", 1)]);
        assert_eq!(a.ids[0], b.ids[1]);
        assert_eq!(a.ids[1], b.ids[0]);
        assert_eq!(a.ids[0], format!("f-{:016x}", stable_hash(&["level|x"])));
        assert_eq!(a.collisions, 0);
    }

    #[test]
    fn a_hash_collision_never_aliases_two_contents() {
        // Every content hashes to 42 unless salted: the worst hash there is.
        let clash = |parts: &[&str]| if parts.len() == 1 { 42 } else { stable_hash(parts) };
        let items = [("b", 0), ("a", 1), ("c", 2)];
        let first = assign_with("f", &items, &clash);
        let mut distinct = first.ids.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 3, "{:?}", first.ids);
        assert_eq!(first.collisions, 2);
        // The content first in content order keeps the plain hash, whatever the input order.
        assert_eq!(first.ids[1], "f-000000000000002a");
        let reordered = assign_with("f", &[("c", 0), ("b", 1), ("a", 2)], &clash);
        assert_eq!(
            reordered.ids,
            vec![first.ids[2].clone(), first.ids[0].clone(), first.ids[1].clone()]
        );
        // A constant hash, even salted, still ends with distinct ids.
        let constant = assign_with("f", &items, &|_: &[&str]| 7);
        let mut ids = constant.ids.clone();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 3, "{:?}", constant.ids);
    }

    #[test]
    fn true_duplicates_are_told_apart_by_position_and_are_not_collisions() {
        let assigned = assign("c", &[("same", 0), ("same", 1)]);
        assert_ne!(assigned.ids[0], assigned.ids[1]);
        assert_eq!(assigned.ids[0], format!("c-{:016x}", stable_hash(&["same"])));
        assert_eq!(assigned.collisions, 0);
    }
}
