//! Large dictionaries matched once per text instead of inside every pattern.
//!
//! Spelled out, `{party}` is a 1,200-alias alternation, and about a hundred patterns use it:
//! pasting it into each made the pack 2 MB of regex, most of its load time, memory and search
//! time (measured: 3.8 s and 390 MB to load, 8.4 s for 1,000 articles; with the dictionary
//! as a token, 0.8 s, 100 MB and 2.1 s). So a large dictionary is found once per article by
//! its own regex (the same alternation, boundaries and case rule), and a copy of the text has
//! every alias found replaced, byte for byte, by the dictionary's token: a marker letter and
//! underscores (`q______` for "Pentagon"). Patterns match the token; offsets are the same in
//! both texts, so captures are read from the original. Underscores of the text itself become
//! U+001F in the copy, so a token can only be a found alias.
//!
//! What changes for a rule author: an alias of a masked dictionary that a pattern spells out
//! in its own words (not through `{name}`) does not match where the dictionary found it, and a
//! token counts as one word. Where two masked dictionaries find overlapping aliases, the
//! leftmost, then longest, wins.

use regex::Regex;
use std::borrow::Cow;

/// A dictionary with this many aliases or more is matched once per text. Small lists (hedge
/// words, topics) stay inside patterns, which also spell their words out.
pub const MIN_ALIASES: usize = 64;

/// Marker letters, one per masked dictionary: lowercase, so no capitalised-name pattern takes
/// a token for a name, and never followed by `_` in text (underscores are replaced).
const MARKERS: &[u8] = b"qxzjvkwy";

/// The token regex for the dictionary with marker `marker`.
pub fn token(marker: u8) -> String {
    format!("{}_+", marker as char)
}

/// Markers for the dictionaries that qualify, in name order; `dictionaries` gives each name's
/// aliases (at least 2 bytes each, so a token holds its marker and an underscore).
pub fn markers<'a>(dictionaries: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Vec<(&'a str, u8)> {
    let mut eligible: Vec<&str> = dictionaries
        .into_iter()
        .filter(|(_, aliases)| aliases.len() >= MIN_ALIASES && aliases.iter().all(|a| a.len() >= 2))
        .map(|(name, _)| name)
        .collect();
    eligible.sort_unstable();
    eligible.into_iter().zip(MARKERS.iter().copied()).collect()
}

/// The masked dictionaries of a pack.
#[derive(Debug, Clone, Default)]
pub struct Masks {
    dictionaries: Vec<Masked>,
}

#[derive(Debug, Clone)]
struct Masked {
    name: String,
    marker: u8,
    finder: Regex,
}

impl Masks {
    /// `finders` holds, per masked dictionary, its name, marker and alias regex.
    pub fn new(finders: Vec<(String, u8, Regex)>) -> Masks {
        Masks {
            dictionaries: finders
                .into_iter()
                .map(|(name, marker, finder)| Masked { name, marker, finder })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.dictionaries.is_empty()
    }

    /// The masked dictionaries' names and token regexes, for `explain`.
    pub fn legend(&self) -> impl Iterator<Item = (&str, String)> {
        self.dictionaries.iter().map(|d| (d.name.as_str(), token(d.marker)))
    }

    /// `text` with every alias found replaced by its token, the same length; the text itself
    /// when nothing is masked.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.dictionaries.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut found: Vec<(usize, usize, u8)> = Vec::new();
        for d in &self.dictionaries {
            found.extend(
                d.finder
                    .find_iter(text)
                    .filter(|m| m.len() >= 2)
                    .map(|m| (m.start(), m.end(), d.marker)),
            );
        }
        // Leftmost, then longest, then the first dictionary by name.
        found.sort_unstable_by_key(|&(start, end, marker)| (start, std::cmp::Reverse(end), MARKERS.iter().position(|&m| m == marker)));
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, marker) in found {
            if start < at {
                continue;
            }
            push_plain(&mut out, &text[at..start]);
            out.push(marker as char);
            out.extend(std::iter::repeat_n('_', end - start - 1));
            at = end;
        }
        push_plain(&mut out, &text[at..]);
        debug_assert_eq!(out.len(), text.len());
        Cow::Owned(out)
    }
}

fn push_plain(out: &mut String, text: &str) {
    let mut parts = text.split('_');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push('\u{1f}');
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masks() -> Masks {
        let aliases: Vec<String> = ["United States", "U.S.", "Russia", "Russian"].map(String::from).to_vec();
        let finder = Regex::new(&super::super::pattern::alternation(&aliases, true, false)).unwrap();
        Masks::new(vec![("party".into(), b'q', finder)])
    }

    #[test]
    fn aliases_become_tokens_of_the_same_length_and_nothing_else_changes() {
        let text = "The U.S. said Russian troops, not “Russians_x”, left the United  States’ base.";
        let masked = masks().apply(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            masked,
            "The q___ said q______ troops, not “Russians\u{1f}x”, left the q_____________’ base."
        );
    }

    #[test]
    fn a_token_pattern_captures_the_original_words() {
        let text = "About 2,500 U.S. troops remain.";
        let masked = masks().apply(text);
        let re = Regex::new(&format!(r"(?P<n>\d[\d,]*) (?P<party>{}) troops", token(b'q'))).unwrap();
        let caps = re.captures(&masked).unwrap();
        assert_eq!(&text[caps.name("party").unwrap().range()], "U.S.");
        assert!(re.captures(text).is_none(), "the original text holds no token");
    }

    #[test]
    fn only_large_dictionaries_of_long_enough_aliases_are_masked() {
        let big: Vec<String> = (0..MIN_ALIASES).map(|i| format!("Alias{i}")).collect();
        let short: Vec<String> = big.iter().cloned().chain(["X".to_string()]).collect();
        let small: Vec<String> = big[..3].to_vec();
        let got = markers([("party", &big[..]), ("hedge", &small[..]), ("codes", &short[..]), ("org", &big[..])]);
        assert_eq!(got, vec![("org", b'q'), ("party", b'x')]);
    }
}
