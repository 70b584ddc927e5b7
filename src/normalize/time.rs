//! Times as date intervals with a granularity, anchored on the article's publication date.
//!
//! "Last month" in an article of 2024-02-08 is January 2024; "on Thursday" is a different day in
//! every article. Detectors compare intervals, so every absolute or relative expression becomes
//! one here. Date arithmetic is jiff's: calendars are easy to get subtly wrong by hand.

use super::words::{CalendarUnit, Part, TimeMeaning, Words};
use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Granularity {
    Day,
    Week,
    Month,
    Season,
    Year,
    Range,
}

/// A closed interval of days.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeSpan {
    pub start: Date,
    pub end: Date,
    pub granularity: Granularity,
}

/// Whether an expression without a year or tense refers forward from the anchor ("on Monday"
/// in "Biden is set to host ... on Monday") or backward (the default in news copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

impl TimeSpan {
    pub fn day(date: Date) -> TimeSpan {
        TimeSpan {
            start: date,
            end: date,
            granularity: Granularity::Day,
        }
    }

    pub fn year(year: i16) -> Option<TimeSpan> {
        Some(TimeSpan {
            start: Date::new(year, 1, 1).ok()?,
            end: Date::new(year, 12, 31).ok()?,
            granularity: Granularity::Year,
        })
    }

    fn month(year: i16, month: i8) -> Option<TimeSpan> {
        let start = Date::new(year, month, 1).ok()?;
        Some(TimeSpan {
            start,
            end: start.last_of_month(),
            granularity: Granularity::Month,
        })
    }

    /// A season: `months` months from the first of `month` ("winter" runs into the next year).
    fn season(year: i16, month: i8, months: i8) -> Option<TimeSpan> {
        let start = Date::new(year, month, 1).ok()?;
        Some(TimeSpan {
            start,
            end: start.checked_add((months as i32).months()).ok()?.yesterday().ok()?,
            granularity: Granularity::Season,
        })
    }

    fn range(start: Date, end: Date) -> TimeSpan {
        TimeSpan {
            start,
            end,
            granularity: Granularity::Range,
        }
    }

    /// Whether the two intervals share a day, once each is widened by `tolerance_days`.
    /// A tolerance beyond what a calendar can hold is taken as the largest one it can.
    pub fn overlaps_within(&self, other: &TimeSpan, tolerance_days: i64) -> bool {
        let widen = Span::new().days(tolerance_days.clamp(-MAX_SPAN_DAYS, MAX_SPAN_DAYS));
        let self_end = self.end.saturating_add(widen);
        let other_end = other.end.saturating_add(widen);
        self.start <= other_end && other.start <= self_end
    }

    /// Parses an expression of time, relative ones against `anchor`, through the pack's words.
    /// Returns `None` when the words hold no time this normaliser understands; the claim then
    /// keeps the words only.
    pub fn parse(written: &str, anchor: Option<Date>, tense: Tense, words: &Words) -> Option<TimeSpan> {
        let lower = written.to_lowercase().replace(['’', '\''], "").replace('–', "-");
        let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = strip_ignored(joined.trim_end_matches(['.', ',']).trim(), words);
        parse_absolute(text, anchor, tense, words).or_else(|| anchor.and_then(|a| parse_relative(text, a, tense, words)))
    }
}

/// The time a sentence states at its head, for the figures in it that give none of their own:
/// a phrase of time words that leads the sentence ("In April last year, ...") or follows only
/// a capitalised subject ("Trump last year ordered ..."). Returns where the phrase ends in
/// `sentence` (a byte offset) and its time. A time anywhere else may belong to a clause of
/// its own ("troops that arrived in 2014 now number 2,500"), so it is left alone; so is a
/// phrase opened by a `bound` word ("Since 2014, ...": when a state began, not when the figure
/// holds), a year qualifying the noun after it ("The 2003 invasion ..."), and a phrase that
/// only says "now" (the article's date says that already).
pub fn sentence_head(sentence: &str, anchor: Date, words: &Words) -> Option<(usize, TimeSpan)> {
    /// A subject before the phrase is a few capitalised words: "President Donald Trump".
    const MAX_SUBJECT_WORDS: usize = 4;
    let tokens = word_offsets(sentence);
    for head in 0..=MAX_SUBJECT_WORDS.min(tokens.len()) {
        if head > 0 && !starts_upper(tokens[head - 1].1) {
            return None;
        }
        let mut run = 0;
        for &(_, token) in &tokens[head..] {
            if !is_time_word(token, words) {
                break;
            }
            run += 1;
            if token.ends_with([',', ';', ':']) {
                break;
            }
        }
        // The longest run of time words from here that the normaliser reads.
        for n in (1..=run).rev() {
            let (start, _) = tokens[head];
            let (last_start, last) = tokens[head + n - 1];
            let end = last_start + last.len();
            let phrase = &sentence[start..end];
            let Some(span) = TimeSpan::parse(phrase, Some(anchor), Tense::Past, words) else {
                continue;
            };
            let opened_by_bound = {
                let lower = phrase.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
                let mut text = lower.as_str();
                let mut bound = false;
                while let Some((meaning, rest)) = words.time_prefix(text, |m| matches!(m, TimeMeaning::Ignore | TimeMeaning::Bound)) {
                    bound |= meaning == TimeMeaning::Bound;
                    text = rest;
                }
                bound
            };
            let qualifies_next = !last.ends_with(',')
                && last
                    .trim_end_matches(|c: char| c.is_ascii_punctuation())
                    .ends_with(|c: char| c.is_ascii_digit() || c == 's')
                && last.bytes().any(|b| b.is_ascii_digit())
                && tokens
                    .get(head + n)
                    .is_some_and(|(_, next)| next.starts_with(|c: char| c.is_lowercase()));
            if opened_by_bound || qualifies_next || span == TimeSpan::day(anchor) {
                return None;
            }
            return Some((end, span));
        }
    }
    None
}

/// The time a planned or reached level is given for, in the words after its figure: "to 2,500
/// troops in Afghanistan and Iraq by mid-January" holds on Jan. 15. Only "by" sets a target
/// ("until" and "since" bound a state); the search stops at the clause's end.
pub fn target_after(text: &str, anchor: Date, tense: Tense, words: &Words) -> Option<TimeSpan> {
    /// How far after the figure "by" may stand, in words.
    const REACH: usize = 10;
    let tokens = word_offsets(text);
    let at = tokens.iter().take(REACH).position(|&(_, t)| t.eq_ignore_ascii_case("by"))?;
    if tokens[..at].iter().any(|&(_, t)| t.ends_with([';', ':', '.'])) {
        return None;
    }
    let run = tokens[at + 1..].iter().take_while(|&&(_, t)| is_time_word(t, words)).count();
    (1..=run).rev().find_map(|n| {
        let (start, _) = tokens[at + 1];
        let (last_start, last) = tokens[at + n];
        let phrase = text[start..last_start + last.len()].trim_end_matches([',', ';', '.', ':']);
        TimeSpan::parse(phrase, Some(anchor), tense, words)
    })
}

/// The time phrase that directly follows a figure's words: "pulled the remaining 2,500 troops
/// out of Afghanistan last year", "deployed 3,000 troops to Poland in February". Only a phrase
/// starting at the first word counts (a time later in the sentence may be another clause's), and
/// not one opened by a `bound` word ("since 2003", "until May" bound a state), a `window`
/// ("previously") or "by" (a target, read by `target_after`).
pub fn right_after(text: &str, anchor: Date, tense: Tense, words: &Words) -> Option<TimeSpan> {
    right_after_with_end(text, anchor, tense, words).map(|(span, _)| span)
}

/// `right_after`, with where in `text` the phrase read ends.
fn right_after_with_end(text: &str, anchor: Date, tense: Tense, words: &Words) -> Option<(TimeSpan, usize)> {
    /// The longest phrase read: "in early November 2020", "in the fall of 2020".
    const PHRASE: usize = 5;
    if !text.starts_with(char::is_whitespace) {
        return None;
    }
    let tokens = word_offsets(text);
    let (_, first) = tokens.first()?;
    if first.eq_ignore_ascii_case("by") {
        return None;
    }
    let mut run = 0;
    for &(_, token) in tokens.iter().take(PHRASE) {
        if !is_time_word(token, words) {
            break;
        }
        run += 1;
        if token.ends_with([',', ';', '.', ':']) {
            break;
        }
    }
    if run == 0 {
        return None;
    }
    // A phrase opened by a bound or a window is no date at any length. A window ("previously",
    // "in recent weeks") says only "some time before": it dates nothing a clause later in the
    // sentence does not date better.
    let phrase = |n: usize| {
        let (start, _) = tokens[0];
        let (last_start, last) = tokens[n - 1];
        text[start..last_start + last.len()].trim_end_matches([',', ';', '.', ':'])
    };
    let lower = phrase(run).to_lowercase();
    let window = |m: &TimeMeaning| matches!(m, TimeMeaning::Window { .. });
    let opened = strip_ignored(&lower, words);
    if words.time_prefix(&lower, |m| *m == TimeMeaning::Bound).is_some()
        || words.time_word(opened).is_some_and(|m| window(&m))
        || words.time_prefix(opened, window).is_some()
    {
        return None;
    }
    // "now", "today": the article's date says that already, and the caller keeps it apart.
    (1..=run).rev().find_map(|n| {
        let span = TimeSpan::parse(phrase(n), Some(anchor), tense, words).filter(|span| *span != TimeSpan::day(anchor))?;
        Some((span, tokens[0].0 + phrase(n).len()))
    })
}

/// The target a sentence opens with: "By January 15, 2021, our forces in Afghanistan will be
/// 2,500 troops" holds on Jan. 15. Only a "by" leading the sentence (after any quotation mark)
/// and closed by a comma counts.
pub fn target_head(sentence: &str, anchor: Date, tense: Tense, words: &Words) -> Option<TimeSpan> {
    let sentence = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
    let tokens = word_offsets(sentence);
    let (_, first) = tokens.first()?;
    if !first.eq_ignore_ascii_case("by") {
        return None;
    }
    let run = tokens[1..].iter().take_while(|&&(_, t)| is_time_word(t, words)).count();
    let closed = tokens[1..=run].iter().position(|&(_, t)| t.ends_with(','))?;
    let (start, _) = tokens[1];
    let (last_start, last) = tokens[1 + closed];
    let phrase = sentence[start..last_start + last.len()].trim_end_matches(',');
    TimeSpan::parse(phrase, Some(anchor), tense, words)
}

/// The time a "when" clause right before a figure points back to: "who ordered the reduction
/// in November, when there were about 4,000 troops" counts them in November. `head` is the
/// sentence up to the figure; the time phrase must close just before "when", and nothing
/// between "when" and the figure may end the clause or name another time.
pub fn when_clause(head: &str, anchor: Date, words: &Words) -> Option<TimeSpan> {
    /// How far before the figure "when" may stand, in words.
    const REACH: usize = 8;
    /// The longest time phrase read before "when": "in early November 2020".
    const PHRASE: usize = 4;
    let tokens = word_offsets(head);
    let at = tokens.len().checked_sub(1)?;
    let when = (at.saturating_sub(REACH)..=at)
        .rev()
        .find(|&i| tokens[i].1.eq_ignore_ascii_case("when"))?;
    let after = &head[tokens[when].0 + "when".len()..];
    if after.contains([';', ':', '.', '(']) || names_another_time(after, words) {
        return None;
    }
    let run = tokens[..when]
        .iter()
        .rev()
        .take(PHRASE)
        .take_while(|&&(_, t)| is_time_word(t, words))
        .count();
    (1..=run).rev().find_map(|n| {
        let (start, _) = tokens[when - n];
        let (last_start, last) = tokens[when - 1];
        let phrase = head[start..last_start + last.len()].trim_end_matches(',');
        TimeSpan::parse(phrase, Some(anchor), Tense::Past, words)
    })
}

/// The day a figure was said on, from the verb of saying that reports it (the pack's
/// `saying-words`, then perhaps `told-words`: "told reporters on Monday"): before it ("Seoul's
/// spy agency said Friday that 1,500 special forces were training", `head` being the sentence
/// up to the figure), or after it ("10,000 troops are in Russia, the Pentagon said Monday",
/// `tail` the sentence after). Before the figure, nothing between the day and the figure may
/// end the clause or name another time; after it, the verb must be within eight words of a
/// comma that follows the figure's clause.
pub fn said_on(head: &str, tail: &str, anchor: Date, words: &Words) -> Option<TimeSpan> {
    /// How far before the figure the verb may stand, in words.
    const REACH: usize = 20;
    let day_after = |text: &str, verb_end: usize| -> Option<(usize, TimeSpan)> {
        let rest = &text[verb_end..];
        let tokens = word_offsets(rest);
        let skip = tokens
            .iter()
            .take(3)
            .take_while(|&&(_, t)| words.told.contains(&bare_word(t)))
            .count();
        let from = tokens.get(skip).map_or(rest.len(), |&(at, _)| at);
        // `right_after` wants the white space before the phrase.
        let from = rest[..from].rfind(char::is_whitespace)?;
        let (span, end) = right_after_with_end(&rest[from..], anchor, Tense::Past, words)?;
        Some((verb_end + from + end, span))
    };
    let verb = |(at, token): (usize, &str)| {
        let bare = bare_word(token);
        (words.saying.contains(&bare) && !token.ends_with([',', '.', ';', ':'])).then_some(at + token.len())
    };
    let tokens = word_offsets(head);
    let from = tokens.len().saturating_sub(REACH);
    for &(at, token) in tokens[from..].iter().rev() {
        let Some(end) = verb((at, token)) else { continue };
        let Some((phrase_end, span)) = day_after(head, end) else { continue };
        let between = &head[phrase_end.min(head.len())..];
        if !between.contains([';', ':', '(']) && !names_another_time(between, words) {
            return Some(span);
        }
        return None;
    }
    // After the figure: ", the Pentagon said Monday" closes the sentence.
    let comma = tail.find(',')?;
    if tail[..comma].contains([';', ':', '(']) {
        return None;
    }
    let after = &tail[comma..];
    word_offsets(after)
        .into_iter()
        .take(8)
        .find_map(verb)
        .and_then(|end| day_after(after, end))
        .map(|(_, span)| span)
}

/// Whether the words between a sentence's head time and a figure name another time, which
/// then holds for the figure instead: "In 2014, 5,000 troops arrived; now 2,500 remain".
pub fn names_another_time(between: &str, words: &Words) -> bool {
    word_offsets(between).iter().any(|&(_, token)| {
        let bare = bare_word(token);
        parse_year(&bare).is_some()
            || (starts_upper(token) && month_number(&bare, words).is_some())
            || matches!(
                words.time_word(&bare),
                Some(TimeMeaning::Calendar {
                    unit: CalendarUnit::Day,
                    offset: 0,
                    ..
                })
            )
    })
}

/// The words of `text` with their byte offsets.
fn word_offsets(text: &str) -> Vec<(usize, &str)> {
    text.split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect()
}

fn starts_upper(token: &str) -> bool {
    token
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with(|c: char| c.is_uppercase())
}

/// A token lower case, without the quotes and punctuation around it.
fn bare_word(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase()
        .replace(['’', '\''], "")
}

/// Whether a token can be part of a time phrase: a figure ("2020", "7th", "2000s"), or a word
/// of one of the pack's time words, number words or units ("in", "april", "last", "two",
/// "years", "ago"). A month's name counts only capitalised: "may" is mostly a verb.
fn is_time_word(token: &str, words: &Words) -> bool {
    let bare = bare_word(token);
    if bare.is_empty() {
        return false;
    }
    let figure = bare.trim_end_matches(|c: char| c.is_alphabetic());
    if !figure.is_empty() && figure.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if let Some((_, rest)) = words.time_prefix(&bare, |m| *m == TimeMeaning::MiddleOf) {
        // After "mid-" a month is one, whatever its case: "mid-may" is never the verb.
        return !rest.is_empty() && (month_number(rest, words).is_some() || is_time_word(rest, words));
    }
    if month_number(&bare, words).is_some() {
        return starts_upper(token);
    }
    let in_phrase = |phrase: &str| phrase.split(' ').any(|w| w == bare);
    words.time.iter().any(|(w, _)| in_phrase(w))
        || words.numbers.iter().any(|(w, _)| in_phrase(w))
        || words.units.iter().any(|(w, _)| in_phrase(w))
}

/// The largest number of days a calendar span can hold (jiff's limit: about 20,000 years).
pub const MAX_SPAN_DAYS: i64 = 7_304_484;

/// `date` moved by `amount` units ("year", "month", "week", "day"); `None` when the unit is
/// unknown or the result is outside the calendar (a "30,000-year timeline"), never a panic.
pub fn shift(date: Date, amount: f64, unit: &str) -> Option<Date> {
    if !amount.is_finite() || amount.abs() > MAX_SPAN_DAYS as f64 {
        return None;
    }
    let n = amount as i64;
    let span = match unit {
        "year" => Span::new().try_years(n),
        "month" => Span::new().try_months(n),
        "week" => Span::new().try_weeks(n),
        "day" => Span::new().try_days(n),
        _ => return None,
    }
    .ok()?;
    date.checked_add(span).ok()
}

/// Drops the words that add nothing before a time ("in", "as of", "the") and the words that
/// bound it ("since", "by"), repeatedly.
fn strip_ignored<'t>(mut text: &'t str, words: &Words) -> &'t str {
    while let Some((_, rest)) = words.time_prefix(text, |m| matches!(m, TimeMeaning::Ignore | TimeMeaning::Bound)) {
        text = rest;
    }
    text
}

fn parse_absolute(text: &str, anchor: Option<Date>, tense: Tense, words: &Words) -> Option<TimeSpan> {
    // ISO dates, as in date lines: 2025-04-28.
    if let Some(iso) = text.get(..10) {
        if let Ok(date) = iso.parse::<Date>() {
            return Some(TimeSpan::day(date));
        }
    }
    // "end of 2021", "end of the year", "beginning of next month", "mid-October", "mid-2023".
    if let Some((meaning, rest)) = words.time_prefix(text, |m| {
        matches!(m, TimeMeaning::EndOf | TimeMeaning::StartOf | TimeMeaning::MiddleOf)
    }) {
        if meaning == TimeMeaning::MiddleOf {
            return TimeSpan::parse(rest, anchor, tense, words);
        }
        let period = TimeSpan::parse(rest, anchor, tense, words)?;
        return Some(TimeSpan::day(if meaning == TimeMeaning::EndOf { period.end } else { period.start }));
    }
    let vocabulary = words;
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = words.first().and_then(|w| month_number(w, vocabulary));
    let year_at = |i: usize| words.get(i).and_then(|w| parse_year(w));
    // "the fall of 2020", "spring 2023": a season of a named year.
    if let (Some(TimeMeaning::Season { month, months }), Some(year)) = (
        words.first().and_then(|w| vocabulary.time_word(w)),
        match words.get(1) {
            Some(&"of") => year_at(2).filter(|_| words.len() == 3),
            _ => year_at(1).filter(|_| words.len() == 2),
        },
    ) {
        return TimeSpan::season(year, month, months);
    }
    match (month, words.len()) {
        // "november 2023", "oct. 7", "february 08, 2024", "july 1 2019".
        (Some(m), _) => {
            if let Some(y) = year_at(1) {
                return TimeSpan::month(y, m);
            }
            let day = words.get(1).and_then(|w| {
                w.trim_end_matches(['.', ','])
                    .trim_end_matches(|c: char| c.is_alphabetic())
                    .parse::<i8>()
                    .ok()
            });
            match (day, year_at(2)) {
                (Some(d), Some(y)) => Date::new(y, m, d).ok().map(TimeSpan::day),
                (Some(d), None) => {
                    let anchor = anchor?;
                    let date = nearest_by_year(anchor, tense, |y| Date::new(y, m, d).ok())?;
                    Some(TimeSpan::day(date))
                }
                (None, _) if words.len() == 1 => {
                    let anchor = anchor?;
                    let start = nearest_by_year(anchor, tense, |y| Date::new(y, m, 1).ok())?;
                    TimeSpan::month(start.year(), m)
                }
                // "april last year": the month of the year the words after it name.
                _ => TimeSpan::parse(&words[1..].join(" "), anchor, tense, vocabulary)
                    .filter(|t| t.granularity == Granularity::Year)
                    .and_then(|t| TimeSpan::month(t.start.year(), m)),
            }
        }
        (None, _) => {
            // "8 february 2024", and "15 january" in the year the anchor makes nearest.
            let day_first = words
                .first()
                .map(|w| w.trim_end_matches(|c: char| c.is_alphabetic()))
                .and_then(|w| w.parse::<i8>().ok());
            if let (Some(d), Some(m)) = (day_first, words.get(1).and_then(|w| month_number(w, vocabulary))) {
                return match year_at(2) {
                    Some(y) => Date::new(y, m, d).ok().map(TimeSpan::day),
                    None if words.len() == 2 => {
                        let date = nearest_by_year(anchor?, tense, |y| Date::new(y, m, d).ok())?;
                        Some(TimeSpan::day(date))
                    }
                    None => None,
                };
            }
            // "2011", "the 2003 invasion", "2000s".
            if let Some(decade) = words.first().and_then(|w| w.strip_suffix('s')).and_then(parse_year) {
                let start = Date::new(decade, 1, 1).ok()?;
                return Some(TimeSpan {
                    start,
                    end: Date::new(decade + 9, 12, 31).ok()?,
                    granularity: Granularity::Range,
                });
            }
            words
                .iter()
                .find_map(|w| parse_year(w))
                .and_then(TimeSpan::year)
                .filter(|_| words.len() <= 3)
        }
    }
}

fn parse_relative(text: &str, anchor: Date, tense: Tense, vocabulary: &Words) -> Option<TimeSpan> {
    match vocabulary.time_word(text) {
        Some(TimeMeaning::Calendar { unit, offset, part }) => calendar(anchor, unit, offset, part),
        Some(TimeMeaning::Window { unit, from, to }) => {
            let start = super::time::shift(anchor, from as f64, unit.name())?;
            let end = super::time::shift(anchor, to as f64, unit.name())?;
            Some(TimeSpan::range(start.min(end), start.max(end)))
        }
        _ => {
            let words: Vec<&str> = text.split(' ').collect();
            parse_relative_words(&words, anchor, tense, vocabulary)
        }
    }
}

/// The calendar period `offset` units from the one holding `anchor`, or the part of it before
/// or after `anchor`.
fn calendar(anchor: Date, unit: CalendarUnit, offset: i32, part: Part) -> Option<TimeSpan> {
    let (start, granularity) = match unit {
        CalendarUnit::Day => (anchor.checked_add(offset.days()).ok()?, Granularity::Day),
        CalendarUnit::Week => {
            let monday = anchor.checked_sub((anchor.weekday().to_monday_zero_offset() as i32).days()).ok()?;
            (monday.checked_add(offset.weeks()).ok()?, Granularity::Week)
        }
        CalendarUnit::Month => (anchor.first_of_month().checked_add(offset.months()).ok()?, Granularity::Month),
        CalendarUnit::Year => (
            Date::new(anchor.year(), 1, 1).ok()?.checked_add(offset.years()).ok()?,
            Granularity::Year,
        ),
    };
    let end = match unit {
        CalendarUnit::Day => start,
        CalendarUnit::Week => start.checked_add(6.days()).ok()?,
        CalendarUnit::Month => start.last_of_month(),
        CalendarUnit::Year => Date::new(start.year(), 12, 31).ok()?,
    };
    Some(match part {
        Part::Whole => TimeSpan { start, end, granularity },
        Part::ToDate => TimeSpan::range(start, anchor.clamp(start, end)),
        Part::Rest => TimeSpan::range(anchor.clamp(start, end), end),
    })
}

fn parse_relative_words(words: &[&str], anchor: Date, tense: Tense, vocabulary: &Words) -> Option<TimeSpan> {
    let meaning = |w: &str| vocabulary.time_word(w);
    // "last summer", "next spring".
    if let [which, season] = words {
        if let (
            Some(which @ (TimeMeaning::Previous | TimeMeaning::Next | TimeMeaning::This)),
            Some(TimeMeaning::Season { month, months }),
        ) = (meaning(which), meaning(season))
        {
            let mut year = anchor.year();
            let start_this_year = Date::new(year, month, 1).ok()?;
            match which {
                TimeMeaning::Previous if start_this_year >= anchor => year -= 1,
                TimeMeaning::Next if start_this_year <= anchor => year += 1,
                _ => {}
            }
            return TimeSpan::season(year, month, months);
        }
    }
    // "two years ago", "a decade ago".
    if let Some((last, amount)) = words.split_last() {
        if meaning(last) == Some(TimeMeaning::Ago) {
            let q = super::quantity::Quantity::parse(&amount.join(" "), vocabulary)?;
            let date = shift(anchor, -q.nominal.trunc(), q.unit.as_deref()?)?;
            return TimeSpan::year(date.year()).map(|y| {
                if q.unit.as_deref() == Some("year") {
                    y
                } else {
                    TimeSpan::day(date)
                }
            });
        }
    }
    // "(on) the 16th": a day of the month the anchor is in or, when that day is on the wrong
    // side of the anchor for the tense, of the month before or after.
    if let [ordinal] = words {
        if let Some(day) = day_ordinal(ordinal) {
            let in_month = |month: Date| Date::new(month.year(), month.month(), day).ok();
            let this = in_month(anchor.first_of_month());
            let date = match tense {
                Tense::Past => this
                    .filter(|d| *d <= anchor)
                    .or_else(|| in_month(anchor.first_of_month().checked_sub(1.months()).ok()?))?,
                Tense::Future => this
                    .filter(|d| *d >= anchor)
                    .or_else(|| in_month(anchor.first_of_month().checked_add(1.months()).ok()?))?,
            };
            return Some(TimeSpan::day(date));
        }
    }
    // "thursday", "last thursday", "next monday", "wednesday afternoon", "monday's".
    let (direction, day_word) = match words {
        [w] => (tense, *w),
        [w, part] if meaning(part) == Some(TimeMeaning::PartOfDay) => (tense, *w),
        [which, w] => match meaning(which)? {
            TimeMeaning::Previous => (Tense::Past, *w),
            TimeMeaning::Next | TimeMeaning::This => (Tense::Future, *w),
            _ => return None,
        },
        _ => return None,
    };
    let weekday_of = |w: &str| match meaning(w) {
        Some(TimeMeaning::Weekday(n)) => Weekday::from_monday_one_offset(n).ok(),
        _ => None,
    };
    // A possessive ("Monday's meeting") has lost its apostrophe by now.
    let weekday = weekday_of(day_word).or_else(|| day_word.strip_suffix('s').and_then(weekday_of))?;
    let offset = anchor.weekday().to_monday_zero_offset() as i32 - weekday.to_monday_zero_offset() as i32;
    let date = match direction {
        Tense::Past => anchor.checked_sub(offset.rem_euclid(7).days()).ok()?,
        Tense::Future => anchor.checked_add((-offset).rem_euclid(7).days()).ok()?,
    };
    Some(TimeSpan::day(date))
}

/// A day of the month written as an ordinal alone: "16th", "1st", "22nd".
fn day_ordinal(word: &str) -> Option<i8> {
    let digits = word
        .strip_suffix("st")
        .or(word.strip_suffix("nd"))
        .or(word.strip_suffix("rd"))
        .or(word.strip_suffix("th"))?;
    let day: i8 = digits
        .parse()
        .ok()
        .filter(|_| digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))?;
    (1..=31).contains(&day).then_some(day)
}

fn month_number(word: &str, vocabulary: &Words) -> Option<i8> {
    match vocabulary.time_word(word.trim_end_matches('.')) {
        Some(TimeMeaning::Month(n)) => Some(n),
        _ => None,
    }
}

fn parse_year(word: &str) -> Option<i16> {
    let word = word.trim_end_matches(['.', ',', ':', ';']);
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = word.parse().ok()?;
        (1900..=2199).contains(&y).then_some(y)
    } else {
        None
    }
}

/// The occurrence of a yearless date nearest the anchor in the direction of `tense`. A future
/// date a few weeks behind the anchor is this year's, just passed: "the Jan. 15 deadline" in a
/// story of Jan. 17 is two days ago, not next year.
fn nearest_by_year(anchor: Date, tense: Tense, make: impl Fn(i16) -> Option<Date>) -> Option<Date> {
    let this_year = make(anchor.year())?;
    let just_passed = this_year < anchor && anchor.since(this_year).ok().is_some_and(|span| span.get_days() <= 60);
    Some(match tense {
        Tense::Past if this_year > anchor => make(anchor.year() - 1)?,
        Tense::Future if this_year < anchor && !just_passed => make(anchor.year() + 1)?,
        _ => this_year,
    })
}

impl fmt::Display for TimeSpan {
    /// `2011`, `2023-11`, `2021-12-31`, `2021-07-12..2021-07-18`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.granularity {
            Granularity::Year => write!(f, "{}", self.start.year()),
            Granularity::Month => write!(f, "{}-{:02}", self.start.year(), self.start.month()),
            Granularity::Day => write!(f, "{}", self.start),
            _ => write!(f, "{}..{}", self.start, self.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn words() -> &'static Words {
        crate::normalize::words::testing::default_words()
    }

    fn show(text: &str, anchor: &str) -> String {
        TimeSpan::parse(text, Some(anchor.parse().unwrap()), Tense::Past, words()).map_or("none".into(), |t| t.to_string())
    }

    #[test]
    fn a_figure_holds_on_the_day_it_was_said() {
        let said =
            |head: &str, tail: &str| said_on(head, tail, "2024-10-22".parse().unwrap(), words()).map_or("none".into(), |t| t.to_string());
        assert_eq!(
            said(
                "Seoul's spy agency said Friday that Pyongyang sent a large force, claiming that ",
                " special forces were training."
            ),
            "2024-10-18"
        );
        assert_eq!(
            said("About ", " troops are in Iraq, a spokesman told reporters on Monday."),
            "2024-10-21"
        );
        // A verb with no day, another time between, or another clause's verb date nothing.
        assert_eq!(said("The agency said that ", " troops were there."), "none");
        assert_eq!(said("The agency said Friday that in 2019 ", " troops were there."), "none");
        assert_eq!(
            said("About ", " troops are there; officials said Monday the talks went well."),
            "none"
        );
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(show("November 2023", "2024-01-25"), "2023-11");
        assert_eq!(show("in January 2020", "2024-01-25"), "2020-01");
        assert_eq!(show("2011", "2024-01-25"), "2011");
        assert_eq!(show("since its 2003", "2024-01-25"), "2003");
        assert_eq!(show("Oct. 7", "2024-01-25"), "2023-10-07");
        assert_eq!(show("February 08, 2024", "2024-02-08"), "2024-02-08");
        assert_eq!(show("July 1, 2019", "2021-07-22"), "2019-07-01");
        assert_eq!(show("2025-04-28 11:45:07", "2024-01-25"), "2025-04-28");
        assert_eq!(show("8 February 2024", "2024-02-08"), "2024-02-08");
    }

    #[test]
    fn relative_forms_anchor_on_the_article() {
        assert_eq!(show("last month", "2024-02-08"), "2024-01");
        assert_eq!(show("15 January", "2021-02-05"), "2021-01-15");
        assert_eq!(show("1st March", "2022-03-20"), "2022-03-01");
        assert_eq!(
            TimeSpan::parse("15 January", Some(date(2020, 12, 5)), Tense::Future, words()).map(|t| t.to_string()),
            Some("2021-01-15".to_string())
        );
        assert_eq!(show("earlier this month", "2021-07-22"), "2021-07-01..2021-07-22");
        assert_eq!(show("by the end of the year", "2021-07-23"), "2021-12-31");
        assert_eq!(show("end of 2021", "2021-07-23"), "2021-12-31");
        assert_eq!(show("next year", "2021-07-23"), "2022");
        assert_eq!(show("last week", "2021-07-23"), "2021-07-12..2021-07-18");
        assert_eq!(show("within the next few days", "2021-07-23"), "2021-07-23..2021-07-30");
        assert_eq!(show("last summer", "2024-01-25"), "2023-06-01..2023-08-31");
        assert_eq!(show("a decade ago", "2024-02-08"), "2014");
        assert_eq!(show("mid-October", "2024-01-25"), "2023-10");
        assert_eq!(show("In April last year", "2020-12-05"), "2019-04");
        assert_eq!(show("October this year", "2020-12-05"), "2020-10");
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2021-07-23 was a Friday.
        assert_eq!(show("on Thursday", "2021-07-23"), "2021-07-22");
        let monday = TimeSpan::parse("on Monday", Some(date(2021, 7, 23)), Tense::Future, words()).unwrap();
        assert_eq!(monday.to_string(), "2021-07-26");
        assert_eq!(show("late on Wednesday", "2024-02-08"), "2024-02-07");
    }

    #[test]
    fn a_day_of_the_month_alone_is_the_nearest_in_the_tense() {
        assert_eq!(show("on the 16th", "2024-04-30"), "2024-04-16");
        // The 16th still to come this month is last month's in the past tense.
        assert_eq!(show("the 16th", "2024-04-10"), "2024-03-16");
        let next = TimeSpan::parse("on the 16th", Some(date(2024, 4, 20)), Tense::Future, words()).unwrap();
        assert_eq!(next.to_string(), "2024-05-16");
        // No 31st in April: the day is not guessed.
        assert_eq!(show("the 31st", "2024-05-10"), "none");
        assert_eq!(show("the 101st", "2024-05-10"), "none");
    }

    #[test]
    fn relative_words_need_an_anchor() {
        assert_eq!(TimeSpan::parse("last month", None, Tense::Past, words()), None);
        assert_eq!(TimeSpan::parse("2011", None, Tense::Past, words()).unwrap().to_string(), "2011");
        assert_eq!(show("the troops", "2024-01-25"), "none");
    }

    #[test]
    fn out_of_range_times_are_none_not_panics() {
        assert_eq!(show("30,000 years ago", "2024-01-25"), "none");
        assert_eq!(show("9999999999999 days ago", "2024-01-25"), "none");
        assert_eq!(show("3 years ago", "2024-01-25"), "2021");
        assert_eq!(shift(date(2024, 1, 25), 30_000.0, "year"), None);
        assert_eq!(shift(date(2024, 1, 25), f64::INFINITY, "day"), None);
        assert_eq!(shift(date(2024, 1, 25), 2.0, "year"), Some(date(2026, 1, 25)));
        assert_eq!(shift(date(2024, 1, 25), 1.0, "fortnight"), None);
    }

    #[test]
    fn huge_tolerances_do_not_panic() {
        let a = TimeSpan::day(date(2021, 7, 22));
        let b = TimeSpan::year(2024).unwrap();
        assert!(a.overlaps_within(&b, 7_304_485));
        assert!(a.overlaps_within(&b, i64::MAX));
        assert!(!a.overlaps_within(&b, i64::MIN));
    }

    #[test]
    fn tolerance_widens_overlap() {
        let a = TimeSpan::day(date(2021, 7, 22));
        let b = TimeSpan::day(date(2021, 7, 23));
        let c = TimeSpan::year(2024).unwrap();
        assert!(a.overlaps_within(&b, 0) || a.overlaps_within(&b, 1));
        assert!(!a.overlaps_within(&c, 30));
    }
}
