//! Checking and compiling the pack's words (`[[hedge]]`, `[number-words]`, `[[magnitude]]`,
//! `[[time-word]]`, `[[gap-cue]]`...) and the places' `within`, into what the normalisers, the
//! graph and `rules gaps` read. Kept apart from the rule compiler: words are vocabulary, not
//! patterns.

use super::schema::{RuleFile, TimeWordDef};
use super::Compiler;
use crate::normalize::quantity::Qualifier;
use crate::normalize::words::{CalendarUnit, Part, TimeMeaning, Words};
use std::collections::BTreeMap;
use toml::Spanned;

pub const HEDGE_MEANINGS: &[&str] = &["approximately", "at-least", "at-most"];
pub const TIME_MEANINGS: &[&str] = &[
    "ignore",
    "bound",
    "end-of",
    "start-of",
    "middle-of",
    "calendar",
    "window",
    "month",
    "season",
    "weekday",
    "previous",
    "next",
    "this",
    "ago",
    "part-of-day",
    "that-time",
];
pub const GAP_MEANINGS: &[&str] = &["figure-noun", "reporting-verb"];
const PARTS: &[&str] = &["whole", "to-date", "rest"];

/// `rules gaps`' cue words, as declared: (meaning, name, words).
pub type GapCueWords = Vec<(String, String, Vec<String>)>;

/// One phrase as the normalisers compare it: lower case, single-spaced.
fn phrase(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Compiler<'_> {
    /// Every word table of the pack, checked; a word given two meanings of one table is an
    /// error, as the normaliser could read it only one way.
    pub(super) fn compile_words(&mut self, parsed: &[(usize, RuleFile)]) -> (Words, GapCueWords) {
        let mut words = Words::default();
        let mut seen: BTreeMap<(&'static str, String), (usize, std::ops::Range<usize>)> = BTreeMap::new();
        let mut gap_cues = Vec::new();
        for (file, rule_file) in parsed {
            let file = *file;
            let mut unique = |me: &mut Self, table: &'static str, word: &Spanned<String>| -> Option<String> {
                let p = phrase(word.get_ref());
                if p.is_empty() {
                    me.error(file, word.span(), "bad-value", format!("an empty word in `{table}`"), "here");
                    return None;
                }
                if let Some((other_file, _)) = seen.insert((table, p.clone()), (file, word.span())) {
                    let other = crate::diag::display_path(me.path(other_file));
                    me.error(
                        file,
                        word.span(),
                        "duplicate-word",
                        format!("`{p}` is in `{table}` twice (also in {other}): a word has one meaning"),
                        "second time",
                    );
                    return None;
                }
                Some(p)
            };
            for def in &rule_file.hedge {
                let def = def.get_ref();
                let qualifier = match def.means.get_ref().as_str() {
                    "approximately" => Qualifier::Approximate,
                    "at-least" => Qualifier::AtLeast,
                    "at-most" => Qualifier::AtMost,
                    other => {
                        let help = crate::suggest::did_you_mean(other, HEDGE_MEANINGS, "hedge meanings");
                        self.error(
                            file,
                            def.means.span(),
                            "bad-value",
                            format!("`{other}` is not a hedge meaning"),
                            "here",
                        )
                        .help = Some(help);
                        continue;
                    }
                };
                for w in &def.words {
                    if let Some(p) = unique(self, "hedge", w) {
                        words.hedges.push((p, qualifier));
                    }
                }
            }
            for (word, value) in &rule_file.number_words {
                words.numbers.push((phrase(word), *value));
            }
            for (word, value) in &rule_file.multipliers {
                words.multipliers.push((phrase(word), *value));
            }
            for def in &rule_file.magnitude {
                let d = def.get_ref();
                if d.to.is_some_and(|to| to < d.from) {
                    self.error(
                        file,
                        def.span(),
                        "bad-value",
                        format!("magnitude `{}`: `to` is below `from`", d.word.get_ref()),
                        "here",
                    );
                    continue;
                }
                if let Some(p) = unique(self, "magnitude", &d.word) {
                    words.magnitudes.push((p, d.from, d.to));
                }
            }
            if let Some(def) = &rule_file.figure_words {
                let d = def.get_ref();
                words.fillers.extend(d.fillers.iter().map(|w| phrase(w)));
                words.range_joiners.extend(d.range_joiners.iter().map(|w| phrase(w)));
                words.introducers.extend(d.introducers.iter().map(|w| phrase(w)));
            }
            for title in &rule_file.titles {
                if let Some(p) = unique(self, "titles", title) {
                    words.titles.push(p);
                }
            }
            for home in &rule_file.home_words {
                if let Some(p) = unique(self, "home-words", home) {
                    words.home.push(p);
                }
            }
            for verb in &rule_file.saying_words {
                if let Some(p) = unique(self, "saying-words", verb) {
                    words.saying.push(p);
                }
            }
            for told in &rule_file.told_words {
                if let Some(p) = unique(self, "told-words", told) {
                    words.told.push(p);
                }
            }
            for def in &rule_file.unit {
                let d = def.get_ref();
                let Some(unit) = CalendarUnit::parse(d.name.get_ref()) else {
                    let help = crate::suggest::did_you_mean(d.name.get_ref(), CalendarUnit::NAMES, "units");
                    self.error(
                        file,
                        d.name.span(),
                        "bad-value",
                        format!("`{}` is not a unit", d.name.get_ref()),
                        "here",
                    )
                    .help = Some(help);
                    continue;
                };
                for w in &d.words {
                    if let Some(p) = unique(self, "unit", w) {
                        words.units.push((p, unit));
                    }
                }
            }
            for def in &rule_file.time_word {
                let Some(meaning) = self.time_meaning(file, def) else { continue };
                for w in &def.get_ref().words {
                    if let Some(p) = unique(self, "time-word", w) {
                        words.time.push((p, meaning));
                    }
                }
            }
            for def in &rule_file.gap_cue {
                let d = def.get_ref();
                if !GAP_MEANINGS.contains(&d.means.get_ref().as_str()) {
                    let help = crate::suggest::did_you_mean(d.means.get_ref(), GAP_MEANINGS, "gap cue meanings");
                    self.error(
                        file,
                        d.means.span(),
                        "bad-value",
                        format!("`{}` is not a gap cue meaning", d.means.get_ref()),
                        "here",
                    )
                    .help = Some(help);
                    continue;
                }
                let list: Vec<String> = d.words.iter().filter_map(|w| unique(self, "gap-cue", w)).collect();
                gap_cues.push((d.means.get_ref().clone(), d.name.clone(), list));
            }
        }
        words.sort();
        (words, gap_cues)
    }

    /// A `[[time-word]]`'s meaning, with exactly the keys that meaning reads.
    fn time_meaning(&mut self, file: usize, def: &Spanned<TimeWordDef>) -> Option<TimeMeaning> {
        let d = def.get_ref();
        let means = d.means.get_ref().as_str();
        let given: Vec<(&str, bool)> = vec![
            ("unit", d.unit.is_some()),
            ("offset", d.offset.is_some()),
            ("part", d.part.is_some()),
            ("from", d.from.is_some()),
            ("to", d.to.is_some()),
            ("month", d.month.is_some()),
            ("months", d.months.is_some()),
            ("weekday", d.weekday.is_some()),
        ];
        let (needs, optional): (&[&str], &[&str]) = match means {
            "calendar" => (&["unit", "offset"], &["part"]),
            "window" => (&["unit", "from", "to"], &[]),
            "month" => (&["month"], &[]),
            "season" => (&["month", "months"], &[]),
            "weekday" => (&["weekday"], &[]),
            m if TIME_MEANINGS.contains(&m) => (&[], &[]),
            other => {
                let help = crate::suggest::did_you_mean(other, TIME_MEANINGS, "time meanings");
                self.error(
                    file,
                    d.means.span(),
                    "bad-value",
                    format!("`{other}` is not a time meaning"),
                    "here",
                )
                .help = Some(help);
                return None;
            }
        };
        let mut ok = true;
        for (key, present) in given {
            if present && !needs.contains(&key) && !optional.contains(&key) {
                self.error(
                    file,
                    def.span(),
                    "bad-value",
                    format!("time word `{means}` takes no `{key}`"),
                    "here",
                );
                ok = false;
            }
            if !present && needs.contains(&key) {
                self.error(file, def.span(), "bad-value", format!("time word `{means}` needs `{key}`"), "here");
                ok = false;
            }
        }
        let unit = match &d.unit {
            Some(u) => match CalendarUnit::parse(u.get_ref()) {
                Some(unit) => Some(unit),
                None => {
                    let help = crate::suggest::did_you_mean(u.get_ref(), CalendarUnit::NAMES, "units");
                    self.error(file, u.span(), "bad-value", format!("`{}` is not a unit", u.get_ref()), "here")
                        .help = Some(help);
                    return None;
                }
            },
            None => None,
        };
        let part = match d.part.as_ref().map(|p| p.get_ref().as_str()) {
            None | Some("whole") => Part::Whole,
            Some("to-date") => Part::ToDate,
            Some("rest") => Part::Rest,
            Some(other) => {
                let span = d.part.as_ref().map_or(def.span(), Spanned::span);
                let help = crate::suggest::did_you_mean(other, PARTS, "parts");
                self.error(file, span, "bad-value", format!("`{other}` is not a part"), "here").help = Some(help);
                return None;
            }
        };
        let in_range = |v: Option<i8>, max: i8| v.filter(|n| (1..=max).contains(n));
        if d.month.is_some() && in_range(d.month, 12).is_none() || d.weekday.is_some() && in_range(d.weekday, 7).is_none() {
            self.error(
                file,
                def.span(),
                "bad-value",
                "`month` is 1 to 12, `weekday` 1 (Monday) to 7".into(),
                "here",
            );
            return None;
        }
        if !ok {
            return None;
        }
        Some(match means {
            "ignore" => TimeMeaning::Ignore,
            "bound" => TimeMeaning::Bound,
            "end-of" => TimeMeaning::EndOf,
            "start-of" => TimeMeaning::StartOf,
            "middle-of" => TimeMeaning::MiddleOf,
            "calendar" => TimeMeaning::Calendar {
                unit: unit?,
                offset: d.offset?,
                part,
            },
            "window" => TimeMeaning::Window {
                unit: unit?,
                from: d.from?,
                to: d.to?,
            },
            "month" => TimeMeaning::Month(d.month?),
            "season" => TimeMeaning::Season {
                month: d.month?,
                months: d.months?.clamp(1, 12),
            },
            "weekday" => TimeMeaning::Weekday(d.weekday?),
            "previous" => TimeMeaning::Previous,
            "next" => TimeMeaning::Next,
            "this" => TimeMeaning::This,
            "ago" => TimeMeaning::Ago,
            "that-time" => TimeMeaning::ThatTime,
            _ => TimeMeaning::PartOfDay,
        })
    }

    /// Each entity's chain of places it lies within, nearest first. `within` must name a known
    /// entity and never lead back to itself.
    pub(super) fn compile_within(
        &mut self,
        parsed: &[(usize, RuleFile)],
        known: &BTreeMap<String, String>,
    ) -> BTreeMap<String, Vec<String>> {
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        for (file, rule_file) in parsed {
            for (name, dictionary) in &rule_file.dictionary {
                let dict = dictionary.get_ref();
                for (child, outer) in &dict.within {
                    if !dict.entities.contains_key(child) {
                        let ids: Vec<&str> = dict.entities.keys().map(String::as_str).collect();
                        let help = crate::suggest::did_you_mean(child, &ids, "entities of this dictionary");
                        self.error(
                            *file,
                            outer.span(),
                            "unknown-entity",
                            format!("dictionary `{name}`: `within` names `{child}`, which is not one of its entities"),
                            "here",
                        )
                        .help = Some(help);
                        continue;
                    }
                    if !known.contains_key(outer.get_ref()) {
                        let ids: Vec<&str> = known.keys().map(String::as_str).collect();
                        let help = crate::suggest::did_you_mean(outer.get_ref(), &ids, "entities");
                        self.error(
                            *file,
                            outer.span(),
                            "unknown-entity",
                            format!("`{child}` is within `{}`, which no dictionary defines", outer.get_ref()),
                            "here",
                        )
                        .help = Some(help);
                        continue;
                    }
                    parent.insert(child.clone(), outer.get_ref().clone());
                }
            }
        }
        let mut chains = BTreeMap::new();
        for child in parent.keys() {
            let mut chain: Vec<String> = Vec::new();
            let mut at = child;
            while let Some(up) = parent.get(at) {
                if up == child || chain.contains(up) {
                    self.diagnostics.push(crate::diag::Diagnostic::error(
                        "within-cycle",
                        format!("`within` goes round in a circle from `{child}`: {} → {up}", chain.join(" → ")),
                    ));
                    chain.clear();
                    break;
                }
                chain.push(up.clone());
                at = up;
            }
            if !chain.is_empty() {
                chains.insert(child.clone(), chain);
            }
        }
        chains
    }

    /// The ids a dictionary lists under `not-places`, `regions` or `force-nouns` (`list` picks which), each
    /// checked to be one of its entities.
    pub(super) fn compile_id_list(
        &mut self,
        parsed: &[(usize, RuleFile)],
        list: fn(&super::schema::DictionaryDef) -> &[Spanned<String>],
        field: &str,
    ) -> std::collections::BTreeSet<String> {
        let mut ids = std::collections::BTreeSet::new();
        for (file, rule_file) in parsed {
            for (name, dictionary) in &rule_file.dictionary {
                let dict = dictionary.get_ref();
                for id in list(dict) {
                    if dict.entities.contains_key(id.get_ref()) {
                        ids.insert(id.get_ref().clone());
                        continue;
                    }
                    let known: Vec<&str> = dict.entities.keys().map(String::as_str).collect();
                    let help = crate::suggest::did_you_mean(id.get_ref(), &known, "entities of this dictionary");
                    self.error(
                        *file,
                        id.span(),
                        "unknown-entity",
                        format!(
                            "dictionary `{name}`: `{field}` names `{}`, which is not one of its entities",
                            id.get_ref()
                        ),
                        "here",
                    )
                    .help = Some(help);
                }
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use crate::normalize::quantity::Quantity;
    use crate::normalize::time::{Tense, TimeSpan};
    use crate::rules::{load_files, Loaded, SourceFile};

    fn load(text: &str) -> Loaded {
        load_files(vec![SourceFile {
            path: "words.toml".into(),
            text: text.to_string(),
        }])
    }

    fn words(text: &str) -> crate::normalize::words::Words {
        let loaded = load(text);
        loaded.rules.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics)).words
    }

    fn figure(text: &str, w: &crate::normalize::words::Words) -> String {
        Quantity::parse(text, w).map_or("none".into(), |q| q.to_string())
    }

    fn time(text: &str, w: &crate::normalize::words::Words) -> String {
        // 2023-09-14 was a Thursday.
        TimeSpan::parse(text, Some(jiff::civil::date(2023, 9, 14)), Tense::Past, w).map_or("none".into(), |t| t.to_string())
    }

    #[test]
    fn each_hedge_meaning_is_read_only_from_the_pack() {
        let w = words("[[hedge]]\nmeans = \"at-least\"\nwords = [\"well over\"]\n[[hedge]]\nmeans = \"at-most\"\nwords = [\"under\"]\n[[hedge]]\nmeans = \"approximately\"\nwords = [\"about\"]\n");
        assert_eq!(figure("well over 2,000", &w), ">=2000");
        assert_eq!(figure("under 50", &w), "<=50");
        assert_eq!(figure("about 100", &w), "~100");
        // Tempting: "over" is only part of a declared hedge, so it is no hedge here.
        assert_eq!(figure("over 2,000", &w), "none");
        assert_eq!(figure("2,000", &crate::normalize::words::Words::default()), "2000");
    }

    #[test]
    fn magnitudes_are_the_packs_ordered_ranges() {
        let w = words("[[magnitude]]\nword = \"thousands\"\nfrom = 1000\nto = 9999\n[[magnitude]]\nword = \"tens of thousands\"\nfrom = 10000\nto = 99999\n");
        assert_eq!(figure("thousands", &w), "1000..9999");
        assert_eq!(figure("tens of thousands", &w), "10000..99999");
        let tens = Quantity::parse("tens of thousands", &w).unwrap();
        assert!(!Quantity::parse("thousands", &w).unwrap().overlaps(&tens));
        assert_eq!(figure("hundreds", &w), "none");
    }

    #[test]
    fn number_words_multipliers_and_introducers() {
        let w = words("[number-words]\na = 1\ntwo = 2\n[multipliers]\nmillion = 1000000\n[figure-words]\nintroducers = [\"a\"]\nrange-joiners = [\"to\"]\n[[unit]]\nname = \"year\"\nwords = [\"year\"]\n");
        assert_eq!(figure("two million", &w), "2000000");
        assert_eq!(figure("a two-year", &w), "2 year");
        assert_eq!(figure("a", &w), "1");
        assert_eq!(figure("2 to 5", &w), "2..5");
        assert_eq!(figure("three", &w), "none");
    }

    #[test]
    fn each_time_meaning() {
        let w = words(
            r#"
[[time-word]]
means = "ignore"
words = ["on", "as of"]
[[time-word]]
means = "window"
unit = "day"
from = -7
to = -1
words = ["previously"]
[[time-word]]
means = "calendar"
unit = "week"
offset = 0
part = "to-date"
words = ["earlier this week"]
[[time-word]]
means = "calendar"
unit = "month"
offset = -1
words = ["last month"]
[[time-word]]
means = "weekday"
weekday = 1
words = ["monday"]
[[time-word]]
means = "previous"
words = ["last"]
[[time-word]]
means = "month"
month = 9
words = ["september", "sept"]
[[time-word]]
means = "end-of"
words = ["end of"]
[[time-word]]
means = "season"
month = 6
months = 3
words = ["summer"]
[[time-word]]
means = "ago"
words = ["ago"]
[number-words]
two = 2
[[unit]]
name = "day"
words = ["days"]
"#,
        );
        assert_eq!(time("previously", &w), "2023-09-07..2023-09-13");
        assert_eq!(time("earlier this week", &w), "2023-09-11..2023-09-14");
        assert_eq!(time("as of last month", &w), "2023-08");
        assert_eq!(time("on Monday's", &w), "2023-09-11");
        assert_eq!(time("last summer", &w), "2023-06-01..2023-08-31");
        assert_eq!(time("Sept. 10", &w), "2023-09-10");
        assert_eq!(time("end of September 2023", &w), "2023-09-30");
        assert_eq!(time("two days ago", &w), "2023-09-12");
        // Tempting: words the pack does not declare are no time, whatever English says.
        assert_eq!(time("yesterday", &w), "none");
        assert_eq!(time("earlier this month", &w), "none");
        assert_eq!(time("Tuesday", &w), "none");
        // Without words: ISO dates and years only.
        let none = crate::normalize::words::Words::default();
        assert_eq!(time("2023-09-10", &none), "2023-09-10");
        assert_eq!(time("September 2023", &none), "2023");
        assert_eq!(time("last month", &none), "none");
    }

    #[test]
    fn word_tables_are_checked_with_places() {
        let errors = |text: &str| {
            load(text)
                .diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let e = errors("[[hedge]]\nmeans = \"atleast\"\nwords = [\"over\"]\n");
        assert!(e.contains("`atleast` is not a hedge meaning"), "{e}");
        let e = errors("[[hedge]]\nmeans = \"at-least\"\nwords = [\"over\"]\n[[hedge]]\nmeans = \"at-most\"\nwords = [\"Over\"]\n");
        assert!(e.contains("duplicate-word"), "{e}");
        let e = errors("[[time-word]]\nmeans = \"calendar\"\nunit = \"day\"\nwords = [\"today\"]\n");
        assert!(e.contains("needs `offset`"), "{e}");
        let e = errors("[[time-word]]\nmeans = \"ago\"\nunit = \"day\"\nwords = [\"ago\"]\n");
        assert!(e.contains("takes no `unit`"), "{e}");
        let e = errors("[[magnitude]]\nword = \"scores\"\nfrom = 200\nto = 40\n");
        assert!(e.contains("`to` is below `from`"), "{e}");
    }

    #[test]
    fn within_must_name_known_entities_and_never_go_round() {
        let errors = |text: &str| {
            load(text)
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let e = errors("[dictionary.place.entities]\nderna = [\"Derna\"]\n[dictionary.place.within]\nderna = \"lybia\"\n");
        assert!(e.contains("`derna` is within `lybia`, which no dictionary defines"), "{e}");
        let e = errors("[dictionary.place.entities]\na = [\"A\"]\nb = [\"B\"]\n[dictionary.place.within]\na = \"b\"\nb = \"a\"\n");
        assert!(e.contains("goes round in a circle"), "{e}");
        let loaded = load("[dictionary.place.entities]\nderna = [\"Derna\"]\nlibya = [\"Libya\"]\nafrica = [\"Africa\"]\n[dictionary.place.within]\nderna = \"libya\"\nlibya = \"africa\"\n");
        let rules = loaded.rules.unwrap();
        let chain: Vec<&str> = rules.within["derna"].iter().map(|p| &**p).collect();
        assert_eq!(chain, vec!["libya", "africa"]);
        assert!(!rules.within.contains_key("africa"));
    }
}
