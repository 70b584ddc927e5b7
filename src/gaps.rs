//! Gap finding: sentences that look like claims but yielded none, so a rule author sees where
//! the pack is blind.
//!
//! A sentence looks like a claim when it names a known party and holds a figure, a date, or a
//! reporting or denial verb. The cues are deliberately broad and live in code, not in the rule
//! pack: they must not go blind in the same places the rules do.

use crate::article::Article;
use crate::claim::Claim;
use crate::rules::RuleSet;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

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

struct Cues {
    figure: Regex,
    date: Regex,
    verb: Regex,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| Cues {
        figure: Regex::new(r"(?i)\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|scores|hundreds|thousands|millions)\b").expect("a fixed, tested pattern"),
        date: Regex::new(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?i)\b(?:last|next|this) (?:week|month|year)\b").expect("a fixed, tested pattern"),
        verb: Regex::new(r"(?i)\b(?:said|says|told|denied|denies|rejected|confirmed|announced|according to|insisted|warned|claimed|alleged)\b").expect("a fixed, tested pattern"),
    })
}

/// The sentences of `articles` with claim cues but no claim, best first.
pub fn find(rules: &RuleSet, articles: &[Article], claims: &[Claim]) -> Vec<Gap> {
    let covered: BTreeSet<(&str, usize)> = claims
        .iter()
        .filter(|c| !c.kind.has(crate::kinds::Behaviour::Speaker))
        .map(|c| (c.provenance.article.as_str(), c.provenance.sentence_start))
        .collect();
    let cues = cues();
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
            let Some(party) = rules.lexicon.first_mentioned(text) else {
                continue;
            };
            let mut score = 0;
            let mut found = Vec::new();
            for (regex, weight, name) in [
                (&cues.figure, 2, "a figure"),
                (&cues.date, 2, "a date"),
                (&cues.verb, 1, "a reporting verb"),
            ] {
                if regex.is_match(text) {
                    score += weight;
                    found.push(name.to_string());
                }
            }
            if score == 0 {
                continue;
            }
            found.push(format!("party {party}"));
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
