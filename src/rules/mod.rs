//! Loading a rule pack: parse every `*.toml` of a folder, check everything, compile once.
//!
//! Every problem is collected, not just the first, because a rule author fixing one error per
//! run is slow; each names its file, line, column and rule id. Patterns are compiled here and
//! nowhere else: compiling is thousands of times dearer than matching one sentence.

mod include;
mod kinds;
pub mod literals;
pub mod masks;
pub mod pattern;
mod rule;
pub mod schema;
mod words;

use crate::claim::{Field, Status, FIELDS};
use crate::diag::Diagnostic;
use crate::kinds::{Kind, Kinds};
use crate::normalize::entity::{Alias, Lexicon};
use pattern::{Definition, Expanded};
use regex::{Regex, RegexBuilder};
use schema::{FurnitureScope, RuleFile};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Regex size limits, set deliberately: dictionary alternations make large automata, and the
/// lazy DFA at the default cache size thrashes on them (measured 26x slower in a RegexSet).
const REGEX_SIZE_LIMIT: usize = 32 << 20;
const DFA_SIZE_LIMIT: usize = 16 << 20;

/// A rule file as read, kept for error messages and `explain`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct CompiledPattern {
    pub written: String,
    pub expanded: String,
    pub regex: Regex,
    /// Sets of strings such that every match contains one string of each (ASCII
    /// case-insensitive), when provable: extraction searches the pattern only in sentences
    /// holding one of every set ([`literals::Prefilter`]).
    pub required: Option<Vec<Vec<String>>>,
    /// The large dictionaries standing as tokens in the regex ([`masks`]): if any, it searches
    /// the masked text.
    pub masked: Vec<String>,
    /// Whether the pattern as its author wrote it names a quotation mark: it reads the text
    /// with its quotes, others read it with scare quotes blanked (`text::without_scare_quotes`).
    /// A fragment's optional marks (`{count}`'s quoted hedge) do not count: nearly every figure
    /// pattern uses one.
    pub reads_quotes: bool,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub date: Option<jiff::civil::Date>,
    pub expect: BTreeMap<String, String>,
    pub known_gap: bool,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct CounterExample {
    pub text: String,
    pub date: Option<jiff::civil::Date>,
    pub known_gap: bool,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// Shared with the provenance of every claim the rule makes.
    pub id: std::sync::Arc<str>,
    pub kind: Kind,
    pub description: String,
    pub priority: i32,
    /// Index into `RuleSet::files`.
    pub file: usize,
    pub line: usize,
    pub patterns: Vec<CompiledPattern>,
    /// When set, the rule only searches sentences where one of these words occurs.
    pub anchors: Option<aho_corasick::AhoCorasick>,
    pub veto: Option<CompiledPattern>,
    /// Capture name to the field it fills, sorted by capture name.
    pub capture_fields: Vec<(String, Field)>,
    pub fixed: Vec<(Field, String)>,
    /// An unplaced claim happened in its subject's country (`place-is-subject`).
    pub place_is_subject: bool,
    /// An unnamed subject ("we") is the speaker's party (`subject-is-speaker`).
    pub subject_is_speaker: bool,
    pub examples: Vec<Example>,
    pub counter_examples: Vec<CounterExample>,
}

#[derive(Debug, Clone)]
pub struct Furniture {
    pub id: String,
    pub regex: Regex,
    pub scope: FurnitureScope,
}

#[derive(Debug, Clone)]
pub struct StatusContext {
    pub id: String,
    pub status: Status,
    /// Must match the sentence before the value, after it, and must not match after it.
    pub before: Option<Regex>,
    pub after: Option<Regex>,
    pub unless_after: Option<Regex>,
    /// The statuses it replaces; empty: any.
    pub only_from: Vec<Status>,
}

impl StatusContext {
    pub fn applies(&self, status: Status, before: &str, after: &str) -> bool {
        (self.only_from.is_empty() || self.only_from.contains(&status))
            && self.before.as_ref().is_none_or(|r| r.is_match(before))
            && self.after.as_ref().is_none_or(|r| r.is_match(after))
            && !self.unless_after.as_ref().is_some_and(|r| r.is_match(after))
    }
}

#[derive(Debug, Clone)]
pub struct Dateline {
    pub id: String,
    pub regex: Regex,
}

/// A loaded, checked and compiled rule pack.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub files: Vec<SourceFile>,
    pub rules: Vec<Rule>,
    pub lexicon: Lexicon,
    pub furniture: Vec<Furniture>,
    pub datelines: Vec<Dateline>,
    pub kinds: Kinds,
    /// Status to the phrases that give it, in the order statuses are tried; each phrase lower
    /// case, single-spaced and padded with a space on both ends.
    pub status_words: Vec<(Status, Vec<String>)>,
    /// Direction to the phrases that give it, padded as `status_words` are.
    pub direction_words: Vec<(crate::claim::Direction, Vec<String>)>,
    /// `[[status-context]]` in file order: the first whose pattern matches the sentence before
    /// a claim gives the claim its status.
    pub status_contexts: Vec<StatusContext>,
    /// Problems that do not stop loading (a rule with no example).
    pub warnings: Vec<Diagnostic>,
    /// The required literals of every rule pattern in one automaton.
    pub prefilter: literals::Prefilter,
    /// The large dictionaries matched once per text, for the patterns that use their tokens.
    pub masks: masks::Masks,
    /// The words the normalisers read (`[[hedge]]`, `[[time-word]]`...).
    pub words: crate::normalize::words::Words,
    /// Entity id to the places it lies within, nearest first (`within` in dictionaries).
    /// The chains are shared with the claims' places.
    pub within: BTreeMap<String, std::sync::Arc<[std::sync::Arc<str>]>>,
    /// Entities that are never where a claim happens (`not-places` in dictionaries).
    pub not_places: std::collections::BTreeSet<std::sync::Arc<str>>,
    /// A part of a country (`regions` in dictionaries) to its country: whose forces it names.
    pub regions: BTreeMap<std::sync::Arc<str>, std::sync::Arc<str>>,
    /// Force nouns (`force-nouns` in dictionaries), lower case, longest first, and their scope.
    pub force_nouns: Vec<(String, std::sync::Arc<str>)>,
    /// What `rules gaps` reads as claim-shaped, compiled from the pack's words.
    pub gap_cues: crate::gaps::Cues,
}

impl RuleSet {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| *r.id == *id)
    }

    pub fn file_text(&self, path: &Path) -> Option<String> {
        self.files.iter().find(|f| f.path == path).map(|f| f.text.clone())
    }
}

/// The outcome of loading: the rule set if nothing was wrong, and every diagnostic.
pub struct Loaded {
    pub rules: Option<RuleSet>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<SourceFile>,
}

impl Loaded {
    /// Every diagnostic, sorted and rendered against the rule files' own text.
    pub fn render_diagnostics(&mut self) -> String {
        let files = &self.files;
        crate::diag::render_all(&mut self.diagnostics, &|p: &Path| {
            files.iter().find(|f| f.path == p).map(|f| f.text.clone())
        })
    }
}

/// Loads every `*.toml` directly in `dir`, in name order.
pub fn load_dir(dir: &Path) -> Loaded {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                // A FIFO or device named `*.toml` would block or never end: only regular files
                // (or links to them) are rule files.
                if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                    diagnostics.push(Diagnostic::error(
                        "unreadable-file",
                        format!("cannot read rule file {}: not a regular file", path.display()),
                    ));
                    continue;
                }
                match std::fs::read_to_string(&path) {
                    Ok(text) => files.push(SourceFile { path, text }),
                    Err(e) => diagnostics.push(Diagnostic::error(
                        "unreadable-file",
                        format!("cannot read rule file {}: {e}", path.display()),
                    )),
                }
            }
            include::add_included(&mut files, &mut diagnostics);
            if files.is_empty() && diagnostics.is_empty() {
                diagnostics.push(Diagnostic::error(
                    "no-rules",
                    format!("no rule files (*.toml) in {}", dir.display()),
                ));
            }
        }
        Err(e) => diagnostics.push(Diagnostic::error(
            "unreadable-dir",
            format!("cannot read rules folder {}: {e}", dir.display()),
        )),
    }
    let mut loaded = load_files(files);
    diagnostics.append(&mut loaded.diagnostics);
    loaded.diagnostics = diagnostics;
    if loaded.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error) {
        loaded.rules = None;
    }
    loaded
}

/// Checks and compiles rule files already read; the unit of work for `rules check` and tests.
pub fn load_files(files: Vec<SourceFile>) -> Loaded {
    let mut compiler = Compiler {
        diagnostics: Vec::new(),
        files: &files,
        kinds: Kinds::default(),
        status_words: Vec::new(),
        prebuilt: Default::default(),
    };
    let parsed: Vec<(usize, RuleFile)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| compiler.parse(i, f).map(|r| (i, r)))
        .collect();
    let rules = compiler.compile(&parsed);
    let has_errors = compiler.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error);
    let mut diagnostics = compiler.diagnostics;
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let rules = rules.filter(|_| !has_errors).map(|mut r| {
        r.warnings = diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Warning)
            .cloned()
            .collect();
        r.files = files.clone();
        r
    });
    Loaded { rules, diagnostics, files }
}

struct Compiler<'f> {
    diagnostics: Vec<Diagnostic>,
    files: &'f [SourceFile],
    kinds: Kinds,
    status_words: Vec<(Status, Vec<String>)>,
    /// Rule patterns built ahead, in parallel, by expanded regex and case-insensitivity.
    prebuilt: std::collections::HashMap<(String, bool), Built>,
}

/// A regex built ahead of the checks that report on it: the pack's patterns are independent
/// and building them is most of a pack's load time (the dictionaries make them large), so they
/// are built on every core first; the checks then run in file order and report as before.
struct Built {
    required: Option<Vec<Vec<String>>>,
    regex: Result<Regex, regex::Error>,
}

fn build_regex(expanded: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(expanded)
        .case_insensitive(case_insensitive)
        .multi_line(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
}

/// The parser `build_regex` amounts to, for reading a pattern's required literals.
fn regex_parser(case_insensitive: bool) -> regex_syntax::Parser {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .multi_line(true)
        .build()
}

/// A name defined somewhere, for duplicate checks that show both places.
pub(crate) struct Defined {
    file: usize,
    span: Range<usize>,
}

/// Fragments made from the pack's words, so a pattern matches exactly the words the
/// normaliser reads: a hedge added to `[[hedge]]` is matched by every `{hedge}` at once, and a
/// hedge a pattern matches can never be one the normaliser drops. (name, table, words)
/// The words come longest first and unique (`Words::sort`; a word listed twice is an error),
/// as a dictionary's aliases must.
fn generated_fragments(words: &crate::normalize::words::Words) -> Vec<(&'static str, &'static str, Vec<String>)> {
    let hedges: Vec<String> = words.hedges.iter().map(|(w, _)| w.clone()).collect();
    let magnitudes: Vec<String> = words.magnitudes.iter().map(|(w, _, _)| w.clone()).collect();
    [
        ("hedge", "[[hedge]]", hedges),
        ("magnitude", "[[magnitude]]", magnitudes),
        ("title", "titles", words.titles.clone()),
    ]
    .into_iter()
    .filter(|(_, _, list)| !list.is_empty())
    .collect()
}

impl<'f> Compiler<'f> {
    /// False, with an error, when `name` is a fragment the pack makes from its words.
    fn not_generated(&mut self, generated: &[(&str, &str, Vec<String>)], name: &str, file: usize, span: Range<usize>) -> bool {
        let Some((_, table, _)) = generated.iter().find(|(n, _, _)| *n == name) else {
            return true;
        };
        self.error(
            file,
            span,
            "generated-fragment",
            format!("`{name}` is made from the pack's {table} words, so patterns and the normaliser read the same words"),
            "defined again here",
        )
        .help = Some(format!("add the words to {table} (words.toml) and remove this definition"));
        false
    }

    fn path(&self, file: usize) -> &Path {
        &self.files[file].path
    }

    /// The status a pack names, or a positioned error with the nearest status name.
    fn status_named(&mut self, file: usize, name: &Spanned<String>, prefix: &str) -> Option<Status> {
        let status = Status::parse_name(name.get_ref());
        if status.is_none() {
            let known: Vec<&str> = crate::claim::STATUSES.iter().map(|(n, _)| *n).collect();
            let help = crate::suggest::did_you_mean(name.get_ref(), &known, "statuses");
            self.error(
                file,
                name.span(),
                "bad-value",
                format!("{prefix}`{}` is not a status", name.get_ref()),
                "here",
            )
            .help = Some(help);
        }
        status
    }

    fn error(&mut self, file: usize, span: Range<usize>, code: &'static str, message: String, label: &str) -> &mut Diagnostic {
        let d = Diagnostic::error(code, message).at(self.path(file), span, label);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Parses one file. An unknown key is reported, blanked out and the file parsed again, so
    /// one typo does not hide the file's other errors (the load still fails).
    fn parse(&mut self, index: usize, file: &SourceFile) -> Option<RuleFile> {
        let mut text = std::borrow::Cow::Borrowed(file.text.as_str());
        let mut suggested: Vec<String> = Vec::new();
        for _ in 0..MAX_UNKNOWN_KEYS {
            let result = toml::from_str::<RuleFile>(&text);
            let Err(e) = &result else { break };
            let span = e.span().unwrap_or(0..0);
            let blank = e
                .message()
                .starts_with("unknown field `")
                .then(|| key_value_span(&text, span.clone()))
                .flatten();
            let Some(blank) = blank else { break };
            let (code, help) = explain_toml_error(e.message().trim());
            let first_line = e.message().lines().next().unwrap_or("invalid TOML").to_string();
            suggested.extend(help.clone());
            self.error(index, span, code, first_line, "here").help = help;
            let mut bytes = text.into_owned().into_bytes();
            for b in &mut bytes[blank] {
                if !matches!(*b, b'\n' | b'\r') {
                    *b = b' ';
                }
            }
            text = std::borrow::Cow::Owned(String::from_utf8(bytes).ok()?);
        }
        match toml::from_str::<RuleFile>(&text) {
            Ok(parsed) => Some(parsed),
            // "missing `patterns`" after "unknown `pattern`, did you mean `patterns`?" says it twice.
            Err(e)
                if e.message()
                    .strip_prefix("missing field ")
                    .and_then(|rest| rest.split('`').nth(1))
                    .is_some_and(|field| suggested.iter().any(|h| h.contains(&format!("`{field}`")))) =>
            {
                None
            }
            Err(e) => {
                let message = e.message().trim().to_string();
                let span = e.span().unwrap_or(0..0);
                let (code, help) = explain_toml_error(&message);
                let d = self.error(
                    index,
                    span,
                    code,
                    message.lines().next().unwrap_or("invalid TOML").to_string(),
                    "here",
                );
                if let Some(help) = help {
                    d.help = Some(help);
                }
                None
            }
        }
    }

    fn compile(&mut self, parsed: &[(usize, RuleFile)]) -> Option<RuleSet> {
        self.kinds = self.compile_kinds(parsed);
        self.status_words = self.compile_status_words(parsed);
        let direction_words = self.compile_direction_words(parsed);
        let (words, gap_cue_words) = self.compile_words(parsed);
        // Names first: fragments and dictionaries share one namespace across files.
        let mut names: BTreeMap<String, Defined> = BTreeMap::new();
        let mut fragment_bodies: BTreeMap<String, (usize, &Spanned<String>)> = BTreeMap::new();
        let mut dictionary_aliases: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
        let mut lexicon_aliases = Vec::new();
        let mut entity_ids: BTreeMap<String, String> = BTreeMap::new();
        let generated = generated_fragments(&words);
        for (file, rule_file) in parsed {
            for (name, body) in &rule_file.fragments {
                if self.not_generated(&generated, name, *file, body.span())
                    && self.check_unique(&mut names, name, *file, body.span(), "fragment or dictionary name")
                {
                    fragment_bodies.insert(name.clone(), (*file, body));
                }
            }
            for (name, dictionary) in &rule_file.dictionary {
                if !self.not_generated(&generated, name, *file, dictionary.span())
                    || !self.check_unique(&mut names, name, *file, dictionary.span(), "fragment or dictionary name")
                {
                    continue;
                }
                let dict = dictionary.get_ref();
                let mut aliases = Vec::new();
                for (id, alias_list) in &dict.entities {
                    if let Some(other) = entity_ids.insert(id.clone(), name.clone()) {
                        if &other != name {
                            self.error(
                                *file,
                                dictionary.span(),
                                "duplicate-entity",
                                format!("entity `{id}` is in dictionaries `{other}` and `{name}`"),
                                "second dictionary",
                            );
                        }
                    }
                    for alias in alias_list {
                        aliases.push(alias.get_ref().clone());
                        lexicon_aliases.push(Alias {
                            text: alias.get_ref().clone(),
                            id: id.clone(),
                            case_sensitive: dict.case_sensitive,
                            affiliation: dict.affiliation,
                        });
                    }
                }
                crate::normalize::words::longest_first(&mut aliases, |a| a);
                aliases.dedup();
                dictionary_aliases.insert(name.clone(), (aliases, dict.case_sensitive));
            }
        }
        for (name, _, aliases) in generated {
            dictionary_aliases.insert(name.to_string(), (aliases, false));
        }
        let within = self.compile_within(parsed, &entity_ids);
        let not_places = self.compile_id_list(parsed, |d| &d.not_places, "not-places");
        let regions = self.compile_id_list(parsed, |d| &d.regions, "regions");
        let force_ids = self.compile_id_list(parsed, |d| &d.force_nouns, "force-nouns");
        let mut definitions: BTreeMap<String, Definition<'_>> = BTreeMap::new();
        for (name, (_, body)) in &fragment_bodies {
            definitions.insert(name.clone(), Definition::Fragment(body.get_ref()));
        }
        let markers = masks::markers(dictionary_aliases.iter().map(|(name, (aliases, _))| (name.as_str(), &aliases[..])));
        let tokens: BTreeMap<&str, (u8, String)> = markers.iter().map(|&(name, m)| (name, (m, masks::token(m)))).collect();
        // Rules and vetoes search masked text; furniture, date lines and status contexts, which
        // run once over whole articles before extraction, spell dictionaries out.
        let mut masked_definitions: BTreeMap<String, Definition<'_>> = definitions.clone();
        for (name, (aliases, case_sensitive)) in &dictionary_aliases {
            for (defs, token) in [(&mut definitions, None), (&mut masked_definitions, tokens.get(name.as_str()))] {
                defs.insert(
                    name.clone(),
                    Definition::Dictionary {
                        aliases,
                        case_sensitive: *case_sensitive,
                        token: token.map(|(_, t)| t.as_str()),
                    },
                );
            }
        }
        // Each fragment on its own, so an error inside one is reported once, at its definition.
        let mut broken_fragments = Vec::new();
        for (name, (file, body)) in &fragment_bodies {
            let compiled = self.compile_any(*file, body, &masked_definitions, false, &format!("fragment `{name}`"), true);
            let Some(compiled) = compiled else {
                broken_fragments.push(name.clone());
                continue;
            };
            {
                if compiled.regex.capture_names().flatten().next().is_some() {
                    self.error(
                        *file,
                        body.span(),
                        "capture-in-fragment",
                        format!("fragment `{name}` has a named capture"),
                        "captures belong in rules",
                    )
                    .help = Some("write `{capture:name}` in the rule's pattern instead".into());
                }
            }
        }

        self.prebuild(parsed, &masked_definitions);
        let mut ids: BTreeMap<String, Defined> = BTreeMap::new();
        let mut rules = Vec::new();
        let mut furniture = Vec::new();
        let mut datelines = Vec::new();
        let mut status_contexts = Vec::new();
        for (file, rule_file) in parsed {
            for def in &rule_file.status_context {
                let def = def.get_ref();
                self.check_unique(&mut ids, def.id.get_ref(), *file, def.id.span(), "id");
                let what = format!("status-context `{}`", def.id.get_ref());
                let status = self.status_named(*file, &def.status, &format!("{what}: "));
                let only_from: Vec<Status> = def
                    .only_from
                    .iter()
                    .filter_map(|name| self.status_named(*file, name, &format!("{what}: ")))
                    .collect();
                if def.pattern.is_none() && def.after.is_none() {
                    self.error(
                        *file,
                        def.id.span(),
                        "missing-key",
                        format!("{what} has neither `pattern` nor `after`"),
                        "here",
                    );
                }
                let mut compile = |p: &Option<Spanned<String>>| {
                    p.as_ref()
                        .map(|p| {
                            self.compile_pattern(*file, p, &definitions, !def.case_sensitive, &what)
                                .map(|c| c.regex)
                                .ok_or(())
                        })
                        .transpose()
                };
                let (before, after, unless_after) = (compile(&def.pattern), compile(&def.after), compile(&def.unless_after));
                if let (Some(status), Ok(before), Ok(after), Ok(unless_after)) = (status, before, after, unless_after) {
                    status_contexts.push(StatusContext {
                        id: def.id.get_ref().clone(),
                        status,
                        before,
                        after,
                        unless_after,
                        only_from,
                    });
                }
            }
            for def in &rule_file.rule {
                if let Some(rule) = self.compile_rule(*file, def, &masked_definitions, &broken_fragments, &mut ids) {
                    rules.push(rule);
                }
            }
            for def in &rule_file.furniture {
                let def = def.get_ref();
                self.check_unique(&mut ids, def.id.get_ref(), *file, def.id.span(), "id");
                if let Some(c) = self.compile_pattern(
                    *file,
                    &def.pattern,
                    &definitions,
                    !def.case_sensitive,
                    &format!("furniture `{}`", def.id.get_ref()),
                ) {
                    furniture.push(Furniture {
                        id: def.id.get_ref().clone(),
                        regex: c.regex,
                        scope: def.scope,
                    });
                }
            }
            for def in &rule_file.dateline {
                let def = def.get_ref();
                self.check_unique(&mut ids, def.id.get_ref(), *file, def.id.span(), "id");
                if let Some(c) = self.compile_pattern(*file, &def.pattern, &definitions, true, &format!("dateline `{}`", def.id.get_ref()))
                {
                    if c.regex.capture_names().flatten().any(|n| n == "date") {
                        datelines.push(Dateline {
                            id: def.id.get_ref().clone(),
                            regex: c.regex,
                        });
                    } else {
                        self.error(
                            *file,
                            def.pattern.span(),
                            "missing-capture",
                            format!("dateline `{}` has no capture named `date`", def.id.get_ref()),
                            "no {date:...} here",
                        );
                    }
                }
            }
        }
        rules.sort_by(|a: &Rule, b: &Rule| a.id.cmp(&b.id));
        let prefilter = literals::Prefilter::build(&rules);
        let masks = self.masks(&rules, &markers, &dictionary_aliases);
        // The aliases of the force-noun scopes, lower case and longest first.
        let mut force_nouns: Vec<(String, std::sync::Arc<str>)> = lexicon_aliases
            .iter()
            .filter(|a| force_ids.contains(&a.id))
            .map(|a| (a.text.to_lowercase(), std::sync::Arc::from(a.id.as_str())))
            .collect();
        crate::normalize::words::longest_first(&mut force_nouns, |n| &n.0);
        let lexicon = Lexicon::new(lexicon_aliases).with_titles(&words.titles);
        // The chains share the lexicon's ids, as the claims' places will.
        let within: BTreeMap<String, std::sync::Arc<[std::sync::Arc<str>]>> = within
            .into_iter()
            .map(|(child, chain)| {
                let shared = chain
                    .iter()
                    .map(|id| lexicon.shared_id(id).unwrap_or_else(|| std::sync::Arc::from(id.as_str())))
                    .collect();
                (child, shared)
            })
            .collect();
        let not_places = not_places
            .iter()
            .map(|id| lexicon.shared_id(id).unwrap_or_else(|| std::sync::Arc::from(id.as_str())))
            .collect();
        // A region stands for the outermost place of its chain, its country.
        let regions = regions
            .iter()
            .filter_map(|id| {
                let country = within.get(id)?.last()?.clone();
                Some((lexicon.shared_id(id)?, country))
            })
            .collect();
        Some(RuleSet {
            files: Vec::new(),
            prefilter,
            masks,
            rules,
            lexicon,
            furniture,
            datelines,
            kinds: std::mem::take(&mut self.kinds),
            status_words: std::mem::take(&mut self.status_words),
            direction_words,
            status_contexts,
            warnings: Vec::new(),
            gap_cues: crate::gaps::Cues::build(&words, &gap_cue_words),
            words,
            within,
            not_places,
            regions,
            force_nouns,
        })
    }

    fn unknown_field(&mut self, file: usize, field_name: &Spanned<String>, id: &str) {
        let known: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
        let help = crate::suggest::did_you_mean(field_name.get_ref(), &known, "fields");
        let message = format!("rule `{id}`: `{}` is not a claim field", field_name.get_ref());
        self.error(file, field_name.span(), "unknown-field", message, "not a field").help = Some(help);
    }

    fn check_unique(&mut self, seen: &mut BTreeMap<String, Defined>, name: &str, file: usize, span: Range<usize>, what: &str) -> bool {
        if let Some(first) = seen.get(name) {
            let first_path = self.path(first.file).to_path_buf();
            let first_span = first.span.clone();
            let d = self.error(
                file,
                span,
                "duplicate-id",
                format!("{what} `{name}` is defined twice"),
                "defined again here",
            );
            d.secondary = Some(crate::diag::Place {
                path: first_path,
                span: first_span,
                label: "first defined here".into(),
            });
            return false;
        }
        seen.insert(name.to_string(), Defined { file, span });
        true
    }

    fn example_date(&mut self, file: usize, span: Range<usize>, date: &Option<String>, id: &str) -> Option<jiff::civil::Date> {
        let date = date.as_ref()?;
        match date.parse() {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(
                    file,
                    span,
                    "bad-date",
                    format!("rule `{id}`: example date `{date}` is not YYYY-MM-DD"),
                    "in this example",
                );
                None
            }
        }
    }

    /// Expands and compiles one pattern; reports errors at the pattern's own text.
    /// A pattern of a rule, veto, furniture or date line: it must match something.
    fn compile_pattern(
        &mut self,
        file: usize,
        written: &Spanned<String>,
        definitions: &BTreeMap<String, Definition<'_>>,
        case_insensitive: bool,
        what: &str,
    ) -> Option<CompiledPattern> {
        self.compile_any(file, written, definitions, case_insensitive, what, false)
    }

    /// A pattern, or with `may_be_empty` a fragment: an optional prefix fragment such as
    /// `border-pair` matches the empty string on purpose; what uses it must match something.
    fn compile_any(
        &mut self,
        file: usize,
        written: &Spanned<String>,
        definitions: &BTreeMap<String, Definition<'_>>,
        case_insensitive: bool,
        what: &str,
        may_be_empty: bool,
    ) -> Option<CompiledPattern> {
        let text = &self.files[file].text;
        let source_at = |offset: usize| value_offset_to_source(text, written.span(), offset);
        let expanded: Expanded = match pattern::expand(written.get_ref(), definitions, case_insensitive) {
            Ok(e) => e,
            Err(e) => {
                let span = source_at(e.span.start)..source_at(e.span.end);
                let d = self.error(file, span, e.code, format!("{what}: {}", e.message), "here");
                d.help = e.help;
                return None;
            }
        };
        // Multi-line mode everywhere: furniture and date lines anchor `^`/`$` on lines, and rule
        // patterns see one sentence, which never holds a line break, so it changes nothing there.
        let prebuilt = self.prebuilt.get(&(expanded.regex.clone(), case_insensitive));
        if let Some(Built {
            required,
            regex: Ok(regex),
        }) = prebuilt
        {
            let (regex, required) = (regex.clone(), required.clone());
            return self.checked(file, written, expanded, regex, required, what, may_be_empty);
        }
        let parsed = regex_parser(case_insensitive).parse(&expanded.regex);
        let required = parsed.as_ref().ok().and_then(literals::required);
        if let Err(e) = parsed {
            let (span, kind) = match &e {
                regex_syntax::Error::Parse(p) => (*p.span(), p.kind().to_string()),
                regex_syntax::Error::Translate(t) => (*t.span(), t.kind().to_string()),
                _ => (
                    regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
                    e.to_string(),
                ),
            };
            let start = source_at(expanded.original_offset(span.start.offset));
            let end = source_at(expanded.original_offset(span.end.offset)).max(start + 1);
            let d = self.error(
                file,
                start..end,
                "bad-regex",
                format!("{what}: the pattern is not a valid regex: {kind}"),
                &kind,
            );
            d.help = Some("escape a literal `(`, `[`, `{`, `.` or `?` with a backslash; see https://docs.rs/regex/#syntax".into());
            return None;
        }
        match build_regex(&expanded.regex, case_insensitive) {
            Ok(regex) => self.checked(file, written, expanded, regex, required, what, may_be_empty),
            Err(e) => {
                let message = e.to_string();
                self.error(
                    file,
                    written.span(),
                    "bad-regex",
                    format!("{what}: {}", message.lines().last().unwrap_or("regex error")),
                    "this pattern",
                );
                None
            }
        }
    }
}

impl Compiler<'_> {
    /// A built regex, unless it matches the empty string where that is an error: a pattern that
    /// matches nothing at all matches everywhere; as furniture it would hide text, as a rule it
    /// could never yield a claim.
    #[allow(clippy::too_many_arguments)]
    fn checked(
        &mut self,
        file: usize,
        written: &Spanned<String>,
        expanded: Expanded,
        regex: Regex,
        required: Option<Vec<Vec<String>>>,
        what: &str,
        may_be_empty: bool,
    ) -> Option<CompiledPattern> {
        if !may_be_empty && regex.is_match("") {
            let d = self.error(
                file,
                written.span(),
                "matches-empty",
                format!("{what}: the pattern matches the empty string"),
                "can match nothing at all",
            );
            d.help = Some("make at least one part required: `x+` instead of `x*`, no `(...)?` around the whole pattern".into());
            return None;
        }
        Some(CompiledPattern {
            reads_quotes: written.get_ref().contains(['"', '\u{201c}', '\u{201d}']),
            written: written.get_ref().clone(),
            masked: expanded.masked,
            expanded: expanded.regex,
            regex,
            required,
        })
    }

    /// The finders of the masked dictionaries some rule or veto uses.
    fn masks(&self, rules: &[Rule], markers: &[(&str, u8)], dictionaries: &BTreeMap<String, (Vec<String>, bool)>) -> masks::Masks {
        let used = |name: &str| {
            rules
                .iter()
                .flat_map(|r| r.patterns.iter().chain(&r.veto))
                .any(|p| p.masked.iter().any(|m| m == name))
        };
        let finders = markers
            .iter()
            .filter(|&&(name, _)| used(name))
            .filter_map(|&(name, marker)| {
                let (aliases, case_sensitive) = &dictionaries[name];
                // The alternation patterns held before, so an alias is found exactly where they
                // found it; it compiled inside them, so it compiles alone.
                let finder = build_regex(&pattern::alternation(aliases, *case_sensitive, false), false).ok()?;
                Some((name.to_string(), marker, finder))
            })
            .collect();
        masks::Masks::new(finders)
    }

    /// Builds every rule pattern and veto of the pack at once, on every core, into
    /// `prebuilt`; anything that fails to expand or build is left to the checks, which report it.
    fn prebuild(&mut self, parsed: &[(usize, RuleFile)], definitions: &BTreeMap<String, Definition<'_>>) {
        use rayon::prelude::*;
        let mut wanted: Vec<(String, bool)> = Vec::new();
        for (_, rule_file) in parsed {
            for def in &rule_file.rule {
                let def = def.get_ref();
                for written in def.patterns.iter().chain(&def.veto) {
                    if let Ok(e) = pattern::expand(written.get_ref(), definitions, !def.case_sensitive) {
                        wanted.push((e.regex, !def.case_sensitive));
                    }
                }
            }
        }
        wanted.sort();
        wanted.dedup();
        let built: Vec<((String, bool), Built)> = wanted
            .into_par_iter()
            .map(|(regex, ci)| {
                let required = regex_parser(ci).parse(&regex).ok().as_ref().and_then(literals::required);
                let built = Built {
                    required,
                    regex: build_regex(&regex, ci),
                };
                ((regex, ci), built)
            })
            .collect();
        self.prebuilt = built.into_iter().collect();
    }
}

/// Maps a byte offset in a string value to its byte offset in the TOML source, through the
/// quotes and escapes of the string's literal form.
pub fn value_offset_to_source(source: &str, span: Range<usize>, value_offset: usize) -> usize {
    let literal = &source[span.clone()];
    let (quote_len, raw) = if literal.starts_with("'''") {
        (3, true)
    } else if literal.starts_with("\"\"\"") {
        (3, false)
    } else if literal.starts_with('\'') {
        (1, true)
    } else if literal.starts_with('"') {
        (1, false)
    } else {
        return span.start;
    };
    let mut pos = span.start + quote_len;
    // A newline right after a multi-line opening delimiter is not part of the value.
    if quote_len == 3 {
        if source[pos..].starts_with("\r\n") {
            pos += 2;
        } else if source[pos..].starts_with('\n') {
            pos += 1;
        }
    }
    if raw {
        return (pos + value_offset).min(span.end);
    }
    let mut consumed = 0;
    let bytes = source.as_bytes();
    while consumed < value_offset && pos < span.end {
        if bytes[pos] == b'\\' {
            let escape_len = match bytes.get(pos + 1) {
                Some(b'u') => 6,
                Some(b'U') => 10,
                _ => 2,
            };
            let produced = match bytes.get(pos + 1) {
                Some(b'u') | Some(b'U') => {
                    let hex = &source[pos + 2..(pos + escape_len).min(source.len())];
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map_or(1, char::len_utf8)
                }
                _ => 1,
            };
            pos += escape_len;
            consumed += produced;
        } else {
            pos += 1;
            consumed += 1;
        }
    }
    pos
}

/// How many unknown keys of one file are reported before the rest is left to the next run.
const MAX_UNKNOWN_KEYS: usize = 50;

/// The span from the key at `key_span` to the end of its value, anywhere in the document.
fn key_value_span(text: &str, key_span: Range<usize>) -> Option<Range<usize>> {
    use toml::de::{DeTable, DeValue};
    fn find(table: &DeTable<'_>, key_span: &Range<usize>) -> Option<Range<usize>> {
        for (key, value) in table.iter() {
            if key.span() == *key_span {
                return Some(key.span().start..value.span().end);
            }
            let found = match value.get_ref() {
                DeValue::Table(t) => find(t, key_span),
                DeValue::Array(items) => items.iter().find_map(|item| match item.get_ref() {
                    DeValue::Table(t) => find(t, key_span),
                    _ => None,
                }),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
    let doc = DeTable::parse(text).ok()?;
    find(doc.get_ref(), &key_span)
}

/// Turns serde's "unknown field `x`, expected one of ..." into a code and a "did you mean".
fn explain_toml_error(message: &str) -> (&'static str, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let help = crate::suggest::did_you_mean(unknown, &expected, "known keys here");
        return ("unknown-key", Some(help));
    }
    if message.starts_with("invalid type") {
        return ("wrong-type", None);
    }
    if message.starts_with("missing field") {
        return ("missing-key", None);
    }
    if message.starts_with("unknown variant") {
        return ("unknown-value", None);
    }
    if message.contains("duplicate key") {
        return ("duplicate-key", None);
    }
    ("toml-syntax", None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_offsets_follow_quotes_and_escapes() {
        let src = r#"a = "x\\dy""#;
        let span = 4..src.len();
        assert_eq!(&src[value_offset_to_source(src, span.clone(), 2)..][..1], "d");
        assert_eq!(&src[value_offset_to_source(src, span.clone(), 3)..][..1], "y");
        let src = "a = '''\nabc'''";
        assert_eq!(&src[value_offset_to_source(src, 4..src.len(), 1)..][..1], "b");
    }
}
