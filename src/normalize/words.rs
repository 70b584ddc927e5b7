//! The words the normalisers understand, as the rule pack declares them (`rules/words.toml`).
//!
//! The engine knows a small, fixed set of *meanings* (a hedge that makes a figure a lower bound,
//! a calendar period shifted from the publication date, a window of days around it...) and
//! implements each once; which words carry them is the newsroom's vocabulary, so it is data.
//! A pack that declares no words reads digits, ISO dates and years only.

use super::quantity::Qualifier;

/// A calendar unit time words count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarUnit {
    Day,
    Week,
    Month,
    Year,
}

impl CalendarUnit {
    pub const NAMES: &'static [&'static str] = &["day", "week", "month", "year"];

    pub fn parse(name: &str) -> Option<CalendarUnit> {
        Some(match name {
            "day" => CalendarUnit::Day,
            "week" => CalendarUnit::Week,
            "month" => CalendarUnit::Month,
            "year" => CalendarUnit::Year,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CalendarUnit::Day => "day",
            CalendarUnit::Week => "week",
            CalendarUnit::Month => "month",
            CalendarUnit::Year => "year",
        }
    }
}

/// Which part of a calendar period a word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    /// From the period's start to the publication date ("earlier this month").
    ToDate,
    /// From the publication date to the period's end ("later this year").
    Rest,
}

/// What a time word means; `rules/README.md` documents each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeMeaning {
    /// Said before a time, adds nothing: "in", "on", "as of", "the".
    Ignore,
    /// Said before a time, bounds a state or a plan: "since", "until", "by". Read as `Ignore`
    /// in a claim's own time, but never taken as the time a sentence states for its figures.
    Bound,
    /// "end of 2021": the last day of the period that follows.
    EndOf,
    /// "beginning of 2022": its first day.
    StartOf,
    /// "mid-October": the period that follows, as a whole.
    MiddleOf,
    /// The calendar period `offset` units from the one holding the publication date.
    Calendar { unit: CalendarUnit, offset: i32, part: Part },
    /// From `from` to `to` units around the publication date ("in the coming weeks").
    Window { unit: CalendarUnit, from: i32, to: i32 },
    /// A month's name (1 to 12).
    Month(i8),
    /// A season: `months` months from its first `month`.
    Season { month: i8, months: i8 },
    /// A weekday's name (1 Monday to 7 Sunday).
    Weekday(i8),
    /// Before a weekday or a season: the one before the publication date ("last").
    Previous,
    /// The one after it ("next", "coming").
    Next,
    /// The one around it ("this"): this year's season, the coming weekday.
    This,
    /// After an amount: counted back from the publication date ("ago").
    Ago,
    /// After a weekday, adds nothing: "morning", "night".
    PartOfDay,
    /// Refers back to the time the sentence before named: "At that time there were about
    /// 1,400 French servicemen in Niger" after "France began withdrawing ... on October 10".
    ThatTime,
}

/// A pack's vocabulary for figures and times, every phrase lower case and single-spaced.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Hedges, longest first.
    pub hedges: Vec<(String, Qualifier)>,
    /// Number words, longest first.
    pub numbers: Vec<(String, f64)>,
    /// Words that only introduce the figure after them ("a two-year timeline"); alone, they are
    /// read as number words.
    pub introducers: Vec<String>,
    /// Words after a figure that multiply it ("2.5 million"), longest first.
    pub multipliers: Vec<(String, f64)>,
    /// Vague magnitudes and their ranges, longest first.
    pub magnitudes: Vec<(String, f64, Option<f64>)>,
    /// Words that join the two ends of a range ("two to five"), longest first.
    pub range_joiners: Vec<String>,
    /// Words before a figure that say nothing of it ("the", "between").
    pub fillers: Vec<String>,
    /// Unit words of durations and the unit each names ("years" → year).
    pub units: Vec<(String, CalendarUnit)>,
    /// Time words and their meanings, longest first.
    pub time: Vec<(String, TimeMeaning)>,
    /// Titles before a name ("mr.", "gen."), longest first: "Mr. Esper" is Esper.
    pub titles: Vec<String>,
    /// Words that put a claim in its subject's own country ("home"), in lower case.
    pub home: Vec<String>,
    /// Verbs of saying a day may follow ("said Friday that"), in lower case.
    pub saying: Vec<String>,
    /// Who may be told between such a verb and its day ("told reporters on Monday").
    pub told: Vec<String>,
}

/// Sorts phrases longest first, ties by text: in an alternation or a prefix search the
/// longest phrase then wins wherever several match ("tens of thousands" before "thousands"),
/// and the order is the same on every run.
pub fn longest_first<T>(list: &mut [T], phrase: impl Fn(&T) -> &str) {
    list.sort_by(|a, b| {
        let (a, b) = (phrase(a), phrase(b));
        b.len().cmp(&a.len()).then_with(|| a.cmp(b))
    });
}

impl Words {
    /// Puts every list longest first, so the longest phrase wins wherever several match.
    pub fn sort(&mut self) {
        longest_first(&mut self.hedges, |w| &w.0);
        longest_first(&mut self.numbers, |w| &w.0);
        longest_first(&mut self.multipliers, |w| &w.0);
        longest_first(&mut self.units, |w| &w.0);
        longest_first(&mut self.time, |w| &w.0);
        longest_first(&mut self.magnitudes, |w| &w.0);
        for list in [
            &mut self.introducers,
            &mut self.range_joiners,
            &mut self.fillers,
            &mut self.titles,
            &mut self.home,
            &mut self.saying,
            &mut self.told,
        ] {
            longest_first(list, |w| w);
        }
    }

    /// The meaning of a whole phrase, if the pack gives it one.
    pub fn time_word(&self, phrase: &str) -> Option<TimeMeaning> {
        self.time.iter().find(|(w, _)| w == phrase).map(|(_, m)| *m)
    }

    /// The longest time word of one of the meanings `want` accepts that starts `text` and is
    /// followed by a space (or, for a word ending in `-`, by anything): its meaning and the rest.
    pub fn time_prefix<'t>(&self, text: &'t str, want: impl Fn(&TimeMeaning) -> bool) -> Option<(TimeMeaning, &'t str)> {
        self.time.iter().filter(|(_, m)| want(m)).find_map(|(w, m)| {
            let rest = text.strip_prefix(w.as_str())?;
            if w.ends_with('-') {
                return Some((*m, rest));
            }
            rest.strip_prefix([' ', '-']).map(|r| (*m, r))
        })
    }

    pub fn unit(&self, word: &str) -> Option<CalendarUnit> {
        self.units.iter().find(|(w, _)| w == word).map(|(_, u)| *u)
    }
}

#[cfg(test)]
pub mod testing {
    /// The default pack's words (`rules/words.toml`): the normalisers' tests read what the
    /// pack declares, so a word removed from the pack fails them.
    pub fn default_words() -> &'static super::Words {
        &crate::detect::testing::rules().words
    }
}
