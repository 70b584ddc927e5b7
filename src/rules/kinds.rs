//! Checking and compiling `[[kind]]` and `[status-words]`: every misspelt name gets a place and
//! a did-you-mean, because a kind's behaviour list decides which detectors see its claims.

use super::schema::{KindToml, RuleFile};
use super::Compiler;
use crate::claim::{Direction, Status, DIRECTIONS, STATUSES};
use crate::kinds::{Behaviour, Kind, KindDef, Kinds, ValueType, BEHAVIOURS, VALUE_TYPES};
use crate::suggest::did_you_mean;
use std::collections::BTreeMap;
use std::sync::Arc;
use toml::Spanned;

const INFERABLE: &[&str] = &["subject", "place"];
const KEY_FIELDS: &[&str] = &["subject", "place", "scope", "topic"];

impl Compiler<'_> {
    /// Every kind of every file; a kind referring to another (`interrupted-by`, ...) is checked
    /// once all are known.
    pub(super) fn compile_kinds(&mut self, parsed: &[(usize, RuleFile)]) -> Kinds {
        let mut seen: BTreeMap<String, super::Defined> = BTreeMap::new();
        let mut all = Vec::new();
        let mut references: Vec<(usize, &Spanned<String>, String)> = Vec::new();
        for (file, rule_file) in parsed {
            for def in &rule_file.kind {
                let def = def.get_ref();
                let name = def.name.get_ref().clone();
                if !self.check_unique(&mut seen, &name, *file, def.name.span(), "kind") {
                    continue;
                }
                if let Some(kind) = self.compile_kind(*file, def) {
                    for r in def.interrupted_by.iter().chain(&def.passed_while).chain(&def.bounds) {
                        references.push((*file, r, name.clone()));
                    }
                    all.push(Kind(Arc::new(kind)));
                }
            }
        }
        all.sort();
        let kinds = Kinds { all };
        let names = kinds.names();
        for (file, reference, owner) in references {
            if kinds.get(reference.get_ref()).is_none() {
                let help = did_you_mean(reference.get_ref(), &names, "kinds");
                self.error(
                    file,
                    reference.span(),
                    "unknown-kind",
                    format!("kind `{owner}` refers to unknown kind `{}`", reference.get_ref()),
                    "not a kind",
                )
                .help = Some(help);
            }
        }
        kinds
    }

    fn compile_kind(&mut self, file: usize, def: &KindToml) -> Option<KindDef> {
        let name = def.name.get_ref();
        let mut ok = true;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            self.error(
                file,
                def.name.span(),
                "bad-id",
                format!("kind `{name}` must be lowercase words joined by `-`"),
                "here",
            );
            ok = false;
        }
        let value = VALUE_TYPES.iter().find(|(n, _)| n == def.value.get_ref()).map(|(_, v)| *v);
        if value.is_none() {
            let known: Vec<&str> = VALUE_TYPES.iter().map(|(n, _)| *n).collect();
            let help = did_you_mean(def.value.get_ref(), &known, "value types");
            self.error(
                file,
                def.value.span(),
                "bad-value",
                format!("kind `{name}`: unknown value type `{}`", def.value.get_ref()),
                "here",
            )
            .help = Some(help);
            ok = false;
        }
        let mut compare = Vec::new();
        for b in &def.compare {
            match Behaviour::parse(b.get_ref()) {
                Some(behaviour) => compare.push(behaviour),
                None => {
                    let known: Vec<&str> = BEHAVIOURS.iter().map(|(n, ..)| *n).collect();
                    let help = did_you_mean(b.get_ref(), &known, "behaviours");
                    self.error(
                        file,
                        b.span(),
                        "unknown-behaviour",
                        format!("kind `{name}`: unknown behaviour `{}`", b.get_ref()),
                        "here",
                    )
                    .help = Some(help);
                    ok = false;
                }
            }
        }
        if value == Some(ValueType::Time) && compare.iter().any(|b| matches!(b, Behaviour::RunningTotal | Behaviour::Duration)) {
            self.error(
                file,
                def.value.span(),
                "bad-value",
                format!("kind `{name}`: a time value cannot be a running total or a duration"),
                "here",
            );
            ok = false;
        }
        let infer = self.field_list(
            file,
            name,
            def.infer.as_deref(),
            INFERABLE,
            "cannot be inferred",
            "inferable fields",
        );
        let compare_by = self.field_list(
            file,
            name,
            def.compare_by.as_deref(),
            KEY_FIELDS,
            "cannot be compared by",
            "key fields",
        );
        ok &= infer.is_some() && compare_by.is_some();
        let default_status = match &def.default_status {
            None => Status::Current,
            Some(s) => match Status::parse_name(s.get_ref()) {
                Some(status) => status,
                None => {
                    let known: Vec<&str> = STATUSES.iter().map(|(n, _)| *n).collect();
                    let help = did_you_mean(s.get_ref(), &known, "statuses");
                    self.error(
                        file,
                        s.span(),
                        "bad-value",
                        format!("kind `{name}`: unknown status `{}`", s.get_ref()),
                        "here",
                    )
                    .help = Some(help);
                    ok = false;
                    Status::Current
                }
            },
        };
        if !(0.0..1.0).contains(&def.tolerance)
            || def.same_time_days < 0
            || def.same_time_days > 36_600
            || def.same_event_years < 0
            || !(0..=3660).contains(&def.date_slack_days)
            || !(0..=36_600).contains(&def.passed_within_days)
        {
            self.error(
                file,
                def.name.span(),
                "bad-value",
                format!("kind `{name}`: tolerance must be in 0..1, same-time-days in 0..36600, same-event-years at least 0, date-slack-days in 0..3660, passed-within-days in 0..36600"),
                "this kind",
            );
            ok = false;
        }
        let names = |list: &[Spanned<String>]| list.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let dates_figures = def.dates_figures.unwrap_or(compare.contains(&Behaviour::Event));
        ok.then(|| KindDef {
            name: name.clone(),
            description: def.description.clone(),
            value: value.unwrap_or(ValueType::Words),
            compare,
            family: def.family.as_ref().map_or_else(|| name.clone(), |f| f.get_ref().clone()),
            same_time_days: def.same_time_days,
            tolerance: def.tolerance,
            same_event_years: def.same_event_years,
            infer: infer.unwrap_or_default(),
            corroborate: def.corroborate,
            default_status,
            status_window: def.status_window.min(20),
            compare_by: compare_by.unwrap_or_default(),
            interrupted_by: names(&def.interrupted_by),
            passed_while: names(&def.passed_while),
            bounds: names(&def.bounds),
            date_slack_days: def.date_slack_days,
            recurring_topics: def.recurring_topics.clone(),
            passed_within_days: def.passed_within_days,
            nested_places: def.nested_places,
            dates_figures,
            presence_topic: def.presence_topic.clone(),
            shows_presence: def.shows_presence,
        })
    }

    /// A kind's list of field names (`infer`, `compare-by`): all of `allowed` when not given,
    /// `None` when a name is not allowed (each such name reported with a did-you-mean).
    fn field_list(
        &mut self,
        file: usize,
        kind: &str,
        list: Option<&[Spanned<String>]>,
        allowed: &[&str],
        not_allowed: &str,
        what: &str,
    ) -> Option<Vec<String>> {
        let Some(list) = list else {
            return Some(allowed.iter().map(|s| s.to_string()).collect());
        };
        let mut ok = true;
        for field in list.iter().filter(|f| !allowed.contains(&f.get_ref().as_str())) {
            let help = did_you_mean(field.get_ref(), allowed, what);
            self.error(
                file,
                field.span(),
                "unknown-field",
                format!("kind `{kind}`: `{}` {not_allowed}", field.get_ref()),
                "here",
            )
            .help = Some(help);
            ok = false;
        }
        ok.then(|| list.iter().map(|f| f.get_ref().clone()).collect())
    }

    /// `[status-words]` of every file, merged per status.
    pub(super) fn compile_status_words(&mut self, parsed: &[(usize, RuleFile)]) -> Vec<(Status, Vec<String>)> {
        let mut table = self.word_table(parsed, |f| &f.status_words, |c, file, name| c.status_named(file, name, ""));
        // In the order statuses are tried, which `Status::parse` relies on.
        STATUSES
            .iter()
            .filter_map(|(_, s)| table.remove(s).map(|words| (*s, words)))
            .collect()
    }

    /// `[direction-words]` of every file, merged per direction.
    pub(super) fn compile_direction_words(&mut self, parsed: &[(usize, RuleFile)]) -> Vec<(Direction, Vec<String>)> {
        let table = self.word_table(
            parsed,
            |f| &f.direction_words,
            |c, file, name| {
                let direction = Direction::parse_name(name.get_ref());
                if direction.is_none() {
                    let known: Vec<&str> = DIRECTIONS.iter().map(|(n, _)| *n).collect();
                    let help = did_you_mean(name.get_ref(), &known, "directions");
                    c.error(
                        file,
                        name.span(),
                        "bad-value",
                        format!("`{}` is not a direction", name.get_ref()),
                        "here",
                    )
                    .help = Some(help);
                }
                direction
            },
        );
        table.into_iter().collect()
    }

    /// A name-to-words section of every file, merged per name, each phrase padded as
    /// `Status::parse` and `Direction::parse` compare it; `named` reads a name or reports it.
    fn word_table<T: Ord>(
        &mut self,
        parsed: &[(usize, RuleFile)],
        section: impl Fn(&RuleFile) -> &BTreeMap<Spanned<String>, Vec<String>>,
        mut named: impl FnMut(&mut Self, usize, &Spanned<String>) -> Option<T>,
    ) -> BTreeMap<T, Vec<String>> {
        let mut table: BTreeMap<T, Vec<String>> = BTreeMap::new();
        for (file, rule_file) in parsed {
            for (name, words) in section(rule_file) {
                if let Some(key) = named(self, *file, name) {
                    table
                        .entry(key)
                        .or_default()
                        .extend(words.iter().map(|w| format!(" {} ", crate::claim::word_string(w))));
                }
            }
        }
        table
    }
}
