//! Reading articles: files and folders, the corpus manifest, front matter, page furniture.
//!
//! This is one of the three places that touch the file system. It decides each article's
//! publication date and says where that date came from, because relative time words ("last
//! month") mean nothing without it and a date line in the text can be a republisher's.

use crate::rules::schema::FurnitureScope;
use crate::rules::RuleSet;
use crate::text::LineIndex;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The manifest file looked for in every folder of articles.
pub const MANIFEST_NAME: &str = "corpus.toml";

/// Files larger than this are skipped with a message, never read (a link to `/dev/zero`).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Sentences longer than this are left out of extraction with a message: every claim keeps a
/// copy of its sentence, so one huge unpunctuated line would cost memory per claim.
pub const MAX_SENTENCE_BYTES: usize = 64 * 1024;

/// Where an article's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Sentences longer than [`MAX_SENTENCE_BYTES`], left out (they are also in `excluded`).
    pub oversized: Vec<Range<usize>>,
    pub lines: LineIndex,
}

/// Why a text is not an article, and where in it when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl TextError {
    fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        TextError {
            message: message.into(),
            span,
        }
    }
}

impl Article {
    /// The article without its text, for a comparison that needs only claims and metadata
    /// (`check`): a corpus's texts are most of its memory. [`Article::read_text_back`]
    /// restores it for the reports that quote the articles.
    pub fn without_text(&self) -> Article {
        Article {
            id: self.id.clone(),
            path: self.path.clone(),
            text: String::new(),
            outlet: self.outlet.clone(),
            date: self.date,
            date_origin: self.date_origin,
            date_line: self.date_line,
            body: self.body.clone(),
            excluded: self.excluded.clone(),
            oversized: self.oversized.clone(),
            lines: LineIndex::new(""),
        }
    }

    /// Reads the text back from the article's path, as loading read it (same bytes, same
    /// offsets); leaves it empty when the file is gone or no longer text.
    pub fn read_text_back(&mut self) {
        let Ok(bytes) = read_limited(Path::new(&self.path), MAX_FILE_BYTES) else {
            return;
        };
        if let Ok(text) = String::from_utf8(bytes) {
            let text = normalize_line_ends(text);
            self.lines = LineIndex::new(&text);
            self.text = text;
        }
    }

    /// Builds an article from text already in memory: furniture and date line are applied.
    pub fn from_text(id: &str, path: &str, text: String, meta: Meta, rules: &RuleSet) -> Result<Article, String> {
        Article::build(id, path, text, meta, rules, true).map_err(|e| e.message)
    }

    /// Like [`Article::from_text`], for a text that is all body: a first line `+++` is words,
    /// not front matter (rule examples).
    pub fn from_body_text(id: &str, path: &str, text: String, meta: Meta, rules: &RuleSet) -> Article {
        match Article::build(id, path, text, meta, rules, false) {
            Ok(article) => article,
            Err(_) => unreachable!("only front matter can be rejected"),
        }
    }

    /// Lone `\r` line ends become `\n` (same length, so offsets hold): rules and furniture
    /// patterns are written for `\n` lines.
    fn build(id: &str, path: &str, text: String, meta: Meta, rules: &RuleSet, front_matter: bool) -> Result<Article, TextError> {
        let text = normalize_line_ends(text);
        let (body, front) = if front_matter {
            split_front_matter(&text)?
        } else {
            (0..text.len(), Meta::default())
        };
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
            oversized: Vec::new(),
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
        article.exclude_oversized_sentences();
        if article.date.is_none() {
            if let Some((date, offset)) = find_date_line(&article.text[article.body.clone()], rules) {
                article.date = Some(date);
                article.date_origin = DateOrigin::Text;
                article.date_line = Some(article.lines.line_col(&article.text, article.body.start + offset).0);
            }
        }
        Ok(article)
    }

    fn exclude_oversized_sentences(&mut self) {
        let mut sentences = Vec::new();
        for region in self.regions() {
            if region.len() > MAX_SENTENCE_BYTES {
                crate::text::sentences(&self.text, region, &mut sentences);
            }
        }
        self.oversized = sentences.into_iter().filter(|s| s.len() > MAX_SENTENCE_BYTES).collect();
        if !self.oversized.is_empty() {
            self.excluded.extend(self.oversized.iter().cloned());
            self.excluded.sort_by_key(|r| (r.start, r.end));
        }
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
    articles: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
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

/// Errors are about the `published` key.
fn to_meta(def: MetaDef) -> Result<Meta, String> {
    let published = match def.published {
        None => None,
        Some(dt) => match dt.date {
            Some(d) if dt.time.is_none() && dt.offset.is_none() => {
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

/// Lone `\r` become `\n`; `\r\n` stays. Same length, so byte offsets are unchanged.
fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte with another keeps the text UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The lines of `text` from `from`: (start, end without the line terminator, next line start).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let (end, next) = match text[start..].find('\n') {
            Some(n) => (start + n, start + n + 1),
            None => (text.len(), text.len()),
        };
        at = next;
        let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
        Some((start, end, next))
    })
}

/// TOML front matter between `+++` lines at the very top of a file (after a byte-order mark,
/// if any); `\n` or `\r\n` lines. Errors carry a byte span in the file.
fn split_front_matter(text: &str) -> Result<(Range<usize>, Meta), TextError> {
    let top = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = lines_from(text, top);
    let Some((open_start, open_end, toml_start)) = lines.next() else {
        return Ok((top..text.len(), Meta::default()));
    };
    if text[open_start..open_end].trim_end() != "+++" {
        return Ok((top..text.len(), Meta::default()));
    }
    let Some((close_start, _, body_start)) = lines.find(|&(s, e, _)| text[s..e].trim_end() == "+++") else {
        return Err(TextError::new(
            "front matter opened with `+++` is never closed (a line `+++` must end it)",
            Some(open_start..open_end),
        ));
    };
    let toml_text = &text[toml_start..close_start];
    let shift = |span: Range<usize>| toml_start + span.start..toml_start + span.end;
    let def: MetaDef =
        toml::from_str(toml_text).map_err(|e| TextError::new(format!("front matter: {}", e.message().trim()), e.span().map(shift)))?;
    let meta = to_meta(def).map_err(|message| {
        let span = find_key(toml_text, 0..toml_text.len(), "published").map(shift);
        TextError::new(format!("front matter: {message}"), span)
    })?;
    Ok((body_start..text.len(), meta))
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
            if let Some(span) = crate::normalize::time::TimeSpan::parse(m.as_str(), None, crate::normalize::time::Tense::Past, &rules.words)
            {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    pub path: String,
    pub reason: String,
    /// Where in the file, 1-based, when the problem is at a place in it.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The problem with its source line and a caret, as rule errors are shown (not in JSON).
    pub rendered: Option<String>,
}

impl InputProblem {
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        InputProblem {
            path: path.into(),
            reason: reason.into(),
            line: None,
            column: None,
            rendered: None,
        }
    }

    /// A problem at a byte span of a file's text: line, column and the line with a caret.
    pub fn at(path: &str, text: &str, span: Range<usize>, code: &'static str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        let (line, column) = LineIndex::new(text).line_col(text, span.start);
        let rendered = crate::diag::Diagnostic::error(code, reason.as_str())
            .at(Path::new(path), span, "here")
            .render(&|_| Some(text.to_string()));
        InputProblem {
            line: Some(line),
            column: Some(column),
            rendered: Some(rendered),
            ..InputProblem::new(path, reason)
        }
    }

    /// `path:line:col: reason`, or `path: reason` when there is no place.
    pub fn one_line(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", self.path, self.reason),
            _ => format!("{}: {}", self.path, self.reason),
        }
    }
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
    load_skipping(paths, rules, &[])
}

/// Like [`load`], never reading the files in `skip` (the files this run writes, such as a
/// report written into the corpus folder).
pub fn load_skipping(paths: &[PathBuf], rules: &RuleSet, skip: &[PathBuf]) -> Corpus {
    let mut loader = Loader::new(paths, skip);
    let articles = loader.next_chunk(usize::MAX, rules);
    Corpus {
        articles,
        problems: loader.finish(),
    }
}

/// Loads a corpus a chunk of articles at a time, so a caller that is done with a chunk's texts
/// (`extract --format jsonl`) holds only one chunk in memory. Articles, ids and problems are
/// exactly [`load_skipping`]'s: that is this loader with one chunk.
pub struct Loader {
    files: std::vec::IntoIter<(PathBuf, Meta)>,
    problems: Vec<InputProblem>,
    /// Ids taken so far, with the path that took each.
    seen: BTreeMap<String, String>,
    /// Hashes of the texts read so far, with the file and display path of each: the same text
    /// under two names is one article (counted twice it would corroborate itself). A matching
    /// hash re-reads the earlier file to compare texts, so no text is kept for this.
    texts: BTreeMap<u64, Vec<(PathBuf, Meta, String)>>,
}

impl Loader {
    /// Walks `paths` (files and folders, with their manifests) without reading any article.
    pub fn new(paths: &[PathBuf], skip: &[PathBuf]) -> Loader {
        let mut walker = Walker {
            files: Vec::new(),
            problems: Vec::new(),
            folders: BTreeMap::new(),
            manifests: BTreeMap::new(),
            skip: skip.iter().filter_map(|p| canonical_maybe_missing(p)).collect(),
            canonical_files: BTreeMap::new(),
        };
        for path in paths {
            match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => {
                    let (files_before, problems_before) = (walker.files.len(), walker.problems.len());
                    walker.walk(path);
                    if walker.files.len() == files_before && walker.problems.len() == problems_before {
                        walker
                            .problems
                            .push(InputProblem::new(display(path), "no .txt or .md articles in this folder"));
                    }
                }
                Ok(m) if m.is_file() => {
                    let meta = match path.parent() {
                        Some(dir) => walker.manifest(dir).get(&stem(path)).cloned().unwrap_or_default(),
                        None => Meta::default(),
                    };
                    walker.add_file(path, meta);
                }
                Ok(_) => walker.problems.push(InputProblem::new(
                    display(path),
                    "not a regular file (a FIFO, socket or device), skipped",
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let reason = if path.symlink_metadata().is_ok() {
                        "a link to nothing (broken symbolic link)"
                    } else {
                        "no such file or folder"
                    };
                    walker.problems.push(InputProblem::new(display(path), reason));
                }
                Err(e) => walker.problems.push(InputProblem::new(display(path), format!("cannot read: {e}"))),
            }
        }
        Loader {
            files: walker.files.into_iter(),
            problems: walker.problems,
            seen: BTreeMap::new(),
            texts: BTreeMap::new(),
        }
    }

    /// Reads up to `n` more files (in parallel, order kept); empty when all are read. Files
    /// that are not articles become problems, kept for [`Loader::finish`].
    pub fn next_chunk(&mut self, n: usize, rules: &RuleSet) -> Vec<Article> {
        let files: Vec<(PathBuf, Meta)> = self.files.by_ref().take(n).collect();
        // Reading and segmenting is per file, so it runs in parallel; order is restored by index.
        use rayon::prelude::*;
        let results: Vec<Result<Article, InputProblem>> = files
            .par_iter()
            .map(|(path, meta)| read_article(path, meta.clone(), rules))
            .collect();
        let mut articles = Vec::new();
        for ((file, meta), result) in files.into_iter().zip(results) {
            match result {
                Ok(article) => {
                    if let Some(article) = self.admit(article, file, meta, &articles, rules) {
                        articles.push(article);
                    }
                }
                Err(problem) => self.problems.push(problem),
            }
        }
        articles
    }

    /// Checks an article read against those read before: a text read twice is skipped, an id
    /// taken twice becomes the path; oversized sentences are reported.
    fn admit(&mut self, mut article: Article, file: PathBuf, meta: Meta, chunk: &[Article], rules: &RuleSet) -> Option<Article> {
        let hash = text_hash(&article.text);
        let same_text = self.texts.get(&hash).and_then(|earlier| {
            earlier.iter().find(|(file, meta, path)| {
                // An article of this chunk is still in memory; an earlier one is read again.
                match chunk.iter().find(|a| &a.path == path) {
                    Some(a) => a.text == article.text,
                    None => read_article(file, meta.clone(), rules).is_ok_and(|a| a.text == article.text),
                }
            })
        });
        if let Some((_, _, first)) = same_text {
            self.problems.push(InputProblem::new(
                article.path.clone(),
                format!("same text as {first}, skipped (an article read twice would corroborate itself)"),
            ));
            return None;
        }
        if let Some(first) = self.seen.get(&article.id) {
            self.problems.push(InputProblem::new(
                article.path.clone(),
                format!("article id `{}` is also the stem of {first}; using the path as its id", article.id),
            ));
            article.id = article.path.clone();
        }
        for sentence in &article.oversized {
            self.problems.push(InputProblem::at(
                &article.path,
                &article.text,
                sentence.start..sentence.start,
                "sentence-too-long",
                format!(
                    "a sentence of {} bytes is longer than the limit of {} KiB; left out of extraction",
                    sentence.len(),
                    MAX_SENTENCE_BYTES / 1024
                ),
            ));
        }
        self.seen.insert(article.id.clone(), article.path.clone());
        self.texts.entry(hash).or_default().push((file, meta, article.path.clone()));
        Some(article)
    }

    /// The input problems of every file, sorted by path and place.
    pub fn finish(mut self) -> Vec<InputProblem> {
        self.problems
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        self.problems
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The canonical form of a path that may not exist yet (an output file): its folder's
/// canonical path joined with its name.
fn canonical_maybe_missing(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// The walk over the given paths: files to read, problems met, folders and files seen.
struct Walker {
    files: Vec<(PathBuf, Meta)>,
    problems: Vec<InputProblem>,
    /// Canonical path of every folder walked, and the path it was first reached by: a link
    /// loop or a second link to a folder is walked once.
    folders: BTreeMap<PathBuf, PathBuf>,
    /// Manifests by folder, read once each.
    manifests: BTreeMap<PathBuf, BTreeMap<String, Meta>>,
    /// Canonical paths never to read.
    skip: Vec<PathBuf>,
    /// Canonical path of every file added, and the path it was given by.
    canonical_files: BTreeMap<PathBuf, PathBuf>,
}

impl Walker {
    fn manifest(&mut self, dir: &Path) -> &BTreeMap<String, Meta> {
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if !self.manifests.contains_key(&key) {
            let manifest = read_manifest(dir, &mut self.problems);
            self.manifests.insert(key.clone(), manifest);
        }
        &self.manifests[&key]
    }

    /// Adds a regular file unless it is one this run writes or one already added.
    fn add_file(&mut self, path: &Path, meta: Meta) {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.skip.contains(&canonical) {
            return;
        }
        if let Some(first) = self.canonical_files.get(&canonical) {
            self.problems.push(InputProblem::new(
                display(path),
                format!(
                    "same file as {}, skipped (an article read twice would corroborate itself)",
                    display(first)
                ),
            ));
            return;
        }
        self.canonical_files.insert(canonical, path.to_path_buf());
        self.files.push((path.to_path_buf(), meta));
    }

    fn walk(&mut self, dir: &Path) {
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                self.problems
                    .push(InputProblem::new(display(dir), format!("cannot read folder: {e}")));
                return;
            }
        };
        if let Some(first) = self.folders.get(&canonical) {
            self.problems.push(InputProblem::new(
                display(dir),
                format!("folder already read as {} (a link loop or a second link), skipped", display(first)),
            ));
            return;
        }
        self.folders.insert(canonical, dir.to_path_buf());
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems
                    .push(InputProblem::new(display(dir), format!("cannot read folder: {e}")));
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
            let is_article_name = path.extension().is_some_and(|e| e == "txt" || e == "md") && !name.eq_ignore_ascii_case("README.md");
            // `metadata` follows links: a link to a folder is walked, a link to a device is not read.
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => self.walk(&path),
                Ok(m) if m.is_file() => {
                    if is_article_name {
                        let meta = self.manifest(dir).get(&stem(&path)).cloned().unwrap_or_default();
                        self.add_file(&path, meta);
                    }
                }
                Ok(_) if is_article_name => self.problems.push(InputProblem::new(
                    display(&path),
                    "not a regular file (a FIFO, socket or device), skipped",
                )),
                Ok(_) => {}
                Err(e) if is_article_name => {
                    let reason = if e.kind() == std::io::ErrorKind::NotFound {
                        "a link to nothing (broken symbolic link), skipped".to_string()
                    } else {
                        format!("cannot read: {e}")
                    };
                    self.problems.push(InputProblem::new(display(&path), reason));
                }
                Err(_) => {}
            }
        }
    }
}

/// Reads at most `limit` bytes of a regular file; a larger one is an error, never read whole.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device), skipped".into());
    }
    let too_big = || format!("larger than the limit of {} MiB, skipped", limit / (1024 * 1024));
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The byte offset of the first invalid UTF-8 byte, as a problem at its line and column.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error, what: &str) -> InputProblem {
    let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
    let offset = e.valid_up_to();
    let (line, column) = LineIndex::new(&valid).line_col(&valid, valid.len());
    let what = if what.is_empty() { String::new() } else { format!("{what} ") };
    InputProblem {
        line: Some(line),
        column: Some(column),
        ..InputProblem::new(display(path), format!("{what}not UTF-8 (invalid byte at offset {offset}), skipped"))
    }
}

fn read_manifest(dir: &Path, problems: &mut Vec<InputProblem>) -> BTreeMap<String, Meta> {
    let path = dir.join(MANIFEST_NAME);
    let shown = display(&path);
    let bytes = match read_limited(&path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(_) if std::fs::symlink_metadata(&path).is_err() => return BTreeMap::new(),
        Err(reason) => {
            problems.push(InputProblem::new(
                shown,
                format!("manifest {reason}; its dates and outlets are not used"),
            ));
            return BTreeMap::new();
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            problems.push(not_utf8(&path, &bytes, e, "manifest"));
            return BTreeMap::new();
        }
    };
    let parsed: ManifestFile = match toml::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            problems.push(InputProblem::at(
                &shown,
                text,
                span,
                "manifest",
                format!("manifest: {}", e.message().trim()),
            ));
            return BTreeMap::new();
        }
    };
    // One bad entry is reported alone: the others still give their dates.
    let mut out = BTreeMap::new();
    for (id, value) in parsed.articles {
        let span = value.span();
        let key_span = id.span();
        let id = id.into_inner();
        let entry = match value.into_inner() {
            toml::Value::Table(table) => table,
            other => {
                problems.push(InputProblem::at(
                    &shown,
                    text,
                    span,
                    "manifest",
                    format!("article `{id}` must be a table like `[articles.{id}]`, not a {}", other.type_str()),
                ));
                continue;
            }
        };
        let def = match MetaDef::deserialize(toml::Value::Table(entry.clone())) {
            Ok(def) => def,
            Err(e) => {
                // Point at the offending key when the message names one.
                let place = e
                    .message()
                    .split('`')
                    .nth(1)
                    .filter(|k| entry.contains_key(*k))
                    .and_then(|k| find_key(text, entry_extent(text, span.clone()), k))
                    .unwrap_or(key_span);
                problems.push(InputProblem::at(
                    &shown,
                    text,
                    place,
                    "manifest",
                    format!("article `{id}`: {}", e.message().trim()),
                ));
                continue;
            }
        };
        match to_meta(def) {
            Ok(meta) => {
                out.insert(id, meta);
            }
            Err(message) => problems.push(InputProblem::at(
                &shown,
                text,
                find_key(text, entry_extent(text, span.clone()), "published").unwrap_or(key_span),
                "manifest",
                format!("article `{id}`: {message}"),
            )),
        }
    }
    out
}

/// A manifest entry's text: its value's span, or for a `[articles.x]` table (whose span is its
/// header) up to the next table header.
fn entry_extent(text: &str, span: Range<usize>) -> Range<usize> {
    let end = text
        .get(span.end..)
        .and_then(|rest| rest.find("\n[").map(|n| span.end + n))
        .unwrap_or(text.len());
    span.start..end.max(span.end)
}

/// The span of `key = ` inside `within`, for pointing at a bad key of a manifest entry.
fn find_key(text: &str, within: Range<usize>, key: &str) -> Option<Range<usize>> {
    let slice = text.get(within.clone())?;
    let at = slice
        .match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| slice[i + key.len()..].trim_start().starts_with('='))?;
    Some(within.start + at..within.start + at + key.len())
}

fn read_article(path: &Path, meta: Meta, rules: &RuleSet) -> Result<Article, InputProblem> {
    let problem = |reason: String| InputProblem::new(display(path), reason);
    let bytes = read_limited(path, MAX_FILE_BYTES).map_err(problem)?;
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(problem("binary file (contains NUL bytes), skipped".into()));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(path, e.as_bytes(), e.utf8_error(), "")),
    };
    let shown = display(path);
    match Article::build(&stem(path), &shown, text.clone(), meta, rules, true) {
        Ok(article) => Ok(article),
        Err(e) => Err(match e.span {
            Some(span) => InputProblem::at(&shown, &text, span, "front-matter", e.message),
            None => problem(e.message),
        }),
    }
}
