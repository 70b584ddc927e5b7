//! Times as date intervals with a granularity, anchored on the article's publication date.
//!
//! "Last month" in an article of 2024-02-08 is January 2024; "on Thursday" is a different day in
//! every article. Detectors compare intervals, so every absolute or relative expression becomes
//! one here. Date arithmetic is jiff's: calendars are easy to get subtly wrong by hand.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Season,
    Year,
    Range,
}

/// A closed interval of days.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimeSpan {
    #[serde(serialize_with = "serialize_date", deserialize_with = "deserialize_date")]
    pub start: Date,
    #[serde(serialize_with = "serialize_date", deserialize_with = "deserialize_date")]
    pub end: Date,
    pub granularity: Granularity,
}

fn serialize_date<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Claim files (`extract --format jsonl`) are read back by `check --claims`.
pub(crate) fn deserialize_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(serde::de::Error::custom)
}

/// Whether an expression without a year or tense refers forward from the anchor ("on Monday"
/// in "Biden is set to host ... on Monday") or backward (the default in news copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

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

    /// Parses an expression of time, relative ones against `anchor`. Returns `None` when the
    /// words hold no time this normaliser understands; the claim then keeps the words only.
    pub fn parse(written: &str, anchor: Option<Date>, tense: Tense) -> Option<TimeSpan> {
        let lower = written.to_lowercase().replace(['’', '\''], "").replace('–', "-");
        let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = strip_prepositions(joined.trim_end_matches(['.', ',']).trim());
        parse_absolute(text, anchor, tense).or_else(|| anchor.and_then(|a| parse_relative(text, a, tense)))
    }
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

fn strip_prepositions(mut text: &str) -> &str {
    loop {
        let before = text;
        for p in [
            "in ",
            "on ",
            "since ",
            "by ",
            "until ",
            "till ",
            "from ",
            "during ",
            "at ",
            "as of ",
            "as early as ",
            "late ",
            "early ",
            "the ",
            "of ",
            "within ",
        ] {
            text = text.strip_prefix(p).unwrap_or(text);
        }
        if before == text {
            return text;
        }
    }
}

fn parse_absolute(text: &str, anchor: Option<Date>, tense: Tense) -> Option<TimeSpan> {
    // ISO dates, as in date lines: 2025-04-28.
    if let Some(iso) = text.get(..10) {
        if let Ok(date) = iso.parse::<Date>() {
            return Some(TimeSpan::day(date));
        }
    }
    // "end of 2021", "end of the year", "end of this month".
    if let Some(rest) = text.strip_prefix("end of ").or_else(|| text.strip_prefix("close of ")) {
        let period = TimeSpan::parse(rest, anchor, tense)?;
        return Some(TimeSpan::day(period.end));
    }
    if let Some(rest) = text.strip_prefix("start of ").or_else(|| text.strip_prefix("beginning of ")) {
        let period = TimeSpan::parse(rest, anchor, tense)?;
        return Some(TimeSpan::day(period.start));
    }
    // "mid-October", "mid-2023".
    let text = text.strip_prefix("mid-").or_else(|| text.strip_prefix("mid ")).unwrap_or(text);
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = words.first().and_then(|w| month_number(w));
    let year_at = |i: usize| words.get(i).and_then(|w| parse_year(w));
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
                _ => None,
            }
        }
        (None, _) => {
            // "8 february 2024", and "15 january" in the year the anchor makes nearest.
            let day_first = words
                .first()
                .map(|w| w.trim_end_matches(|c: char| c.is_alphabetic()))
                .and_then(|w| w.parse::<i8>().ok());
            if let (Some(d), Some(m)) = (day_first, words.get(1).and_then(|w| month_number(w))) {
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

fn parse_relative(text: &str, anchor: Date, tense: Tense) -> Option<TimeSpan> {
    let words: Vec<&str> = text.split(' ').collect();
    let anchor_month = TimeSpan::month(anchor.year(), anchor.month())?;
    let shift_month = |n: i32| -> Option<TimeSpan> {
        let d = anchor.first_of_month().checked_add(n.months()).ok()?;
        TimeSpan::month(d.year(), d.month())
    };
    let week_start = |d: Date| d.checked_sub((d.weekday().to_monday_zero_offset() as i32).days()).ok();
    let span = match text {
        "today" | "now" | "currently" => TimeSpan::day(anchor),
        "yesterday" => TimeSpan::day(anchor.yesterday().ok()?),
        "tomorrow" => TimeSpan::day(anchor.tomorrow().ok()?),
        "this month" => anchor_month,
        "earlier this month" => TimeSpan::range(anchor.first_of_month(), anchor),
        "later this month" => TimeSpan::range(anchor, anchor.last_of_month()),
        "last month" | "past month" | "previous month" => shift_month(-1)?,
        "next month" | "coming month" => shift_month(1)?,
        "this year" => TimeSpan::year(anchor.year())?,
        "earlier this year" => TimeSpan::range(Date::new(anchor.year(), 1, 1).ok()?, anchor),
        "later this year" => TimeSpan::range(anchor, Date::new(anchor.year(), 12, 31).ok()?),
        "year" => TimeSpan::year(anchor.year())?,
        "month" => anchor_month,
        "last year" | "past year" | "previous year" => TimeSpan::year(anchor.year() - 1)?,
        "next year" | "coming year" => TimeSpan::year(anchor.year() + 1)?,
        "this week" => {
            let s = week_start(anchor)?;
            TimeSpan {
                start: s,
                end: s.checked_add(6.days()).ok()?,
                granularity: Granularity::Week,
            }
        }
        "last week" | "past week" | "previous week" => {
            let s = week_start(anchor)?.checked_sub(7.days()).ok()?;
            TimeSpan {
                start: s,
                end: s.checked_add(6.days()).ok()?,
                granularity: Granularity::Week,
            }
        }
        "next week" | "coming week" => {
            let s = week_start(anchor)?.checked_add(7.days()).ok()?;
            TimeSpan {
                start: s,
                end: s.checked_add(6.days()).ok()?,
                granularity: Granularity::Week,
            }
        }
        "next few days" | "coming days" | "days ahead" | "next several days" => TimeSpan::range(anchor, anchor.checked_add(7.days()).ok()?),
        "coming weeks" | "next few weeks" => TimeSpan::range(anchor, anchor.checked_add(6.weeks()).ok()?),
        "coming months" | "next few months" => TimeSpan::range(anchor, anchor.checked_add(6.months()).ok()?),
        "recent days" | "past few days" => TimeSpan::range(anchor.checked_sub(7.days()).ok()?, anchor),
        "recent weeks" | "past few weeks" => TimeSpan::range(anchor.checked_sub(6.weeks()).ok()?, anchor),
        "recent months" | "past few months" => TimeSpan::range(anchor.checked_sub(6.months()).ok()?, anchor),
        _ => return parse_relative_words(&words, anchor, tense),
    };
    Some(span)
}

fn parse_relative_words(words: &[&str], anchor: Date, tense: Tense) -> Option<TimeSpan> {
    // "last summer", "next spring".
    if let [which @ ("last" | "this" | "next" | "past"), season] = words {
        if let Some((first_month, n_months)) = season_months(season) {
            let mut year = anchor.year();
            let start_this_year = Date::new(year, first_month, 1).ok()?;
            match *which {
                "last" | "past" if start_this_year >= anchor => year -= 1,
                "next" if start_this_year <= anchor => year += 1,
                _ => {}
            }
            let start = Date::new(year, first_month, 1).ok()?;
            let end = start.checked_add((n_months as i32).months()).ok()?.yesterday().ok()?;
            return Some(TimeSpan {
                start,
                end,
                granularity: Granularity::Season,
            });
        }
    }
    // "two years ago", "a decade ago".
    if let Some((&"ago", amount)) = words.split_last() {
        let amount = amount
            .join(" ")
            .replace("a decade", "ten years")
            .replace("decades", "tens of years");
        let q = super::quantity::Quantity::parse(&amount)?;
        let date = shift(anchor, -q.nominal.trunc(), q.unit.as_deref()?)?;
        return TimeSpan::year(date.year()).map(|y| {
            if q.unit.as_deref() == Some("year") {
                y
            } else {
                TimeSpan::day(date)
            }
        });
    }
    // "thursday", "last thursday", "next monday", "wednesday afternoon".
    let (direction, day_word) = match words {
        [w] => (tense, *w),
        [w, "morning" | "afternoon" | "evening" | "night"] => (tense, *w),
        ["last" | "past", w] => (Tense::Past, *w),
        ["next" | "coming" | "this", w] => (Tense::Future, *w),
        _ => return None,
    };
    let weekday = WEEKDAYS.iter().find(|(name, _)| *name == day_word)?.1;
    let offset = anchor.weekday().to_monday_zero_offset() as i32 - weekday.to_monday_zero_offset() as i32;
    let date = match direction {
        Tense::Past => anchor.checked_sub(offset.rem_euclid(7).days()).ok()?,
        Tense::Future => anchor.checked_add((-offset).rem_euclid(7).days()).ok()?,
    };
    Some(TimeSpan::day(date))
}

fn season_months(word: &str) -> Option<(i8, i8)> {
    match word {
        "spring" => Some((3, 3)),
        "summer" => Some((6, 3)),
        "fall" | "autumn" => Some((9, 3)),
        "winter" => Some((12, 3)),
        _ => None,
    }
}

fn month_number(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.');
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, n)| *n)
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

    fn show(text: &str, anchor: &str) -> String {
        TimeSpan::parse(text, Some(anchor.parse().unwrap()), Tense::Past).map_or("none".into(), |t| t.to_string())
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
            TimeSpan::parse("15 January", Some(date(2020, 12, 5)), Tense::Future).map(|t| t.to_string()),
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
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2021-07-23 was a Friday.
        assert_eq!(show("on Thursday", "2021-07-23"), "2021-07-22");
        let monday = TimeSpan::parse("on Monday", Some(date(2021, 7, 23)), Tense::Future).unwrap();
        assert_eq!(monday.to_string(), "2021-07-26");
        assert_eq!(show("late on Wednesday", "2024-02-08"), "2024-02-07");
    }

    #[test]
    fn relative_words_need_an_anchor() {
        assert_eq!(TimeSpan::parse("last month", None, Tense::Past), None);
        assert_eq!(TimeSpan::parse("2011", None, Tense::Past).unwrap().to_string(), "2011");
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
