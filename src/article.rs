//! Reading articles: files and folders, the corpus manifest, front matter, page furniture.
//!
//! This is one of the three places that touch the file system. It decides each article's
//! publication date and says where that date came from, because relative time words ("last
//! month") mean nothing without it and a date line in the text can be a republisher's.

use crate::rules::schema::FurnitureScope;
use crate::rules::RuleSet;
use crate::text::LineIndex;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The manifest file looked for in every folder of articles.
pub const MANIFEST_NAME: &str = "corpus.toml";

/// Where an article's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrigin {
    Manifest,
    FrontMatter,
    /// A date line found in the text by a `[[dateline]]` rule.
    Text,
    None,
}

impl DateOrigin {
    pub fn name(self) -> &'static str {
        match self {
            DateOrigin::Manifest => "manifest",
            DateOrigin::FrontMatter => "front matter",
            DateOrigin::Text => "text",
            DateOrigin::None => "none",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    /// The file stem: stable across runs and machines.
    pub id: String,
    /// The path as given on the command line, with `/` separators.
    pub path: String,
    pub text: String,
    pub outlet: Option<String>,
    pub date: Option<Date>,
    pub date_origin: DateOrigin,
    /// The line a text date was read from, when the origin is `Text`.
    pub date_line: Option<usize>,
    /// The byte range after any front matter.
    pub body: Range<usize>,
    /// Page furniture: sorted, disjoint byte ranges no claim may come from.
    pub excluded: Vec<Range<usize>>,
    pub lines: LineIndex,
}

impl Article {
    /// Builds an article from text already in memory: furniture and date line are applied.
    pub fn from_text(id: &str, path: &str, text: String, meta: Meta, rules: &RuleSet) -> Result<Article, String> {
        let (body, front) = split_front_matter(&text)?;
        let lines = LineIndex::new(&text);
        let mut article = Article {
            id: id.to_string(),
            path: path.to_string(),
            outlet: meta.outlet.or(front.outlet),
            date: None,
            date_origin: DateOrigin::None,
            date_line: None,
            body,
            excluded: Vec::new(),
            lines,
            text,
        };
        if let Some(date) = meta.published {
            article.date = Some(date);
            article.date_origin = DateOrigin::Manifest;
        } else if let Some(date) = front.published {
            article.date = Some(date);
            article.date_origin = DateOrigin::FrontMatter;
        }
        article.excluded = furniture_ranges(&article.text, article.body.clone(), rules);
        if article.date.is_none() {
            if let Some((date, offset)) = find_date_line(&article.text[article.body.clone()], rules) {
                article.date = Some(date);
                article.date_origin = DateOrigin::Text;
                article.date_line = Some(article.lines.line_col(&article.text, article.body.start + offset).0);
            }
        }
        Ok(article)
    }

    /// The parts of the body that are the article proper, in order.
    pub fn regions(&self) -> Vec<Range<usize>> {
        let mut regions = Vec::new();
        let mut at = self.body.start;
        for ex in &self.excluded {
            if ex.start > at {
                regions.push(at..ex.start);
            }
            at = at.max(ex.end);
        }
        if at < self.body.end {
            regions.push(at..self.body.end);
        }
        regions
    }
}

/// What a manifest or front matter says of one article.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub outlet: Option<String>,
    pub published: Option<Date>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ManifestFile {
    #[serde(default)]
    articles: BTreeMap<String, MetaDef>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MetaDef {
    outlet: Option<String>,
    published: Option<toml::value::Datetime>,
    /// Free text for the people who keep the corpus: how the date is known.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    title: Option<String>,
    /// Where the article was read, for attribution of kept excerpts.
    #[serde(default)]
    #[allow(dead_code)]
    url: Option<String>,
}

fn to_meta(def: MetaDef) -> Result<Meta, String> {
    let published = match def.published {
        None => None,
        Some(dt) => match dt.date {
            Some(d) if dt.time.is_none() => {
                Some(Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|e| format!("bad date: {e}"))?)
            }
            _ => return Err(format!("`published = {dt}` must be a date like 2024-01-25")),
        },
    };
    Ok(Meta {
        outlet: def.outlet,
        published,
    })
}

/// TOML front matter between `+++` lines at the very top of a file.
fn split_front_matter(text: &str) -> Result<(Range<usize>, Meta), String> {
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Ok((0..text.len(), Meta::default()));
    };
    let open_len = text.len() - rest.len();
    let Some(close) = rest.find("\n+++") else {
        return Err("front matter opened with `+++` is never closed".into());
    };
    let toml_text = &rest[..close];
    let after = open_len + close + "\n+++".len();
    let body_start = text[after..].find('\n').map_or(text.len(), |n| after + n + 1);
    let def: MetaDef = toml::from_str(toml_text).map_err(|e| format!("front matter: {}", e.message()))?;
    Ok((body_start..text.len(), to_meta(def)?))
}

/// Furniture rules, applied to the body: sorted, merged excluded ranges.
fn furniture_ranges(text: &str, body: Range<usize>, rules: &RuleSet) -> Vec<Range<usize>> {
    let slice = &text[body.clone()];
    let mut ranges = Vec::new();
    for furniture in &rules.furniture {
        for m in furniture.regex.find_iter(slice) {
            let line_start = slice[..m.start()].rfind('\n').map_or(0, |p| p + 1);
            let line_end = slice[m.end()..].find('\n').map_or(slice.len(), |p| m.end() + p);
            let range = match furniture.scope {
                FurnitureScope::Match => m.start()..m.end(),
                FurnitureScope::Line => line_start..line_end,
                FurnitureScope::Rest => line_start..slice.len(),
            };
            ranges.push(body.start + range.start..body.start + range.end);
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn find_date_line(body: &str, rules: &RuleSet) -> Option<(Date, usize)> {
    let mut found: Vec<(usize, Date)> = Vec::new();
    for dateline in &rules.datelines {
        for caps in dateline.regex.captures_iter(body) {
            let Some(m) = caps.name("date") else { continue };
            if let Some(span) = crate::normalize::time::TimeSpan::parse(m.as_str(), None, crate::normalize::time::Tense::Past) {
                if span.granularity == crate::normalize::time::Granularity::Day {
                    found.push((m.start(), span.start));
                }
            }
        }
    }
    found.sort();
    found.first().map(|&(offset, date)| (date, offset))
}

/// A file that could not be read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProblem {
    pub path: String,
    pub reason: String,
}

/// Articles read from the given paths, and the problems met on the way.
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub problems: Vec<InputProblem>,
}

fn display(path: &Path) -> String {
    crate::diag::display_path(path)
}

/// Reads files and folders (folders recursively, in sorted order, `.txt` and `.md` files).
pub fn load(paths: &[PathBuf], rules: &RuleSet) -> Corpus {
    let mut corpus = Corpus::default();
    let mut files: Vec<(PathBuf, Meta)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut corpus.problems);
        } else if path.exists() {
            let meta = path
                .parent()
                .map(|dir| read_manifest(dir, &mut corpus.problems))
                .unwrap_or_default();
            let stem = stem(path);
            files.push((path.clone(), meta.get(&stem).cloned().unwrap_or_default()));
        } else {
            corpus.problems.push(InputProblem {
                path: display(path),
                reason: "no such file or folder".into(),
            });
        }
    }
    // Reading and segmenting is per file, so it runs in parallel; order is restored by index.
    use rayon::prelude::*;
    let results: Vec<Result<Article, InputProblem>> = files
        .par_iter()
        .map(|(path, meta)| read_article(path, meta.clone(), rules))
        .collect();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for result in results {
        match result {
            Ok(mut article) => {
                if let Some(first) = seen.get(&article.id) {
                    corpus.problems.push(InputProblem {
                        path: article.path.clone(),
                        reason: format!("article id `{}` is also the stem of {first}; using the path as its id", article.id),
                    });
                    article.id = article.path.clone();
                }
                seen.insert(article.id.clone(), article.path.clone());
                corpus.articles.push(article);
            }
            Err(problem) => corpus.problems.push(problem),
        }
    }
    corpus.problems.sort_by(|a, b| a.path.cmp(&b.path));
    corpus
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

fn walk(dir: &Path, files: &mut Vec<(PathBuf, Meta)>, problems: &mut Vec<InputProblem>) {
    let manifest = read_manifest(dir, problems);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(InputProblem {
                path: display(dir),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, problems);
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") && !name.eq_ignore_ascii_case("README.md") {
            let meta = manifest.get(&stem(&path)).cloned().unwrap_or_default();
            files.push((path, meta));
        }
    }
}

fn read_manifest(dir: &Path, problems: &mut Vec<InputProblem>) -> BTreeMap<String, Meta> {
    let path = dir.join(MANIFEST_NAME);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    let parsed: ManifestFile = match toml::from_str(&text) {
        Ok(m) => m,
        Err(e) => {
            let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1).unwrap_or(0);
            problems.push(InputProblem {
                path: display(&path),
                reason: format!("manifest line {line}: {}", e.message().trim()),
            });
            return BTreeMap::new();
        }
    };
    let mut out = BTreeMap::new();
    for (id, def) in parsed.articles {
        match to_meta(def) {
            Ok(meta) => {
                out.insert(id, meta);
            }
            Err(reason) => problems.push(InputProblem {
                path: display(&path),
                reason: format!("article `{id}`: {reason}"),
            }),
        }
    }
    out
}

fn read_article(path: &Path, meta: Meta, rules: &RuleSet) -> Result<Article, InputProblem> {
    let problem = |reason: String| InputProblem {
        path: display(path),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(problem("binary file (contains NUL bytes), skipped".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        problem(format!(
            "not UTF-8 (invalid byte at offset {}), skipped",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Article::from_text(&stem(path), &display(path), text, meta, rules).map_err(problem)
}
