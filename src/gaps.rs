//! Gap finding: sentences that look like claims but yielded none, so a rule author sees where
//! the pack is blind.
//!
//! A sentence looks like a claim when it names a known party and holds a figure, a date, or a
//! reporting verb; or, so that a story the pack was never written for shows up before its
//! parties are known, when it holds a figure near a noun of a `figure-noun` cue ("2,000
//! dead"), or a reporting verb with a figure or a date. The cue words are the pack's
//! (`[[gap-cue]]`, and the number, magnitude and time words of `words.toml`), never the rules'
//! patterns: a cue must not go blind where the rules are.

use crate::article::Article;
use crate::claim::Claim;
use crate::normalize::words::{TimeMeaning, Words};
use crate::rules::RuleSet;
use regex::Regex;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub article: String,
    pub path: String,
    pub line: usize,
    pub sentence: String,
    pub score: u32,
    /// What made it look like a claim: "a figure", "a date", "a reporting verb", "party us".
    pub cues: Vec<String>,
}

/// The cues, compiled once when the pack loads.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    figure: Option<Regex>,
    date: Option<Regex>,
    /// Per `reporting-verb` cue: its name and its words.
    verbs: Vec<(String, Regex)>,
    /// Per `figure-noun` cue: its name, and a figure within five words of one of its nouns.
    nouns: Vec<(String, Regex)>,
}

fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut list: Vec<String> = words.map(|w| regex::escape(w).replace(' ', r"\s+")).collect();
    crate::normalize::words::longest_first(&mut list, |w| w);
    list.dedup();
    list.join("|")
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

impl Cues {
    /// Builds the cues from the pack's words and its `[[gap-cue]]` tables (meaning, name, words).
    pub fn build(words: &Words, cues: &[(String, String, Vec<String>)]) -> Cues {
        let build = |pattern: String| Regex::new(&pattern).ok();
        // A figure: digits, or a number word or magnitude that is not only an introducer ("a")
        // nor a span of time ("years").
        let is_unit = |w: &str| w.split(' ').any(|part| words.unit(part).is_some());
        let number_words = alternation(
            words
                .numbers
                .iter()
                .map(|(w, _)| w.as_str())
                .filter(|w| !words.introducers.iter().any(|i| i == w))
                .chain(words.magnitudes.iter().map(|(w, _, _)| w.as_str()))
                .filter(|w| !is_unit(w)),
        );
        let figure = if number_words.is_empty() {
            r"\b\d[\d,.]*\b".to_string()
        } else {
            format!(r"\b\d[\d,.]*\b|(?i:\b(?:{number_words})\b)")
        };
        // A date: a year, a month or weekday name as a name (capitalised: "May" but not "may"),
        // or a phrase of several words naming a period ("last week").
        let names = alternation(
            words
                .time
                .iter()
                .filter(|(_, m)| matches!(m, TimeMeaning::Month(_) | TimeMeaning::Weekday(_)))
                .map(|(w, _)| w.as_str()),
        );
        let names: Vec<String> = names.split('|').filter(|n| n.len() > 2).map(capitalised).collect();
        let phrases = alternation(
            words
                .time
                .iter()
                .filter(|(w, m)| w.contains(' ') && matches!(m, TimeMeaning::Calendar { .. } | TimeMeaning::Window { .. }))
                .map(|(w, _)| w.as_str()),
        );
        let mut date = vec![r"\b(?:19|20)\d\d\b".to_string()];
        if !names.is_empty() {
            date.push(format!(r"\b(?:{})\b", names.join("|")));
        }
        if !phrases.is_empty() {
            date.push(format!(r"(?i:\b(?:{phrases})\b)"));
        }
        let mut verbs = Vec::new();
        let mut nouns = Vec::new();
        for (means, name, list) in cues {
            let alt = alternation(list.iter().map(String::as_str));
            if alt.is_empty() {
                continue;
            }
            if means == "reporting-verb" {
                verbs.extend(build(format!(r"(?i)\b(?:{alt})\b")).map(|r| (name.clone(), r)));
            } else {
                let near = format!(r"(?i)(?:{figure})(?:\W+\w+){{0,4}}?\W+(?:{alt})\b|\b(?:{alt})(?:\W+\w+){{0,4}}?\W+(?:{figure})");
                nouns.extend(build(near).map(|r| (name.clone(), r)));
            }
        }
        Cues {
            figure: build(figure),
            date: build(date.join("|")),
            verbs,
            nouns,
        }
    }
}

/// The sentences of `articles` with claim cues but no claim, best first.
pub fn find(rules: &RuleSet, articles: &[Article], claims: &[Claim]) -> Vec<Gap> {
    let covered: BTreeSet<(&str, usize)> = claims
        .iter()
        .filter(|c| !c.kind.has(crate::kinds::Behaviour::Speaker))
        .map(|c| (&*c.provenance.article, c.provenance.sentence_start))
        .collect();
    let cues = &rules.gap_cues;
    let mut gaps = Vec::new();
    let mut sentences = Vec::new();
    for article in articles {
        sentences.clear();
        for region in article.regions() {
            crate::text::sentences(&article.text, region, &mut sentences);
        }
        for sentence in &sentences {
            if covered.contains(&(article.id.as_str(), sentence.start)) {
                continue;
            }
            let text = &article.text[sentence.clone()];
            let party = rules.lexicon.first_mentioned(text);
            let mut score = 0;
            let mut found = Vec::new();
            let is = |r: &Option<Regex>| r.as_ref().is_some_and(|r| r.is_match(text));
            let (figure, date) = (is(&cues.figure), is(&cues.date));
            let verb = cues.verbs.iter().find(|(_, r)| r.is_match(text));
            let noun = cues.nouns.iter().find(|(_, r)| r.is_match(text));
            for (present, weight, name) in [(figure, 2, "a figure"), (date, 2, "a date")] {
                if present {
                    score += weight;
                    found.push(name.to_string());
                }
            }
            if let Some((name, _)) = verb {
                score += 1;
                found.push(name.clone());
            }
            if let Some((name, _)) = noun {
                score += 1;
                found.push(name.clone());
            }
            let shaped = match &party {
                Some(_) => score > 0,
                // No known party: only the shapes of a claim of a story not yet in the pack.
                None => noun.is_some() || verb.is_some() && (figure || date),
            };
            if !shaped {
                continue;
            }
            if let Some(party) = party {
                found.push(format!("party {party}"));
            }
            gaps.push(Gap {
                article: article.id.clone(),
                path: article.path.clone(),
                line: article.lines.line_col(&article.text, sentence.start).0,
                sentence: text.to_string(),
                score,
                cues: found,
            });
        }
    }
    // Best first; ties in article and line order, which the input order already is.
    gaps.sort_by_key(|g| std::cmp::Reverse(g.score));
    gaps
}

/// The gap report: the top `limit` sentences with `path:line`.
pub fn render(gaps: &[Gap], limit: usize) -> String {
    let mut out = String::new();
    for gap in gaps.iter().take(limit) {
        let sentence: String = if gap.sentence.chars().count() > 160 {
            format!("{}...", gap.sentence.chars().take(157).collect::<String>())
        } else {
            gap.sentence.clone()
        };
        out.push_str(&format!(
            "{}:{} [{}] {}\n    {}\n",
            gap.path,
            gap.line,
            gap.score,
            gap.cues.join(", "),
            sentence
        ));
    }
    out.push_str(&format!(
        "{} sentences look like claims but yielded none; {} shown\n",
        gaps.len(),
        gaps.len().min(limit)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Meta;

    #[test]
    fn a_claim_shaped_sentence_without_a_claim_is_a_gap_and_a_caught_one_is_not() {
        let rules = crate::detect::testing::rules();
        let text = "There are 2,500 U.S. troops in Iraq. Pentagon figures put the U.S. headcount in Iraq at 2,500. The weather was fine.";
        let article = Article::from_text("a", "a.txt", text.to_string(), Meta::default(), rules).unwrap();
        let claims = crate::extract::extract_article(rules, &article);
        let gaps = find(rules, std::slice::from_ref(&article), &claims);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].sentence, "Pentagon figures put the U.S. headcount in Iraq at 2,500.");
        assert_eq!(gaps[0].cues, vec!["a figure", "party us"]);
    }
}

#[cfg(test)]
mod without_parties {
    use super::*;
    use crate::article::Meta;

    #[test]
    fn a_new_storys_claim_shapes_are_gaps_before_its_parties_are_known() {
        let rules = crate::detect::testing::rules();
        // Nobody here is in the default pack's dictionaries.
        let text = "Rescuers in Zorvania counted 2,000 dead by nightfall. The mayor said on Monday that the dam held. \
                    The river was 40 metres wide. The weather was fine on Monday.";
        let article = Article::from_text("a", "a.txt", text.to_string(), Meta::default(), rules).unwrap();
        let claims = crate::extract::extract_article(rules, &article);
        let gaps = find(rules, std::slice::from_ref(&article), &claims);
        let sentences: Vec<&str> = gaps.iter().map(|g| g.sentence.as_str()).collect();
        assert_eq!(
            sentences,
            vec![
                "Rescuers in Zorvania counted 2,000 dead by nightfall.",
                "The mayor said on Monday that the dam held."
            ],
            "{gaps:?}"
        );
        assert_eq!(gaps[0].cues, vec!["a figure", "a casualty noun"]);
        assert_eq!(gaps[1].cues, vec!["a date", "a reporting verb"]);
    }
}
