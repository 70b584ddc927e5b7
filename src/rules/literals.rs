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

/// What a node of the pattern matches, as far as literals go.
#[derive(Debug, Clone)]
struct Info {
    /// Every string the node can match, when that set is finite and small.
    exact: Option<Vec<String>>,
    /// Strings one of which every match of the node contains.
    required: Option<Vec<String>>,
}

impl Info {
    fn none() -> Info {
        Info {
            exact: None,
            required: None,
        }
    }

    fn exact(set: Vec<String>) -> Info {
        Info {
            required: Some(set.clone()),
            exact: Some(set),
        }
    }

    /// The best set this node guarantees: its required set, else its exact one.
    fn best(&self) -> Option<&Vec<String>> {
        self.required.as_ref().or(self.exact.as_ref())
    }
}

/// Strings one of which every match of the pattern contains (compared ASCII case-insensitively),
/// or `None` when no useful set can be proven.
pub fn required(hir: &Hir) -> Option<Vec<String>> {
    let info = walk(hir);
    let mut set = info.best()?.clone();
    set.sort();
    set.dedup();
    // A string holding another of the set adds nothing: "troops" is found through "troop".
    let all = set.clone();
    set.retain(|s| !all.iter().any(|o| o != s && s.contains(o.as_str())));
    (score(&set).is_some()).then_some(set)
}

/// How good a set is as a filter: longer shortest string first, then fewer strings. `None` for
/// a set that filters nothing (an empty string, or too short to be rare).
fn score(set: &[String]) -> Option<(usize, std::cmp::Reverse<usize>)> {
    let shortest = set.iter().map(String::len).min()?;
    (shortest >= MIN_LEN && set.len() <= MAX_SET).then_some((shortest, std::cmp::Reverse(set.len())))
}

fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
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
                    required: Some(vec![String::new()]),
                };
            }
            let exact = match (rep.min, rep.max, &sub.exact) {
                (1, Some(1), Some(set)) => Some(set.clone()),
                _ => None,
            };
            Info {
                exact,
                required: sub.best().cloned(),
            }
        }
        HirKind::Concat(children) => concat(children),
        HirKind::Alternation(children) => {
            let infos: Vec<Info> = children.iter().map(walk).collect();
            let union = |pick: &dyn Fn(&Info) -> Option<&Vec<String>>| -> Option<Vec<String>> {
                let mut all = Vec::new();
                for info in &infos {
                    all.extend(pick(info)?.iter().cloned());
                    if all.len() > MAX_SET {
                        return None;
                    }
                }
                all.sort();
                all.dedup();
                Some(all)
            };
            Info {
                exact: union(&|i| i.exact.as_ref()),
                required: union(&|i| i.best()),
            }
        }
    }
}

/// A sequence: runs of parts with exact sets multiply into longer strings ("tro" "op" "s" is
/// "troops"); the best of those runs and of each part's own required set is the sequence's.
fn concat(children: &[Hir]) -> Info {
    let mut best: Option<Vec<String>> = None;
    let mut run: Option<Vec<String>> = Some(vec![String::new()]);
    let mut all_exact = true;
    for child in children {
        let info = walk(child);
        match &info.exact {
            Some(set) => match run.as_ref().and_then(|r| cross(r, set)) {
                Some(longer) => run = Some(longer),
                None => {
                    // Too many strings: close the run and start a new one at this part.
                    all_exact = false;
                    best = better(best, run.take());
                    run = Some(set.clone());
                }
            },
            None => {
                all_exact = false;
                best = better(best, run.take());
                best = better(best, info.required.clone());
                run = Some(vec![String::new()]);
            }
        }
    }
    if all_exact {
        return Info::exact(run.unwrap_or_default());
    }
    Info {
        exact: None,
        required: better(best, run),
    }
}

/// Automata over the required literals of every pattern of a pack, and which patterns each
/// literal serves. Extraction runs them once per region and searches a pattern only in the
/// sentences where one of its literals occurs. Patterns that search the masked text
/// ([`super::masks`]) have their own automaton, run over that text.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Over the original text, then over the masked text.
    pub automata: [Option<AhoCorasick>; 2],
    /// Per automaton, literal index to the flat indices of the patterns that need it.
    pub users: [Vec<Vec<usize>>; 2],
    /// Flat pattern index to whether it is guarded by literals (else it searches every region).
    pub guarded: Vec<bool>,
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
        let mut guarded = Vec::new();
        let mut first_pattern = Vec::new();
        for rule in rules {
            first_pattern.push(guarded.len());
            for pattern in &rule.patterns {
                let flat = guarded.len();
                let text = usize::from(!pattern.masked.is_empty());
                let set = pattern.required.as_ref().filter(|_| rule.anchors.is_none());
                guarded.push(set.is_some());
                for literal in set.into_iter().flatten() {
                    let i = *index.entry((text, literal.clone())).or_insert_with(|| {
                        literals[text].push(literal.clone());
                        users[text].push(Vec::new());
                        literals[text].len() - 1
                    });
                    users[text][i].push(flat);
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
            guarded,
            first_pattern,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(pattern: &str, case_insensitive: bool) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(pattern)
            .unwrap();
        required(&hir)
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
                let Some(set) = &pattern.required else { continue };
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
        assert!(checked > 200, "only {checked} matches checked");
    }
}
