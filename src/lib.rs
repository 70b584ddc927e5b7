//! claimcheck: finds where news articles on one story disagree.
//!
//! The binary is a thin shell over this library; tests call the library directly. See
//! ARCHITECTURE.md for the data flow.

pub mod article;
pub mod baseline;
pub mod claim;
pub mod claims_file;
pub mod cli;
pub mod detect;
pub mod diag;
pub mod eval;
pub mod examples;
pub mod explain;
pub mod extract;
pub mod gaps;
pub mod graph;
pub mod ids;
pub mod kinds;
pub mod normalize;
pub mod report;
pub mod review;
pub mod rules;
pub mod suggest;
pub mod text;

use rayon::prelude::*;

/// Extracts the claims of every article, in parallel; sorted by article (input order) then
/// offset, whatever order the threads finish in.
pub fn extract_corpus(rules: &rules::RuleSet, corpus: &article::Corpus) -> Vec<claim::Claim> {
    let mut claims: Vec<claim::Claim> = corpus
        .articles
        .par_iter()
        .flat_map_iter(|a| extract::extract_article(rules, a))
        .collect();
    ids::unique_claim_ids(&mut claims);
    claims
}

/// Like [`extract_corpus`], but a panic while extracting one article becomes an input problem
/// of that article (which then yields no claims) instead of ending the run.
pub fn extract_corpus_reporting(rules: &rules::RuleSet, corpus: &mut article::Corpus) -> Vec<claim::Claim> {
    extract_each(corpus, |a| extract::extract_article(rules, a))
}

/// Loads and extracts a chunk of articles at a time and hands each article's claims to `emit`
/// in input order: what `extract --format jsonl` streams. Memory holds one chunk's texts and
/// claims, whatever the corpus size. Returns the input problems as [`extract_corpus_reporting`]
/// leaves them in the corpus: loading problems sorted, then extraction panics.
pub fn extract_streaming(
    rules: &rules::RuleSet,
    mut loader: article::Loader,
    mut emit: impl FnMut(&article::Article, &[claim::Claim]) -> std::io::Result<()>,
) -> std::io::Result<Vec<article::InputProblem>> {
    /// Enough articles to keep two threads busy, few enough that their texts and claims stay small.
    const CHUNK: usize = 256;
    let mut panics = Vec::new();
    loop {
        let chunk = loader.next_chunk(CHUNK, rules);
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<Vec<claim::Claim>, String>> = chunk
            .par_iter()
            .map(|a| extract_catching(a, |a| extract::extract_article(rules, a)))
            .collect();
        for (article, result) in chunk.iter().zip(results) {
            match result {
                Ok(claims) => emit(article, &claims)?,
                Err(reason) => panics.push(article::InputProblem::new(article.path.clone(), reason)),
            }
        }
    }
    let mut problems = loader.finish();
    problems.extend(panics);
    Ok(problems)
}

/// Runs `extract` on one article, catching a panic at the article boundary.
fn extract_catching(
    article: &article::Article,
    extract: impl Fn(&article::Article) -> Vec<claim::Claim>,
) -> Result<Vec<claim::Claim>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(article))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        format!("internal error while extracting this article, its claims are left out (please report it): {message}")
    })
}

/// Runs `extract` on every article in parallel, catching a panic at the article boundary.
fn extract_each(corpus: &mut article::Corpus, extract: impl Fn(&article::Article) -> Vec<claim::Claim> + Sync) -> Vec<claim::Claim> {
    let results: Vec<Result<Vec<claim::Claim>, String>> = corpus.articles.par_iter().map(|a| extract_catching(a, &extract)).collect();
    let mut claims = Vec::new();
    for (article, result) in corpus.articles.iter().zip(results) {
        match result {
            Ok(found) => claims.extend(found),
            Err(reason) => corpus.problems.push(article::InputProblem::new(article.path.clone(), reason)),
        }
    }
    ids::unique_claim_ids(&mut claims);
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_article_is_that_articles_problem() {
        let rules = rules::load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")))
            .rules
            .expect("default pack");
        let mut corpus = article::Corpus::default();
        for (id, text) in [
            ("a", "The U.S. has 2,500 troops in Iraq."),
            ("boom", "x"),
            ("c", "The U.S. has 3,000 troops in Iraq."),
        ] {
            let article = article::Article::from_text(id, &format!("{id}.txt"), text.into(), article::Meta::default(), &rules).unwrap();
            corpus.articles.push(article);
        }
        let claims = extract_each(&mut corpus, |a| {
            assert_ne!(a.id, "boom", "deliberate");
            extract::extract_article(&rules, a)
        });
        assert_eq!(claims.len(), 2, "the other articles keep their claims");
        assert_eq!(corpus.problems.len(), 1);
        assert_eq!(corpus.problems[0].path, "boom.txt");
        assert!(corpus.problems[0].reason.contains("deliberate"), "{}", corpus.problems[0].reason);
    }
}
