//! Claim files: what `extract --format jsonl` writes and `check --claims` reads, so extraction
//! (a map per article) can run on many machines and the comparison (a group-by on claim keys)
//! once. One JSON object a line, tagged by what it is:
//!
//! ```text
//! {"schema":3}
//! {"article":{"id":"a1","path":"corpus/a1.txt","outlet":null,"date":"2024-05-01",...}}
//! {"claim":{"id":"c-...","kind":"troop-count","subject":{...},"value":{...},...}}
//! {"problem":{"path":"corpus/bad.txt","reason":"..."}}
//! ```
//!
//! An article line comes before its claims; claims keep extraction's order (article, then
//! offset), which assertion-denial relies on. Claims and articles use the same JSON as
//! `extract --format json`, so the file loads as is into engines that read JSON lines.

use crate::article::{Article, InputProblem};
use crate::claim::Claim;
use crate::report::json::ClaimFileLine as Line;
use std::io::{BufRead, Write};

fn line(out: &mut dyn Write, line: &Line) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The first line of a claim file.
pub fn write_header(out: &mut dyn Write) -> std::io::Result<()> {
    line(out, &Line::Schema(crate::report::SCHEMA_VERSION))
}

/// One article and its claims.
pub fn write_article(out: &mut dyn Write, article: &Article, claims: &[Claim]) -> std::io::Result<()> {
    line(out, &Line::Article(article.into()))?;
    claims.iter().try_for_each(|c| line(out, &Line::Claim(Box::new(c.into()))))
}

/// The input problems, last.
pub fn write_problems(out: &mut dyn Write, problems: &[InputProblem]) -> std::io::Result<()> {
    problems.iter().try_for_each(|p| line(out, &Line::Problem(p.into())))
}

/// What claim files hold: articles (without text), their claims, and input problems.
#[derive(Debug, Default)]
pub struct ClaimFiles {
    pub articles: Vec<Article>,
    pub claims: Vec<Claim>,
    pub problems: Vec<InputProblem>,
}

/// Reads one claim file into `into`, resolving kinds against the rule pack's. `name` is the
/// file's name for error messages, which give its line. Ids and sentences are shared through
/// `strings` with the claims already read, of this file and others.
pub(crate) fn read(
    input: impl BufRead,
    name: &str,
    kinds: &crate::kinds::Kinds,
    into: &mut ClaimFiles,
    strings: &mut crate::report::json::Interner,
) -> Result<(), String> {
    for (i, text) in input.lines().enumerate() {
        let text = text.map_err(|e| format!("{name}: cannot read: {e}"))?;
        if text.trim().is_empty() {
            continue;
        }
        let at = |e: String| format!("{name}:{}: {e}", i + 1);
        let parsed: Line = serde_json::from_str(&text).map_err(|e| {
            // A claim of a kind this pack lacks is named as such, even when the claim is
            // incomplete too: a claim file read with another pack fails on its kinds first.
            let why = crate::report::json::unknown_kind(&text, kinds).unwrap_or_else(|| e.to_string());
            at(format!("not a claim file line: {why}"))
        })?;
        match parsed {
            Line::Schema(v) if v == crate::report::SCHEMA_VERSION => {}
            Line::Schema(v) => {
                return Err(at(format!(
                    "claim file schema {v}, this claimcheck reads schema {}",
                    crate::report::SCHEMA_VERSION
                )))
            }
            Line::Article(a) => into.articles.push(a.into_article().map_err(at)?),
            Line::Claim(c) => into.claims.push(
                c.into_claim(kinds, strings)
                    .map_err(|e| at(format!("not a claim file line: {e}")))?,
            ),
            Line::Problem(p) => into.problems.push(p.into()),
        }
    }
    Ok(())
}
