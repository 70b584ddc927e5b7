//! Compiling one `[[rule]]`: each check is its own small step, and every step reports what it
//! finds before the next runs, so one mistake never hides another of the same rule.

use super::pattern::Definition;
use super::{value_offset_to_source, CompiledPattern, Compiler, CounterExample, Defined, Example, Rule};
use crate::claim::{Field, Status, FIELDS};
use crate::diag::Diagnostic;
use crate::kinds::Kind;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The rule's patterns, and where each capture name is first written (for error carets).
struct Patterns {
    compiled: Vec<CompiledPattern>,
    capture_places: BTreeMap<String, Range<usize>>,
}

impl Compiler<'_> {
    /// A rule, or `None` with every problem of it reported.
    pub(super) fn compile_rule(
        &mut self,
        file: usize,
        def: &Spanned<super::schema::RuleDef>,
        definitions: &BTreeMap<String, Definition<'_>>,
        broken_fragments: &[String],
        ids: &mut BTreeMap<String, Defined>,
    ) -> Option<Rule> {
        let rule_span = def.span();
        let def = def.get_ref();
        let id = def.id.get_ref().clone();
        // Every step runs, whatever the others found: `&` never short-circuits.
        let mut ok = self.check_unique(ids, &id, file, def.id.span(), "rule id") & self.check_rule_id(file, def);
        let kind = self.rule_kind(file, def, &id);
        // Steps after a failed one still run on what it made, so their own mistakes show too.
        let (patterns, patterns_ok) = self.rule_patterns(file, def, rule_span.clone(), definitions, broken_fragments, &id);
        let veto = self.rule_veto(file, def, definitions, &id);
        let capture_fields = self.capture_fields(file, def, &patterns, &id);
        let fixed = self.fixed_fields(file, def, &id);
        let (examples, examples_ok) = self.examples(file, def, &id);
        let counter_examples = self.counter_examples(file, def, &id);
        let anchors = self.anchors(file, def, &examples, &id);
        if def.example.is_empty() {
            let d = Diagnostic::warning("no-example", format!("rule `{id}` has no example"))
                .at(self.path(file), def.id.span(), "this rule")
                .help("add a [[rule.example]] with a text and the fields it must yield");
            self.diagnostics.push(d);
        }
        ok &= kind.is_some() & patterns_ok & veto.is_some() & capture_fields.is_some() & fixed.is_some();
        ok &= examples_ok & anchors.is_some();
        if !ok {
            return None;
        }
        Some(Rule {
            id: id.into(),
            kind: kind?,
            description: def.description.clone(),
            priority: def.priority,
            file,
            line: self.line_of(file, rule_span.start),
            patterns: patterns.compiled,
            anchors: anchors?,
            veto: veto?,
            capture_fields: capture_fields?,
            fixed: fixed?,
            place_is_subject: def.place_is_subject,
            subject_is_speaker: def.subject_is_speaker,
            examples,
            counter_examples,
        })
    }

    fn check_rule_id(&mut self, file: usize, def: &super::schema::RuleDef) -> bool {
        let id = def.id.get_ref();
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return true;
        }
        self.error(
            file,
            def.id.span(),
            "bad-id",
            format!("rule id `{id}` must be lowercase words joined by `-`"),
            "here",
        );
        false
    }

    fn rule_kind(&mut self, file: usize, def: &super::schema::RuleDef, id: &str) -> Option<Kind> {
        let kind = self.kinds.get(def.kind.get_ref()).cloned();
        if kind.is_none() {
            let known: Vec<&str> = self.kinds.names();
            let help = crate::suggest::did_you_mean(def.kind.get_ref(), &known, "known kinds");
            self.error(
                file,
                def.kind.span(),
                "unknown-kind",
                format!("rule `{id}`: unknown claim kind `{}`", def.kind.get_ref()),
                "not a claim kind",
            )
            .help = Some(help);
        }
        kind
    }

    /// The patterns that compiled, and whether all did (and there is one).
    fn rule_patterns(
        &mut self,
        file: usize,
        def: &super::schema::RuleDef,
        rule_span: Range<usize>,
        definitions: &BTreeMap<String, Definition<'_>>,
        broken_fragments: &[String],
        id: &str,
    ) -> (Patterns, bool) {
        let mut ok = true;
        if def.patterns.is_empty() {
            self.error(file, rule_span, "no-pattern", format!("rule `{id}` has no pattern"), "this rule")
                .help = Some("add `patterns = ['...']`".into());
            ok = false;
        }
        let what = format!("rule `{id}`");
        let mut compiled = Vec::new();
        let mut capture_places: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for written in &def.patterns {
            // A pattern using a broken fragment was already reported at the fragment.
            if broken_fragments
                .iter()
                .any(|f| written.get_ref().contains(&format!("{{{f}}}")) || written.get_ref().contains(&format!(":{f}}}")))
            {
                ok = false;
                continue;
            }
            let Some(pattern) = self.compile_pattern(file, written, definitions, !def.case_sensitive, &what) else {
                ok = false;
                continue;
            };
            for name in pattern.regex.capture_names().flatten() {
                capture_places.entry(name.to_string()).or_insert_with(|| {
                    let at = written
                        .get_ref()
                        .find(&format!("{{{name}:"))
                        .or_else(|| written.get_ref().find(&format!("<{name}>")))
                        .unwrap_or(0);
                    let start = value_offset_to_source(&self.files[file].text, written.span(), at);
                    start..start + name.len() + 1
                });
            }
            compiled.push(pattern);
        }
        (Patterns { compiled, capture_places }, ok)
    }

    /// `Some(None)` for a rule without a veto; `None` when the veto does not compile.
    fn rule_veto(
        &mut self,
        file: usize,
        def: &super::schema::RuleDef,
        definitions: &BTreeMap<String, Definition<'_>>,
        id: &str,
    ) -> Option<Option<super::CompiledPattern>> {
        match &def.veto {
            None => Some(None),
            Some(v) => self
                .compile_pattern(file, v, definitions, !def.case_sensitive, &format!("veto of rule `{id}`"))
                .map(Some),
        }
    }

    /// Captures to fields: the explicit `captures` mapping first, else a capture named after a
    /// field. A mapping from a capture no pattern has, or a capture mapped to nothing, is an error.
    fn capture_fields(&mut self, file: usize, def: &super::schema::RuleDef, patterns: &Patterns, id: &str) -> Option<Vec<(String, Field)>> {
        let mut ok = true;
        let mut fields = Vec::new();
        let places = &patterns.capture_places;
        for (capture, field_name) in &def.captures {
            match Field::parse(field_name.get_ref()) {
                Some(field) => fields.push((capture.clone(), field)),
                None => {
                    self.unknown_field(file, field_name, id);
                    ok = false;
                }
            }
            // Without compiled patterns there is nothing to check the mapping against.
            if !patterns.compiled.is_empty() && !places.contains_key(capture) {
                self.error(
                    file,
                    field_name.span(),
                    "missing-capture",
                    format!("rule `{id}`: field mapped from capture `{capture}`, which no pattern has"),
                    "no such capture",
                )
                .help = Some(format!("write `{{{capture}:FRAGMENT}}` in a pattern, or remove this mapping"));
                ok = false;
            }
        }
        for (capture, place) in places {
            if def.captures.contains_key(capture) {
                continue;
            }
            match Field::parse(capture) {
                Some(field) => fields.push((capture.clone(), field)),
                None => {
                    self.error(
                        file,
                        place.clone(),
                        "unmapped-capture",
                        format!("rule `{id}`: capture `{capture}` is mapped to no claim field"),
                        "captured here, never used",
                    )
                    .help = Some(format!(
                        "name the capture after a field ({}) or map it: `captures = {{ {capture} = \"subject\" }}`",
                        FIELDS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ));
                    ok = false;
                }
            }
        }
        fields.sort();
        ok.then_some(fields)
    }

    /// The fields a rule sets whatever it matched (`set = { status = "denied" }`).
    fn fixed_fields(&mut self, file: usize, def: &super::schema::RuleDef, id: &str) -> Option<Vec<(Field, String)>> {
        let mut ok = true;
        let mut fixed = Vec::new();
        for (field_name, value) in &def.set {
            match Field::parse(field_name.get_ref()) {
                Some(Field::Status) if Status::parse_name(value).is_none() => {
                    self.error(
                        file,
                        field_name.span(),
                        "bad-value",
                        format!("rule `{id}`: `{value}` is not a status"),
                        "here",
                    )
                    .help = Some(format!(
                        "one of: {}",
                        crate::claim::STATUSES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ));
                    ok = false;
                }
                Some(field) => fixed.push((field, value.clone())),
                None => {
                    self.unknown_field(file, field_name, id);
                    ok = false;
                }
            }
        }
        ok.then_some(fixed)
    }

    fn line_of(&self, file: usize, offset: usize) -> usize {
        let text = &self.files[file].text;
        text[..offset.min(text.len())].matches('\n').count() + 1
    }

    /// The rule's examples, and whether none expects a field claims do not have.
    fn examples(&mut self, file: usize, def: &super::schema::RuleDef, id: &str) -> (Vec<Example>, bool) {
        let mut ok = true;
        let mut examples = Vec::new();
        for example in &def.example {
            let line = self.line_of(file, example.span().start);
            let e = example.get_ref();
            let date = self.example_date(file, example.span(), &e.date, id);
            for field in e.expect.keys() {
                if Field::parse(field).is_none() && field != "kind" {
                    self.error(
                        file,
                        example.span(),
                        "unknown-field",
                        format!("rule `{id}`: example expects unknown field `{field}`"),
                        "in this example",
                    );
                    ok = false;
                }
            }
            examples.push(Example {
                text: e.text.clone(),
                date,
                expect: e.expect.clone(),
                known_gap: e.known_gap,
                line,
            });
        }
        (examples, ok)
    }

    fn counter_examples(&mut self, file: usize, def: &super::schema::RuleDef, id: &str) -> Vec<CounterExample> {
        let mut counter_examples = Vec::new();
        for example in &def.counter_example {
            let line = self.line_of(file, example.span().start);
            let e = example.get_ref();
            let date = self.example_date(file, example.span(), &e.date, id);
            counter_examples.push(CounterExample {
                text: e.text.clone(),
                date,
                known_gap: e.known_gap,
                line,
            });
        }
        counter_examples
    }

    /// `Some(None)` for a rule without anchors; `None` when the list is empty, holds a blank
    /// word, or would skip one of the rule's own examples (an anchor list that hides an example
    /// is wrong, not fast).
    fn anchors(
        &mut self,
        file: usize,
        def: &super::schema::RuleDef,
        examples: &[Example],
        id: &str,
    ) -> Option<Option<aho_corasick::AhoCorasick>> {
        let Some(list) = def.anchors.as_ref() else {
            return Some(None);
        };
        let words = list.get_ref();
        let built = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(words);
        match built {
            Ok(automaton) if !words.is_empty() && words.iter().all(|w| !w.trim().is_empty()) => {
                let mut ok = true;
                for example in examples {
                    if !automaton.is_match(&example.text) {
                        let message = format!(
                            "rule `{id}`: the example at line {} contains none of the anchors, so the rule would never see it",
                            example.line
                        );
                        self.error(file, list.span(), "anchor-misses-example", message, "these anchors")
                            .help = Some("add a word of that example to `anchors`, or remove `anchors`".into());
                        ok = false;
                    }
                }
                ok.then_some(Some(automaton))
            }
            _ => {
                self.error(
                    file,
                    list.span(),
                    "bad-anchors",
                    format!("rule `{id}`: anchors must be a non-empty list of words"),
                    "here",
                );
                None
            }
        }
    }
}
