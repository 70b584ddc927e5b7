//! Required literals: words every match of a pattern must contain, read off the compiled pattern.
//!
//! PERFORMANCE.md measured that on claim-dense text the lever is not running a rule where its
//! fixed words are absent: a pattern that begins with a lazy word repetition or a dictionary
//! alternation gets no literal prefilter from the regex engine and scans every byte at
//! 5-100 MB/s. Rule authors can list `anchors` by hand; this module derives, for every pattern,
//! a set of strings such that any match holds at least one of them, so extraction can skip the
//! sentences that hold none ([`Prefilter`]). It never changes what matches, only where the
//! engine looks: a literal that cannot be proven required is not used.

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many strings in one set: beyond it a set filters little and costs much.
const MAX_SET: usize = 256;
/// A set whose shortest string is shorter than this is not worth a pass: it hits everywhere.
const MIN_LEN: usize = 3;
/// A character class with at most this many characters is spelled out ("[Ssſ]" is three).
const MAX_CLASS: usize = 4;

/// At most this many sets per pattern: each further set needs every sentence's hits intersected.
const MAX_SETS: usize = 3;

/// What a node of the pattern matches, as far as literals go.
#[derive(Debug, Clone)]
struct Info {
    /// Every string the node can match, when that set is finite and small.
    exact: Option<Vec<String>>,
    /// Sets every match of the node holds a string of, each of them: "troops" after a figure
    /// and "denied" later are both required, and a sentence must hold both.
    required: Vec<Vec<String>>,
}

impl Info {
    fn none() -> Info {
        Info {
            exact: None,
            required: Vec::new(),
        }
    }

    fn exact(set: Vec<String>) -> Info {
        Info {
            required: vec![set.clone()],
            exact: Some(set),
        }
    }

    /// Every set this node guarantees: its required sets, else its exact one.
    fn all(&self) -> Vec<Vec<String>> {
        match (&self.required[..], &self.exact) {
            ([], Some(set)) => vec![set.clone()],
            (sets, _) => sets.to_vec(),
        }
    }

    /// The best single set this node guarantees.
    fn best(&self) -> Option<Vec<String>> {
        self.all().into_iter().max_by_key(|s| score(s))
    }
}

/// Sets of strings such that every match of the pattern holds one string of each set (compared
/// ASCII case-insensitively), best set first, or `None` when no useful set can be proven.
pub fn required(hir: &Hir) -> Option<Vec<Vec<String>>> {
    let mut sets: Vec<Vec<String>> = walk(hir)
        .all()
        .into_iter()
        .map(|mut set| {
            set.sort();
            set.dedup();
            // A string holding another of the set adds nothing: "troops" is found through "troop".
            let all = set.clone();
            set.retain(|s| !all.iter().any(|o| o != s && s.contains(o.as_str())));
            set
        })
        .filter(|set| score(set).is_some())
        .collect();
    sets.sort_by_key(|set| std::cmp::Reverse(score(set)));
    sets.dedup();
    sets.truncate(MAX_SETS);
    (!sets.is_empty()).then_some(sets)
}

/// How good a set is as a filter: longer shortest string first, then fewer strings. `None` for
/// a set that filters nothing (an empty string, or too short to be rare).
fn score(set: &[String]) -> Option<(usize, std::cmp::Reverse<usize>)> {
    let shortest = set.iter().map(String::len).min()?;
    (shortest >= MIN_LEN && set.len() <= MAX_SET).then_some((shortest, std::cmp::Reverse(set.len())))
}

/// Lower-cases ASCII only: the prefilter compares ASCII case-insensitively and every other
/// byte exactly, so a fold such as "ſ" for "s" stays its own string.
fn fold(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out: Vec<String> = a.iter().flat_map(|x| b.iter().map(move |y| format!("{x}{y}"))).collect();
    out.sort();
    out.dedup();
    Some(out)
}

fn walk(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(vec![String::new()]),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Info::exact(vec![fold(s)]),
            Err(_) => Info::none(),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let mut chars = Vec::new();
            for range in class.ranges() {
                let n = u32::from(range.end()) - u32::from(range.start()) + 1;
                if chars.len() + n as usize > MAX_CLASS {
                    return Info::none();
                }
                chars.extend((u32::from(range.start())..=u32::from(range.end())).filter_map(char::from_u32));
            }
            let mut set: Vec<String> = chars.iter().map(|c| fold(&c.to_string())).collect();
            set.sort();
            set.dedup();
            Info::exact(set)
        }
        HirKind::Class(Class::Bytes(_)) => Info::none(),
        HirKind::Capture(capture) => walk(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = walk(&rep.sub);
            if rep.min == 0 {
                // Optional: it guarantees nothing, but "s?" is still exactly "" or "s".
                let exact = match (rep.max, &sub.exact) {
                    (Some(1), Some(set)) if set.len() < MAX_SET => Some(set.iter().cloned().chain([String::new()]).collect()),
                    _ => None,
                };
                return Info {
                    exact,
                    required: Vec::new(),
                };
            }
            let exact = match (rep.min, rep.max, &sub.exact) {
                (1, Some(1), Some(set)) => Some(set.clone()),
                _ => None,
            };
            Info {
                exact,
                required: sub.all(),
            }
        }
        HirKind::Concat(children) => concat(children),
        HirKind::Alternation(children) => {
            let infos: Vec<Info> = children.iter().map(walk).collect();
            let union = |pick: &dyn Fn(&Info) -> Option<Vec<String>>| -> Option<Vec<String>> {
                let mut all = Vec::new();
                for info in &infos {
                    all.extend(pick(info)?);
                    if all.len() > MAX_SET {
                        return None;
                    }
                }
                all.sort();
                all.dedup();
                Some(all)
            };
            Info {
                exact: union(&|i| i.exact.clone()),
                // One branch or another: only a set drawn from every branch is required.
                required: union(&|i| i.best()).into_iter().collect(),
            }
        }
    }
}

/// A sequence: runs of parts with exact sets multiply into longer strings ("tro" "op" "s" is
/// "troops"); each closed run and each part's own required sets are all required.
fn concat(children: &[Hir]) -> Info {
    let mut required: Vec<Vec<String>> = Vec::new();
    let mut run: Vec<String> = vec![String::new()];
    let mut all_exact = true;
    for child in children {
        let info = walk(child);
        match &info.exact {
            Some(set) => match cross(&run, set) {
                Some(longer) => run = longer,
                None => {
                    // Too many strings: close the run and start a new one at this part.
                    all_exact = false;
                    required.push(std::mem::replace(&mut run, set.clone()));
                }
            },
            None => {
                all_exact = false;
                required.push(std::mem::replace(&mut run, vec![String::new()]));
                required.extend(info.required);
            }
        }
    }
    if all_exact {
        return Info::exact(run);
    }
    required.push(run);
    // Sets that filter nothing ("" or a space) are dropped now, so they never crowd out others.
    required.retain(|set| score(set).is_some());
    required.sort_by_key(|set| std::cmp::Reverse(score(set)));
    required.truncate(2 * MAX_SETS);
    Info { exact: None, required }
}

/// Automata over the required literals of every pattern of a pack, and which patterns each
/// literal serves. Extraction runs them once per region and searches a pattern only in the
/// sentences holding a literal of each of its sets. Patterns that search the masked text
/// ([`super::masks`]) have their own automaton, run over that text.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Over the original text, then over the masked text.
    pub automata: [Option<AhoCorasick>; 2],
    /// Per automaton, literal index to the slots (one per required set) it serves.
    pub users: [Vec<Vec<usize>>; 2],
    /// Flat pattern index to its first slot and number of sets (0: it searches every region).
    pub slots: Vec<(usize, usize)>,
    /// Rule index to the flat index of its first pattern.
    pub first_pattern: Vec<usize>,
}

impl Prefilter {
    /// Builds the automata from each rule's patterns' required literals. Rules with
    /// hand-written `anchors` keep them and are not guarded again.
    pub fn build(rules: &[super::Rule]) -> Prefilter {
        let mut literals: [Vec<String>; 2] = Default::default();
        let mut index: std::collections::BTreeMap<(usize, String), usize> = std::collections::BTreeMap::new();
        let mut users: [Vec<Vec<usize>>; 2] = Default::default();
        let mut slots = Vec::new();
        let mut next_slot = 0;
        let mut first_pattern = Vec::new();
        for rule in rules {
            first_pattern.push(slots.len());
            for pattern in &rule.patterns {
                let text = usize::from(!pattern.masked.is_empty());
                let sets = pattern.required.as_deref().filter(|_| rule.anchors.is_none()).unwrap_or_default();
                slots.push((next_slot, sets.len()));
                for set in sets {
                    for literal in set {
                        let i = *index.entry((text, literal.clone())).or_insert_with(|| {
                            literals[text].push(literal.clone());
                            users[text].push(Vec::new());
                            literals[text].len() - 1
                        });
                        users[text][i].push(next_slot);
                    }
                    next_slot += 1;
                }
            }
        }
        let automata = literals.map(|literals| {
            (!literals.is_empty()).then(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    // Literals are plain strings of bounded number and length: building cannot fail.
                    .expect("literal automaton builds")
            })
        });
        Prefilter {
            automata,
            users,
            slots,
            first_pattern,
        }
    }

    /// The number of slots, one per required set of every pattern.
    pub fn slot_count(&self) -> usize {
        self.slots.iter().map(|&(first, n)| first + n).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best set only, as the tests below were written for it.
    fn req(pattern: &str, case_insensitive: bool) -> Option<Vec<String>> {
        sets(pattern, case_insensitive).map(|mut s| s.swap_remove(0))
    }

    fn sets(pattern: &str, case_insensitive: bool) -> Option<Vec<Vec<String>>> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(pattern)
            .unwrap();
        required(&hir)
    }

    #[test]
    fn every_fixed_part_of_a_sequence_is_required_at_once() {
        assert_eq!(
            sets(r"\d+ (?:\w+ ){0,3}?(?:troops|soldiers) (?:\w+ ){0,3}?denied\b", false),
            Some(vec![vec!["soldiers ".into(), "troops ".into()], vec!["denied".into()]]),
        );
        // Either branch: only what every branch holds is required.
        assert_eq!(sets(r"(?:troops \d+ denied|denied)", false), Some(vec![vec!["denied".into()]]));
    }

    #[test]
    fn a_fixed_word_after_lazy_words_is_required() {
        assert_eq!(req(r"(?:\w+ ){0,3}?denied\b", false), Some(vec!["denied".into()]));
    }

    #[test]
    fn an_alternation_gives_every_branch() {
        assert_eq!(
            req(r"\b(?:rejected|dismissed) (?:the )?reports?", false),
            Some(vec![
                "dismissed report".into(),
                "dismissed the report".into(),
                "rejected report".into(),
                "rejected the report".into()
            ]),
        );
        assert_eq!(req(r"(?:said|told) \d+", false), Some(vec!["said ".into(), "told ".into()]));
    }

    #[test]
    fn case_folds_outside_ascii_are_kept_as_their_own_strings() {
        // With Unicode case folding "s" also matches "ſ" (long s): the set must hold both.
        let set = req("said", true).unwrap();
        assert!(set.contains(&"said".to_string()) && set.contains(&"ſaid".to_string()), "{set:?}");
    }

    #[test]
    fn an_optional_or_open_pattern_gives_nothing() {
        assert_eq!(
            req(r"\d+ troops?|\d+ soldiers", false),
            Some(vec![" soldiers".into(), " troop".into()])
        );
        assert_eq!(req(r"(?:\w+ ){0,3}?(?:troops)?\d+", false), None);
        assert_eq!(req(r"(?:troops)?\d+", false), None);
        assert_eq!(req(r"\w+ \d+", false), None);
    }

    #[test]
    fn every_match_of_every_pack_pattern_on_its_examples_holds_a_literal() {
        // The prefilter may only skip text where a pattern cannot match: check it on every
        // example and counter-example of the default pack, and on the examples of all rules
        // (a pattern meeting another rule's sentence is the common case in articles).
        let rules = crate::detect::testing::rules();
        let texts: Vec<&str> = rules
            .rules
            .iter()
            .flat_map(|r| {
                r.examples
                    .iter()
                    .map(|e| e.text.as_str())
                    .chain(r.counter_examples.iter().map(|e| e.text.as_str()))
            })
            .collect();
        let mut checked = 0;
        for rule in &rules.rules {
            for pattern in &rule.patterns {
                let Some(sets) = &pattern.required else { continue };
                for set in sets {
                    let automaton = AhoCorasick::builder().ascii_case_insensitive(true).build(set).unwrap();
                    for text in &texts {
                        let masked = rules.masks.apply(text);
                        let text: &str = if pattern.masked.is_empty() { text } else { &masked };
                        for m in pattern.regex.find_iter(text) {
                            assert!(
                                automaton.is_match(m.as_str()),
                                "{}: {:?} holds none of {set:?}",
                                rule.id,
                                m.as_str()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 200, "only {checked} matches checked");
    }
}
