//! Entities through the rule dictionaries: "U.S.", "Washington" and "the Pentagon" are one party.
//!
//! A capture that is exactly an alias resolves to the canonical id. A capture that only contains
//! one ("U.S. officials", "an Iraqi government official") is a group source: it keeps its words
//! and records the party it belongs to, because merging officials into their government would
//! invent agreement and disagreement that the sources never stated.

use crate::claim::{no_places, Entity};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Alias {
    pub text: String,
    pub id: String,
    pub case_sensitive: bool,
    /// Whether mentioning this alias makes a group source belong to the entity.
    pub affiliation: bool,
}

/// Every alias of every dictionary, searchable.
#[derive(Debug, Clone)]
pub struct Lexicon {
    aliases: Vec<Alias>,
    /// Case-insensitive automaton over all aliases; case-sensitive ones are re-checked.
    searcher: Option<AhoCorasick>,
    /// Alias indices by lower-cased text: resolving a capture is a lookup, not a scan.
    by_lowercase: std::collections::HashMap<String, Vec<usize>>,
    /// Each alias's id, one allocation per id, shared with every entity resolved to it.
    alias_ids: Vec<Arc<str>>,
    /// Each alias's words, shared with every entity written exactly so.
    alias_texts: Vec<Arc<str>>,
    ids: std::collections::BTreeSet<Arc<str>>,
    /// Titles before a name (the pack's `titles`, lower case, longest first).
    titles: Vec<String>,
}

impl Lexicon {
    pub fn new(mut aliases: Vec<Alias>) -> Lexicon {
        aliases.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then_with(|| a.text.cmp(&b.text)));
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(aliases.iter().map(|a| a.text.as_str()))
            .ok();
        let mut by_lowercase: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, alias) in aliases.iter().enumerate() {
            by_lowercase.entry(alias.text.to_ascii_lowercase()).or_default().push(i);
        }
        let ids: std::collections::BTreeSet<Arc<str>> = aliases.iter().map(|a| Arc::from(a.id.as_str())).collect();
        let alias_ids = aliases
            .iter()
            .map(|a| ids.get(a.id.as_str()).expect("every alias's id is known").clone())
            .collect();
        let alias_texts = aliases.iter().map(|a| Arc::from(a.text.as_str())).collect();
        Lexicon {
            aliases,
            searcher,
            by_lowercase,
            alias_ids,
            alias_texts,
            ids,
            titles: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }

    /// Whether `id` is the canonical id of some entity.
    pub fn knows_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The lexicon's own copy of a canonical id, to share instead of copying it.
    pub fn shared_id(&self, id: &str) -> Option<Arc<str>> {
        self.ids.get(id).cloned()
    }

    fn alias_matches(alias: &Alias, written: &str) -> bool {
        if alias.case_sensitive {
            alias.text == written
        } else {
            alias.text.eq_ignore_ascii_case(written)
        }
    }

    /// Resolves the words of a capture.
    /// The lexicon that also reads the pack's titles before a name.
    pub fn with_titles(mut self, titles: &[String]) -> Lexicon {
        self.titles = titles.to_vec();
        self
    }

    /// The words without a leading article or title: "the Pentagon", "Mr. Esper" name the same
    /// entity as "Pentagon" and "Esper".
    fn strip_article<'t>(&self, text: &'t str) -> &'t str {
        for article in ["the ", "The "] {
            if let Some(rest) = text.strip_prefix(article) {
                return rest;
            }
        }
        for title in &self.titles {
            let rest = text
                .get(..title.len())
                .filter(|head| head.eq_ignore_ascii_case(title))
                .and_then(|_| text[title.len()..].strip_prefix(' '));
            if let Some(rest) = rest {
                return rest;
            }
        }
        text
    }

    pub fn resolve(&self, written: &str) -> Entity {
        let text = tidy(written);
        let bare = self.strip_article(&text);
        // The first alias in longest-first order that matches the words or the words without
        // their article.
        let candidates = |words: &str| -> Option<usize> {
            self.by_lowercase
                .get(&words.to_ascii_lowercase())?
                .iter()
                .copied()
                .find(|&i| Self::alias_matches(&self.aliases[i], words))
        };
        let found = match (candidates(&text), candidates(bare)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(i) = found {
            let written = &self.alias_texts[i];
            return Entity {
                text: if **written == *text { written.clone() } else { Arc::from(text) },
                id: Some(self.alias_ids[i].clone()),
                affiliation: None,
                within: no_places(),
            };
        }
        let affiliation = self.first_mentioned(&text);
        Entity {
            text: Arc::from(text),
            id: None,
            affiliation,
            within: no_places(),
        }
    }

    /// The first party named inside `text`, at word boundaries.
    pub fn first_mentioned(&self, text: &str) -> Option<Arc<str>> {
        self.mentions(text).into_iter().next().map(|(_, id)| id)
    }

    /// Every party named inside `text`, at word boundaries, with its byte offset.
    pub fn mentions(&self, text: &str) -> Vec<(usize, Arc<str>)> {
        let mut found_all = Vec::new();
        let Some(searcher) = self.searcher.as_ref() else { return found_all };
        let bytes = text.as_bytes();
        // A case-sensitive alias that fails its case check ("us" for "US") is skipped, and the
        // search goes on after it.
        for m in searcher.find_iter(text) {
            let alias = &self.aliases[m.pattern().as_usize()];
            let found = &text[m.start()..m.end()];
            let boundary_before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let boundary_after =
                m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric() || !found.ends_with(|c: char| c.is_alphanumeric());
            if alias.affiliation && boundary_before && boundary_after && Self::alias_matches(alias, found) {
                found_all.push((m.start(), self.alias_ids[m.pattern().as_usize()].clone()));
            }
        }
        found_all
    }
}

fn tidy(written: &str) -> String {
    let joined = written.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”'))
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let a = |text: &str, id: &str, cs: bool| Alias {
            text: text.into(),
            id: id.into(),
            case_sensitive: cs,
            affiliation: true,
        };
        Lexicon::new(vec![
            a("U.S.", "us", true),
            a("US", "us", true),
            a("Washington", "us", true),
            a("Pentagon", "us", true),
            a("Iraqi", "iraq", true),
            a("Iraq", "iraq", true),
            a("Baghdad", "iraq", true),
        ])
    }

    #[test]
    fn aliases_resolve_to_one_id() {
        let lex = lexicon();
        assert_eq!(lex.resolve("the Pentagon").id.as_deref(), Some("us"));
        assert_eq!(lex.resolve("Washington's").id.as_deref(), Some("us"));
        assert_eq!(lex.resolve("U.S.").id.as_deref(), Some("us"));
        assert_eq!(lex.resolve("Baghdad").id.as_deref(), Some("iraq"));
    }

    #[test]
    fn group_sources_stay_unresolved() {
        let lex = lexicon();
        let officials = lex.resolve("U.S. officials");
        assert_eq!(officials.id, None);
        assert_eq!(officials.affiliation.as_deref(), Some("us"));
        assert_eq!(&*officials.text, "U.S. officials");
        let official = lex.resolve("an Iraqi government official");
        assert_eq!(official.id, None);
        assert_eq!(official.affiliation.as_deref(), Some("iraq"));
    }

    #[test]
    fn case_sensitive_aliases_ignore_pronouns() {
        let lex = lexicon();
        assert_eq!(lex.resolve("us").id, None);
        assert_eq!(lex.first_mentioned("they told us"), None);
        assert_eq!(lex.first_mentioned("Iraqis said"), None);
    }
}
