//! The façade: the one wiring of the pipeline that every command, `eval`, the benchmark and
//! the fuzz targets call. A step added here (an input check, the panic guard at the article
//! boundary, the unique claim ids) holds for all of them; before it, the pipeline was wired
//! four times and `explain` and `eval` skipped what `extract` did.
//!
//! load the pack ([`load_rules`]) → load and extract the articles ([`extract`], or
//! [`extract_streaming`] chunk by chunk) → build the claim graph and run the detectors
//! ([`Extraction::check`]) → render a report (`report::*`).

use crate::article::{self, Article, Corpus, InputProblem};
use crate::claim::Claim;
use crate::report::Report;
use crate::rules::{self, RuleSet};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads the rule pack of a folder: the compiled rules, or every diagnostic rendered against
/// the rule files' text (file:line:col, the rule id and a caret).
pub fn load_rules(dir: &Path) -> Result<RuleSet, String> {
    let mut loaded = rules::load_dir(dir);
    match loaded.rules.take() {
        Some(rules) => Ok(rules),
        None => Err(loaded.render_diagnostics()),
    }
}

/// What a run read: the articles, with the problems of those it could not read or extract,
/// and every claim, sorted by article (input order) then offset.
#[derive(Default)]
pub struct Extraction {
    pub corpus: Corpus,
    pub claims: Vec<Claim>,
}

impl Extraction {
    /// Reads back the texts of the articles, which [`extract_lean`] left out, for the reports
    /// that quote them.
    pub fn read_texts_back(&mut self) {
        self.corpus.articles.par_iter_mut().for_each(Article::read_text_back);
    }

    /// The claim graph and every detector over it: the findings and what reports need.
    ///
    /// Memory the pack and its search caches held (freed once extraction is done and the pack
    /// dropped) is handed back to the system first: the allocator would otherwise keep it and
    /// the graph and detectors' memory would come on top (at 100,000 articles the graph stage
    /// then peaked above extraction's end).
    pub fn check(&self, config: &crate::detect::Config) -> Report<'_> {
        release_freed_memory();
        Report::build(&self.corpus.articles, &self.claims, &self.corpus.problems, config)
    }
}

/// Returns the allocator's free pages to the system (glibc keeps freed memory in its arenas,
/// where the threads that freed it would reuse it, but no later stage runs on them).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: glibc's `malloc_trim` takes the arenas' locks itself and frees nothing
        // that is in use; any thread may call it at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Loads the articles of `paths` (files or folders), leaving out `skip` (the run's own output),
/// and extracts their claims in parallel. A panic while extracting one article becomes an input
/// problem of that article, never a lost run.
pub fn extract(rules: &RuleSet, paths: &[PathBuf], skip: &[PathBuf]) -> Extraction {
    let mut corpus = article::load_skipping(paths, rules, skip);
    let claims = extract_corpus(rules, &mut corpus);
    Extraction { corpus, claims }
}

/// What [`extract`] returns, without the articles' texts: articles are loaded and extracted a
/// chunk at a time and their texts dropped, so memory holds claims, not the corpus. `check`
/// compares this; [`Extraction::read_texts_back`] restores the texts where a report quotes them.
pub fn extract_lean(rules: &RuleSet, paths: &[PathBuf], skip: &[PathBuf]) -> Extraction {
    let mut articles = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    let mut entities = std::collections::HashSet::new();
    let problems = extract_streaming(rules, article::Loader::new(paths, skip), |article, found| {
        articles.push(article.without_text());
        let from = claims.len();
        claims.extend_from_slice(found);
        crate::claim::share_entities(&mut claims[from..], &mut entities);
        Ok(())
    });
    let problems = problems.unwrap_or_else(|_| unreachable!("collecting claims cannot fail"));
    crate::ids::unique_claim_ids(&mut claims);
    Extraction {
        corpus: Corpus { articles, problems },
        claims,
    }
}

/// The claims of articles already in memory, with the same panic guard and ids as [`extract`].
pub fn extract_corpus(rules: &RuleSet, corpus: &mut Corpus) -> Vec<Claim> {
    extract_each(corpus, |a| crate::extract::extract_article(rules, a))
}

/// The claims of one article, unguarded: for `try`, rule examples and property tests.
pub fn extract_article(rules: &RuleSet, article: &Article) -> Vec<Claim> {
    crate::extract::extract_article(rules, article)
}

/// Loads and extracts a chunk of articles at a time and hands each article's claims to `emit`
/// in input order: what `extract --format jsonl` streams. Memory holds one chunk's texts and
/// claims, whatever the corpus size. Returns the input problems as [`extract`] leaves them in
/// the corpus: loading problems sorted, then extraction panics.
pub fn extract_streaming(
    rules: &RuleSet,
    mut loader: article::Loader,
    mut emit: impl FnMut(&Article, &[Claim]) -> std::io::Result<()>,
) -> std::io::Result<Vec<InputProblem>> {
    /// Enough articles to keep two threads busy, few enough that their texts and claims stay small.
    const CHUNK: usize = 256;
    let mut panics = Vec::new();
    loop {
        let chunk = loader.next_chunk(CHUNK, rules);
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<Vec<Claim>, String>> = chunk
            .par_iter()
            .map(|a| extract_catching(a, |a| crate::extract::extract_article(rules, a)))
            .collect();
        for (article, result) in chunk.iter().zip(results) {
            match result {
                Ok(claims) => emit(article, &claims)?,
                // The article stays, without claims, as in `extract`'s corpus.
                Err(reason) => {
                    panics.push(InputProblem::new(article.path.clone(), reason));
                    emit(article, &[])?;
                }
            }
        }
    }
    let mut problems = loader.finish();
    problems.extend(panics);
    Ok(problems)
}

/// Runs `extract` on one article, catching a panic at the article boundary.
fn extract_catching(article: &Article, extract: impl Fn(&Article) -> Vec<Claim>) -> Result<Vec<Claim>, String> {
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
fn extract_each(corpus: &mut Corpus, extract: impl Fn(&Article) -> Vec<Claim> + Sync) -> Vec<Claim> {
    let results: Vec<Result<Vec<Claim>, String>> = corpus.articles.par_iter().map(|a| extract_catching(a, &extract)).collect();
    let mut claims = Vec::new();
    for (article, result) in corpus.articles.iter().zip(results) {
        match result {
            Ok(found) => claims.extend(found),
            Err(reason) => corpus.problems.push(InputProblem::new(article.path.clone(), reason)),
        }
    }
    crate::claim::share_entities(&mut claims, &mut Default::default());
    crate::ids::unique_claim_ids(&mut claims);
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
        let mut corpus = Corpus::default();
        for (id, text) in [
            ("a", "The U.S. has 2,500 troops in Iraq."),
            ("boom", "x"),
            ("c", "The U.S. has 3,000 troops in Iraq."),
        ] {
            let article = Article::from_text(id, &format!("{id}.txt"), text.into(), article::Meta::default(), &rules).unwrap();
            corpus.articles.push(article);
        }
        let claims = extract_each(&mut corpus, |a| {
            assert_ne!(a.id, "boom", "deliberate");
            crate::extract::extract_article(&rules, a)
        });
        assert_eq!(claims.len(), 2, "the other articles keep their claims");
        assert_eq!(corpus.problems.len(), 1);
        assert_eq!(corpus.problems[0].path, "boom.txt");
        assert!(corpus.problems[0].reason.contains("deliberate"), "{}", corpus.problems[0].reason);
    }
}
