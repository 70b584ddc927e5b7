//! The command line: argument parsing, file output, exit codes. The only module besides
//! article and rule loading that touches the outside world.
//!
//! Exit codes: 0 clean; 1 findings at or above `--fail-on` (or failing rule examples);
//! 2 usage, rule or input errors (the report is still written for what could be read).

use crate::article::{self, Corpus};
use crate::claim::Claim;
use crate::diag;
use crate::rules::{self, RuleSet};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "claimcheck", version, about = "Finds where news articles on one story disagree")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract normalised claims from articles.
    Extract {
        /// Article files or folders (default: seeds/).
        paths: Vec<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// How the claims are written.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Find where the articles disagree, agree, or changed over time.
    Check {
        /// Article files or folders (default: seeds/).
        paths: Vec<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// How the report is written (text has source snippets and colour on a terminal).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Exit with 1 when a finding is at least this severe.
        #[arg(long, value_enum, default_value_t = FailOn::Conflict)]
        fail_on: FailOn,
        /// Two times closer than this many days count as the same time, for every kind
        /// (0 to 36500; default: each kind's `same-time-days`).
        #[arg(long, value_parser = tolerance_days)]
        tolerance_days: Option<i64>,
        /// Write the report to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Compare the claims of these claim files (`extract --format jsonl`) instead of
        /// extracting from articles.
        #[arg(long, num_args = 1.., conflicts_with = "paths")]
        claims: Vec<PathBuf>,
        #[command(flatten)]
        workflow: WorkflowArgs,
    },
    /// Record an editor's verdict on a finding in the review ledger (reviews.toml beside the
    /// corpus), adding or replacing its dated entry.
    Review {
        /// The finding id (f-...) from a report.
        id: String,
        /// Article files or folders the finding comes from (default: seeds/).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum)]
        status: crate::review::ReviewStatus,
        /// Why: what was checked, so the next editor can audit the verdict.
        #[arg(long)]
        reason: String,
        /// Who reviewed it.
        #[arg(long)]
        by: Option<String>,
        /// The review's date, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_parser = date_arg)]
        date: Option<jiff::civil::Date>,
        /// The ledger (default: reviews.toml beside the corpus).
        #[arg(long)]
        reviews: Option<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// As for `check`.
        #[arg(long, value_parser = tolerance_days)]
        tolerance_days: Option<i64>,
    },
    /// Show how a claim was read, or why a finding was made, by its id from a report.
    Explain {
        /// A claim id (c-...) or a finding id (f-...).
        id: String,
        /// Article files or folders (default: seeds/).
        paths: Vec<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// As for `check`: overrides every kind's `same-time-days` (0 to 36500).
        #[arg(long, value_parser = tolerance_days)]
        tolerance_days: Option<i64>,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Run the pack on one sentence or paragraph and show the claims, without writing a file.
    Try {
        /// The text to read.
        text: String,
        /// The publication date relative words are anchored on (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        date: Option<jiff::civil::Date>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Measure the tool against gold files (docs/gold-format.md): each is checked against the
    /// articles of its own folder. Exits 1 when a measure falls below a gold `[thresholds]`.
    Eval {
        /// Gold files (`gold.toml` beside the articles).
        #[arg(required = true)]
        golds: Vec<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// How the list is written.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Only the summary, not every miss and false alarm.
        #[arg(long, short)]
        quiet: bool,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Work with the rule pack.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Run every example of the rule files.
    Test {
        /// Only these rules.
        ids: Vec<String>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Treat warnings (a rule without examples) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Validate the rule files and report every problem.
    Check {
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
    },
    /// Sentences that look like claims (a party with a figure, a date or a reporting verb) but
    /// yielded none: where the rule pack is blind.
    Gaps {
        /// Article files or folders (default: seeds/).
        paths: Vec<PathBuf>,
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// How many to show, best first.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// List the rules, or with --kinds the claim kinds and how each compares.
    List {
        /// The rule pack: a folder of `*.toml` rule files (kinds, dictionaries, fragments, rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// How the list is written.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// List the kinds instead: value type, behaviours, tolerances.
        #[arg(long)]
        kinds: bool,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractFormat {
    Text,
    Json,
    /// One JSON object a line, written as claims are made (see `claims_file`); `check --claims`
    /// reads it back.
    Jsonl,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Markdown,
    Json,
    Dot,
    /// SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// One self-contained HTML page for editors.
    Html,
}

/// `check`'s options for the editor's and CI's workflow: the review ledger and a baseline.
#[derive(clap::Args, Debug, Default)]
pub struct WorkflowArgs {
    /// The review ledger (default: reviews.toml beside the corpus; a missing file is empty).
    #[arg(long)]
    pub reviews: Option<PathBuf>,
    /// Leave out findings reviewed as false-alarm or explained (they are counted).
    #[arg(long)]
    pub hide_reviewed: bool,
    /// An earlier `check --format json` report: mark findings new or unchanged, list the gone.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Apply --fail-on to findings new since --baseline only.
    #[arg(long, requires = "baseline")]
    pub new_only: bool,
    /// Also append a Markdown summary to this file (e.g. "$GITHUB_STEP_SUMMARY").
    #[arg(long)]
    pub summary: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Conflict,
    Dispute,
    Never,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

/// The largest `--tolerance-days`: a century is already "any time at all" for a news story.
pub const MAX_TOLERANCE_DAYS: i64 = 36_500;

/// `--date`: a calendar date, YYYY-MM-DD (a usage error, exit 2, otherwise).
fn date_arg(value: &str) -> Result<jiff::civil::Date, String> {
    value.parse().map_err(|e| format!("must be YYYY-MM-DD: {e}"))
}

/// `--tolerance-days`: a whole number of days from 0 to [`MAX_TOLERANCE_DAYS`].
fn tolerance_days(value: &str) -> Result<i64, String> {
    let days: i64 = value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a whole number of days"))?;
    if !(0..=MAX_TOLERANCE_DAYS).contains(&days) {
        return Err(format!("{days} days is outside 0..={MAX_TOLERANCE_DAYS}"));
    }
    Ok(days)
}

/// Parses arguments, runs, prints errors; returns the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN };
        }
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    match run(cli, &mut stdout, &mut stderr) {
        Ok(code) => code,
        // A closed pipe (`claimcheck check | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            EXIT_ERROR
        }
    }
}

/// Runs a parsed command line, writing to the given streams.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match cli.command {
        Command::Extract {
            paths,
            rules,
            format,
            output,
        } => {
            if format == ExtractFormat::Jsonl {
                return extract_jsonl(paths, &rules, output.as_deref(), out, err);
            }
            let Some((_, run)) = load_and_extract(paths, &rules, output.as_deref(), err)? else {
                return Ok(EXIT_ERROR);
            };
            let rendered = match format {
                ExtractFormat::Text => crate::report::extract_text(&run.corpus, &run.claims),
                ExtractFormat::Json | ExtractFormat::Jsonl => crate::report::extract_json(&run.corpus, &run.claims),
            };
            write_output(&rendered, output.as_deref(), out)?;
            report_problems(&run.corpus, err)
        }
        Command::Check {
            paths,
            rules,
            format,
            fail_on,
            tolerance_days,
            output,
            workflow,
            claims,
        } => {
            let corpus_paths = default_paths(paths.clone());
            let ledger_path = workflow
                .reviews
                .clone()
                .unwrap_or_else(|| crate::review::default_path(&corpus_paths));
            let Some(ledger) = load_ledger(&ledger_path, err)? else {
                return Ok(EXIT_ERROR);
            };
            let baseline = match workflow.baseline.as_deref().map(crate::baseline::Baseline::load) {
                None => None,
                Some(Ok(b)) => Some(b),
                Some(Err(d)) => {
                    writeln!(err, "{}", d.render(&|p| std::fs::read_to_string(p).ok()))?;
                    return Ok(EXIT_ERROR);
                }
            };
            // Snippets come from the articles: text and HTML quote them, read back once the
            // claims are made, so extraction never holds the corpus's texts.
            let snippets = matches!(format, CheckFormat::Text | CheckFormat::Html);
            let loaded = if claims.is_empty() {
                extract_for_check(paths, &rules, output.as_deref(), snippets, err)?
            } else {
                read_claim_files(&claims, &rules, snippets, err)?
            };
            let Some(run) = loaded else {
                return Ok(EXIT_ERROR);
            };
            let mut report = run.check(&crate::detect::Config { tolerance_days });
            report.apply_ledger(&ledger);
            if let Some(baseline) = &baseline {
                report.apply_baseline(baseline);
            }
            if workflow.hide_reviewed {
                report.hide_settled();
            }
            // Colour only on a terminal, never in a file or a pipe.
            let styled = output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
            let base = std::env::current_dir().ok();
            let rendered = match format {
                CheckFormat::Json => {
                    write_streamed(output.as_deref(), out, |w| crate::report::check::write_json(&report, w))?;
                    None
                }
                CheckFormat::Text => Some(crate::report::check::text(&report, styled)),
                CheckFormat::Markdown => Some(crate::report::check::markdown(&report)),
                CheckFormat::Dot => Some(crate::report::check::dot(&report)),
                CheckFormat::Sarif => Some(crate::report::sarif::sarif(&report, base.as_deref())),
                CheckFormat::Github => Some(crate::report::github::annotations(&report, base.as_deref())),
                CheckFormat::Html => Some(crate::report::html::html(&report)),
            };
            if let Some(rendered) = rendered {
                write_output(&rendered, output.as_deref(), out)?;
            }
            if let Some(path) = &workflow.summary {
                append_summary(path, &crate::report::github::summary(&report))?;
            }
            for review in &report.triage.stale {
                writeln!(
                    err,
                    "warning: stale review {} in {}: no finding has this id any more (the facts changed, or the finding is gone)",
                    review.id,
                    diag::display_path(&ledger_path)
                )?;
            }
            if report_problems(&run.corpus, err)? == EXIT_ERROR {
                return Ok(EXIT_ERROR);
            }
            let threshold = match fail_on {
                FailOn::Conflict => Some(crate::detect::Severity::Conflict),
                FailOn::Dispute => Some(crate::detect::Severity::Dispute),
                FailOn::Never => None,
            };
            let failing = !report.failing(threshold, workflow.new_only).is_empty();
            Ok(if failing { EXIT_FINDINGS } else { EXIT_CLEAN })
        }
        Command::Review {
            id,
            paths,
            status,
            reason,
            by,
            date,
            reviews,
            rules,
            tolerance_days,
        } => {
            let paths = default_paths(paths);
            let ledger_path = reviews.unwrap_or_else(|| crate::review::default_path(&paths));
            let Some(mut ledger) = load_ledger(&ledger_path, err)? else {
                return Ok(EXIT_ERROR);
            };
            let date = date.unwrap_or_else(|| jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date());
            if reason.trim().is_empty() {
                writeln!(err, "error: --reason is empty: say why, so the next editor can audit the verdict")?;
                return Ok(EXIT_ERROR);
            }
            // The id must name a finding of these articles: a typo would otherwise be a stale
            // entry from the start.
            let Some((_, run)) = load_and_extract(paths, &rules, None, err)? else {
                return Ok(EXIT_ERROR);
            };
            let report = run.check(&crate::detect::Config { tolerance_days });
            let Some(finding) = report.findings.iter().find(|f| f.id == id) else {
                let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
                writeln!(err, "error: no finding has the id `{id}` in these articles")?;
                writeln!(err, "  = help: {}", crate::suggest::did_you_mean(&id, &ids, "finding ids"))?;
                return Ok(EXIT_ERROR);
            };
            let previous = ledger.entries.get(&id).map(|r| r.status);
            ledger.set(crate::review::Review {
                id: id.clone(),
                status,
                reason,
                by,
                date: date.to_string(),
            });
            write_output(&ledger.render(), Some(&ledger_path), out)?;
            report_problems(&run.corpus, err)?;
            writeln!(
                out,
                "{} {id} ({}[{}]) as {} in {}",
                if previous.is_some() { "updated" } else { "recorded" },
                finding.severity.name(),
                finding.detector,
                status.name(),
                diag::display_path(&ledger_path)
            )?;
            Ok(EXIT_CLEAN)
        }
        Command::Explain {
            id,
            paths,
            rules,
            tolerance_days,
            output,
        } => {
            let Some((rule_set, run)) = load_and_extract(paths, &rules, output.as_deref(), err)? else {
                return Ok(EXIT_ERROR);
            };
            let report = run.check(&crate::detect::Config { tolerance_days });
            let found = crate::explain::explain(&id, &rule_set, &report);
            if let Some(text) = &found {
                write_output(text, output.as_deref(), out)?;
            }
            // An article that could not be read may be where the id was: say so either way.
            let read = report_problems(&run.corpus, err)?;
            if found.is_none() {
                writeln!(err, "error: no claim or finding has the id `{id}` in these articles")?;
                return Ok(EXIT_ERROR);
            }
            Ok(read)
        }
        Command::Rules { command } => run_rules(command, out, err),
        Command::Try { text, date, rules, output } => {
            let Some(rule_set) = load_rules(&rules, err)? else {
                return Ok(EXIT_ERROR);
            };
            let meta = article::Meta {
                outlet: None,
                published: date,
            };
            let article = match article::Article::from_text("try", "try", text, meta, &rule_set) {
                Ok(a) => a,
                Err(e) => {
                    writeln!(err, "error: {e}")?;
                    return Ok(EXIT_ERROR);
                }
            };
            let claims = crate::pipeline::extract_article(&rule_set, &article);
            let mut shown = Vec::new();
            for c in &claims {
                writeln!(
                    shown,
                    "{}  (rule {}, time from {})",
                    c.summary(),
                    c.provenance.rule,
                    format!("{:?}", c.time_origin).to_lowercase()
                )?;
                writeln!(shown, "    \"{}\"", c.provenance.quote())?;
            }
            writeln!(shown, "{} claim{}", claims.len(), if claims.len() == 1 { "" } else { "s" })?;
            write_output(&String::from_utf8_lossy(&shown), output.as_deref(), out)?;
            warn_unnormalised(&claims, err)?;
            Ok(EXIT_CLEAN)
        }
        Command::Eval {
            golds,
            rules,
            format,
            quiet,
            output,
        } => {
            let Some(rule_set) = load_rules(&rules, err)? else {
                return Ok(EXIT_ERROR);
            };
            let mut stories = Vec::new();
            for gold in &golds {
                match crate::eval::run(gold, &rule_set, &crate::detect::Config::default()) {
                    Ok(story) => stories.push(story),
                    Err(e) => {
                        writeln!(err, "error: {e}")?;
                        return Ok(EXIT_ERROR);
                    }
                }
            }
            let rendered = match format {
                ListFormat::Text => crate::eval::text(&stories, !quiet),
                ListFormat::Json => crate::eval::json(&stories),
            };
            write_output(&rendered, output.as_deref(), out)?;
            let failed = stories.iter().any(|s| !s.failed_thresholds.is_empty());
            Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
        }
    }
}

fn run_rules(command: RulesCommand, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match command {
        RulesCommand::Test { ids, rules, strict } => {
            let Some(rule_set) = load_rules(&rules, err)? else {
                return Ok(EXIT_ERROR);
            };
            for id in &ids {
                if rule_set.rule(id).is_none() {
                    writeln!(err, "error: no rule has the id `{id}`")?;
                    return Ok(EXIT_ERROR);
                }
            }
            let mut warnings = rule_set.warnings.clone();
            warnings.retain(|w| ids.is_empty() || ids.iter().any(|id| w.message.contains(&format!("`{id}`"))));
            if !warnings.is_empty() {
                write!(err, "{}", diag::render_all(&mut warnings, &|p| rule_set.file_text(p)))?;
            }
            let outcomes = crate::examples::run(&rule_set, &ids);
            write!(out, "{}", crate::examples::report(&outcomes))?;
            let failed = outcomes
                .iter()
                .any(|o| matches!(o.status, crate::examples::Status::Failed(_) | crate::examples::Status::GapClosed));
            Ok(if failed || (strict && !warnings.is_empty()) {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            })
        }
        RulesCommand::Check { rules } => {
            // Diagnostics go to standard error, as from every other command.
            let mut loaded = rules::load_dir(&rules);
            write!(err, "{}", loaded.render_diagnostics())?;
            Ok(if loaded.rules.is_some() { EXIT_CLEAN } else { EXIT_ERROR })
        }
        RulesCommand::Gaps { paths, rules, top, output } => {
            let Some((rule_set, run)) = load_and_extract(paths, &rules, output.as_deref(), err)? else {
                return Ok(EXIT_ERROR);
            };
            let gaps = crate::gaps::find(&rule_set, &run.corpus.articles, &run.claims);
            write_output(&crate::gaps::render(&gaps, top), output.as_deref(), out)?;
            report_problems(&run.corpus, err)
        }
        RulesCommand::List {
            rules,
            format,
            kinds,
            output,
        } => {
            let Some(rule_set) = load_rules(&rules, err)? else {
                return Ok(EXIT_ERROR);
            };
            let rendered = match (format, kinds) {
                (ListFormat::Text, true) => crate::report::kinds_text(&rule_set),
                (ListFormat::Json, true) => crate::report::kinds_json(&rule_set),
                (ListFormat::Text, false) => crate::report::rules_text(&rule_set),
                (ListFormat::Json, false) => crate::report::rules_json(&rule_set),
            };
            write_output(&rendered, output.as_deref(), out)?;
            Ok(EXIT_CLEAN)
        }
    }
}

pub fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        paths
    }
}

/// Loads the review ledger; on errors prints every diagnostic (with its place) and returns
/// `None`. A missing ledger is an empty one.
fn load_ledger(path: &Path, err: &mut dyn Write) -> std::io::Result<Option<crate::review::Ledger>> {
    match crate::review::Ledger::load(path) {
        Ok(ledger) => Ok(Some(ledger)),
        Err(mut diagnostics) => {
            write!(err, "{}", diag::render_all(&mut diagnostics, &|p| std::fs::read_to_string(p).ok()))?;
            Ok(None)
        }
    }
}

/// Appends to a summary file, as GitHub's `$GITHUB_STEP_SUMMARY` expects (earlier steps'
/// summaries stay).
fn append_summary(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write the summary {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
}

/// Loads rules; on errors prints every diagnostic and returns `None`.
fn load_rules(dir: &Path, err: &mut dyn Write) -> std::io::Result<Option<RuleSet>> {
    match crate::pipeline::load_rules(dir) {
        Ok(rules) => Ok(Some(rules)),
        Err(diagnostics) => {
            write!(err, "{diagnostics}")?;
            Ok(None)
        }
    }
}

/// The pack, the article paths, and the files to skip (the output).
type Prepared = (RuleSet, Vec<PathBuf>, Vec<PathBuf>);

/// The pack, the article paths, and the files to skip (the output): what an extraction needs,
/// or `None` after saying why (bad rules, or an output that would overwrite an input).
fn prepare_run(paths: Vec<PathBuf>, rules_dir: &Path, output: Option<&Path>, err: &mut dyn Write) -> std::io::Result<Option<Prepared>> {
    let Some(rule_set) = load_rules(rules_dir, err)? else {
        return Ok(None);
    };
    let paths = default_paths(paths);
    if let Some(input) = output.and_then(|o| overwritten_input(o, &paths)) {
        writeln!(
            err,
            "error: --output {} would overwrite the input {}; nothing was written",
            diag::display_path(output.unwrap_or(Path::new(""))),
            diag::display_path(input)
        )?;
        return Ok(None);
    }
    let skip = output.into_iter().map(Path::to_path_buf).collect();
    Ok(Some((rule_set, paths, skip)))
}

/// Loads the pack and the articles and extracts every claim: the first half of every command
/// that reads articles. `None` when the rules have errors or the output would overwrite an
/// input (already said). The file this run writes is never read as an article, even inside
/// the corpus folder.
fn load_and_extract(
    paths: Vec<PathBuf>,
    rules_dir: &Path,
    output: Option<&Path>,
    err: &mut dyn Write,
) -> std::io::Result<Option<(RuleSet, crate::pipeline::Extraction)>> {
    let Some((rule_set, paths, skip)) = prepare_run(paths, rules_dir, output, err)? else {
        return Ok(None);
    };
    let run = crate::pipeline::extract(&rule_set, &paths, &skip);
    warn_unnormalised(&run.claims, err)?;
    Ok(Some((rule_set, run)))
}

/// `check` on articles: extracted chunk by chunk, texts dropped and, with `with_text`, read
/// back for the report's snippets.
fn extract_for_check(
    paths: Vec<PathBuf>,
    rules_dir: &Path,
    output: Option<&Path>,
    with_text: bool,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::pipeline::Extraction>> {
    let Some((rule_set, paths, skip)) = prepare_run(paths, rules_dir, output, err)? else {
        return Ok(None);
    };
    let mut run = crate::pipeline::extract_lean(&rule_set, &paths, &skip);
    warn_unnormalised(&run.claims, err)?;
    if with_text {
        run.read_texts_back();
    }
    Ok(Some(run))
}

/// `extract --format jsonl`: claims written article by article as they are made.
fn extract_jsonl(
    paths: Vec<PathBuf>,
    rules_dir: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let Some((rule_set, paths, skip)) = prepare_run(paths, rules_dir, output, err)? else {
        return Ok(EXIT_ERROR);
    };
    let loader = article::Loader::new(&paths, &skip);
    let mut corpus = Corpus::default();
    // The first five claims whose words did not normalise, for the warning, and the count.
    let (mut unread, mut n_unread): (Vec<(Claim, String)>, usize) = (Vec::new(), 0);
    let stream = |w: &mut dyn Write| -> std::io::Result<()> {
        crate::claims_file::write_header(w)?;
        corpus.problems = crate::pipeline::extract_streaming(&rule_set, loader, |a, claims| {
            for (claim, why) in claims.iter().filter_map(|c| c.unnormalised().map(|w| (c, w))) {
                n_unread += 1;
                if unread.len() < 5 {
                    unread.push((claim.clone(), why));
                }
            }
            crate::claims_file::write_article(w, a, claims)
        })?;
        crate::claims_file::write_problems(w, &corpus.problems)
    };
    write_streamed(output, out, stream)?;
    let first: Vec<(&Claim, String)> = unread.iter().map(|(c, w)| (c, w.clone())).collect();
    warn_unread(&first, n_unread, err)?;
    report_problems(&corpus, err)
}

/// `check --claims`: articles and claims from claim files instead of extraction. With
/// `with_text`, each article's text is read back from its path for the report's snippets.
fn read_claim_files(
    files: &[PathBuf],
    rules_dir: &Path,
    with_text: bool,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::pipeline::Extraction>> {
    let Some(rule_set) = load_rules(rules_dir, err)? else {
        return Ok(None);
    };
    let mut read = crate::claims_file::ClaimFiles::default();
    let mut strings = Default::default();
    for file in files {
        let name = diag::display_path(file);
        let result = std::fs::File::open(file)
            .map_err(|e| format!("{name}: cannot read: {e}"))
            .and_then(|f| crate::claims_file::read(std::io::BufReader::new(f), &name, &rule_set.kinds, &mut read, &mut strings));
        if let Err(message) = result {
            writeln!(err, "error: {message}")?;
            return Ok(None);
        }
    }
    // Claim files are written a chunk at a time, so ids that clash across chunks or files (the
    // same sentence from one outlet on one day) are told apart here, as `check` does.
    crate::ids::unique_claim_ids(&mut read.claims);
    let mut run = crate::pipeline::Extraction {
        corpus: Corpus {
            articles: read.articles,
            problems: read.problems,
        },
        claims: read.claims,
    };
    if with_text {
        run.read_texts_back();
    }
    Ok(Some(run))
}

/// Writes to a temporary file in the same folder, then renames it over `path`: a run killed
/// mid-write leaves the previous file whole, never a truncated one. Only a regular file (or
/// a new one) is replaced that way: renaming over `/dev/null`, a pipe or `/dev/stdout` would
/// put a plain file in its place, so those are written in place; a link to a regular file is
/// followed so that the link stays a link.
fn stream_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut path = path.to_path_buf();
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => {
            return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder"));
        }
        Ok(meta) if !meta.is_file() => {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
            write(&mut file)?;
            return file.flush();
        }
        Ok(_) if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) => {
            path = path.canonicalize()?;
        }
        _ => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The input file given by name that `output` is (the same file by another path too).
fn overwritten_input<'p>(output: &Path, inputs: &'p [PathBuf]) -> Option<&'p Path> {
    let output = output.canonicalize().ok()?;
    inputs
        .iter()
        .find(|p| p.is_file() && p.canonicalize().is_ok_and(|c| c == output))
        .map(PathBuf::as_path)
}

/// Captured words the normalisers could not read are counted, with the first few shown, so a
/// hedge or time word added to a pattern but unknown to the normaliser is never silent.
fn warn_unnormalised(claims: &[Claim], err: &mut dyn Write) -> std::io::Result<()> {
    let unread: Vec<(&Claim, String)> = claims.iter().filter_map(|c| c.unnormalised().map(|w| (c, w))).collect();
    warn_unread(&unread, unread.len(), err)
}

/// The warning for claims whose words did not normalise: the first five, and how many in all.
fn warn_unread(first: &[(&Claim, String)], total: usize, err: &mut dyn Write) -> std::io::Result<()> {
    if total == 0 {
        return Ok(());
    }
    writeln!(
        err,
        "warning: {total} captured value or time words did not normalise (the claims keep the words):"
    )?;
    for (claim, why) in first.iter().take(5) {
        let p = &claim.provenance;
        writeln!(err, "  {}:{}:{} rule `{}`: {why}", p.article, p.line, p.column, p.rule)?;
    }
    if total > 5 {
        writeln!(err, "  and {} more", total - 5)?;
    }
    Ok(())
}

/// Each input problem on standard error, with the source line and a caret when it has a
/// place; the exit code they make (2 when there is any: the report covers what could be read).
fn report_problems(corpus: &Corpus, err: &mut dyn Write) -> std::io::Result<u8> {
    for problem in &corpus.problems {
        match &problem.rendered {
            Some(rendered) => writeln!(err, "{rendered}")?,
            None => writeln!(err, "error: {}", problem.one_line())?,
        }
    }
    Ok(if corpus.problems.is_empty() { EXIT_CLEAN } else { EXIT_ERROR })
}

pub fn write_output(rendered: &str, output: Option<&Path>, out: &mut dyn Write) -> std::io::Result<()> {
    match output {
        Some(path) => write_atomically(path, rendered.as_bytes())
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))),
        None => out.write_all(rendered.as_bytes()),
    }
}

/// Like [`write_output`], for a report written as it is made.
fn write_streamed(
    output: Option<&Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match output {
        Some(path) => {
            stream_atomically(path, write).map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
        }
        None => {
            let mut buffered = std::io::BufWriter::new(out);
            write(&mut buffered)?;
            buffered.flush()
        }
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stream_atomically(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_replaces_the_old_file_whole_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("claimcheck-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.txt");
        std::fs::write(&path, "old report ".repeat(1000)).unwrap();
        write_output("new report\n", Some(&path), &mut std::io::sink()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report\n");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["report.txt".to_string()], "no temporary file is left");
        // A write that cannot happen leaves the old file as it was.
        let err = write_output("x", Some(&dir), &mut std::io::sink()).unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Renaming a temporary file over `/dev/null` once turned this machine's `/dev/null` into a
    /// plain file (a benchmark wrote `-o /dev/null`), and every later tool that read "nothing"
    /// from it read the last tool's output.
    #[cfg(unix)]
    #[test]
    fn output_into_a_device_or_through_a_link_keeps_what_is_there() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        if std::fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
            write_output("report\n", Some(null), &mut std::io::sink()).unwrap();
            let meta = std::fs::metadata(null).unwrap();
            assert!(meta.file_type().is_char_device(), "/dev/null is still the device");
        }
        let dir = std::env::temp_dir().join(format!("claimcheck-link-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (real, link) = (dir.join("real.txt"), dir.join("link.txt"));
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_output("new\n", Some(&link), &mut std::io::sink()).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["link.txt", "real.txt"], "no temporary file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tolerance_days_are_checked() {
        assert_eq!(tolerance_days("45"), Ok(45));
        assert_eq!(tolerance_days("36500"), Ok(36_500));
        assert!(tolerance_days("7304485").unwrap_err().contains("outside 0..=36500"));
        assert!(tolerance_days("-1").is_err());
        assert!(tolerance_days("1e3").unwrap_err().contains("not a whole number"));
    }
}
