//! Claim files: what `extract --format jsonl` writes and `check --claims` reads, so extraction
//! (a map per article) can run on many machines and the comparison (a group-by on claim keys)
//! once. One JSON object a line, tagged by what it is:
//!
//! ```text
//! {"schema":1}
//! {"article":{"id":"a1","path":"corpus/a1.txt","outlet":null,"date":"2024-05-01",...}}
//! {"claim":{"id":"c-...","kind":"troop-count","subject":{...},"value":{...},...}}
//! {"problem":{"path":"corpus/bad.txt","reason":"..."}}
//! ```
//!
//! An article line comes before its claims; claims keep extraction's order (article, then
//! offset), which assertion-denial relies on. Claims and articles use the same JSON as
//! `extract --format json`, so the file loads as is into engines that read JSON lines.

use crate::article::{Article, DateOrigin, InputProblem};
use crate::claim::Claim;
use crate::report::ArticleInfo;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
enum LineOut<'a> {
    Schema(u32),
    Article(ArticleInfo<'a>),
    Claim(&'a Claim),
    Problem(&'a InputProblem),
}

/// An article as a claim file records it: no text, so no snippets unless the file is read back.
#[derive(Deserialize)]
struct ArticleRecord {
    id: String,
    path: String,
    outlet: Option<String>,
    date: Option<String>,
    date_origin: DateOrigin,
    #[serde(default)]
    date_line: Option<usize>,
    excluded_bytes: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum LineIn {
    Schema(u32),
    Article(ArticleRecord),
    Claim(Box<Claim>),
    Problem(InputProblem),
}

fn line(out: &mut dyn Write, line: &LineOut) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The first line of a claim file.
pub fn write_header(out: &mut dyn Write) -> std::io::Result<()> {
    line(out, &LineOut::Schema(crate::report::SCHEMA_VERSION))
}

/// One article and its claims.
pub fn write_article(out: &mut dyn Write, article: &Article, claims: &[Claim]) -> std::io::Result<()> {
    line(out, &LineOut::Article(ArticleInfo::new(article)))?;
    claims.iter().try_for_each(|c| line(out, &LineOut::Claim(c)))
}

/// The input problems, last.
pub fn write_problems(out: &mut dyn Write, problems: &[InputProblem]) -> std::io::Result<()> {
    problems.iter().try_for_each(|p| line(out, &LineOut::Problem(p)))
}

/// What claim files hold: articles (without text), their claims, and input problems.
#[derive(Debug, Default)]
pub struct ClaimFiles {
    pub articles: Vec<Article>,
    pub claims: Vec<Claim>,
    pub problems: Vec<InputProblem>,
}

/// Reads one claim file into `into`, resolving kinds against the rule pack's. `name` is the
/// file's name for error messages, which give its line.
pub fn read(input: impl BufRead, name: &str, kinds: &crate::kinds::Kinds, into: &mut ClaimFiles) -> Result<(), String> {
    crate::kinds::with_kinds_in_scope(kinds, || {
        for (i, text) in input.lines().enumerate() {
            let text = text.map_err(|e| format!("{name}: cannot read: {e}"))?;
            if text.trim().is_empty() {
                continue;
            }
            let parsed: LineIn = serde_json::from_str(&text).map_err(|e| format!("{name}:{}: not a claim file line: {e}", i + 1))?;
            match parsed {
                LineIn::Schema(v) if v == crate::report::SCHEMA_VERSION => {}
                LineIn::Schema(v) => {
                    return Err(format!(
                        "{name}:{}: claim file schema {v}, this claimcheck reads schema {}",
                        i + 1,
                        crate::report::SCHEMA_VERSION
                    ))
                }
                LineIn::Article(a) => into.articles.push(article(a).map_err(|e| format!("{name}:{}: {e}", i + 1))?),
                LineIn::Claim(c) => into.claims.push(*c),
                LineIn::Problem(p) => into.problems.push(p),
            }
        }
        Ok(())
    })
}

fn article(record: ArticleRecord) -> Result<Article, String> {
    let date = match record.date {
        Some(d) => Some(d.parse().map_err(|e| format!("bad article date `{d}`: {e}"))?),
        None => None,
    };
    Ok(Article {
        id: record.id,
        path: record.path,
        text: String::new(),
        outlet: record.outlet,
        date,
        date_origin: record.date_origin,
        date_line: record.date_line,
        body: 0..0,
        // Only the number of excluded bytes is recorded; reports show nothing else of it.
        excluded: std::iter::once(0..record.excluded_bytes).filter(|r| !r.is_empty()).collect(),
        oversized: Vec::new(),
        lines: crate::text::LineIndex::new(""),
    })
}
