//! Quantities as intervals: "2,500", "roughly 2,500", "more than 150", "up to 1,000", "thousands".
//!
//! Reporters hedge numbers, and a hedge changes what would contradict them: "roughly 2,500" and
//! "2,600" can both be true, "more than 150" and "200" are compatible. Turning every figure into an
//! interval with a qualifier lets detectors ask one question: can both intervals hold at once?

use super::words::Words;
use std::fmt;

/// How the written figure bounds the real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Qualifier {
    Exact,
    Approximate,
    AtLeast,
    AtMost,
    /// A vague magnitude: "thousands", "scores of", "dozens".
    Vague,
}

/// A count or an amount with a unit, as a closed interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub low: f64,
    /// `None` when there is no upper bound ("more than 150").
    pub high: Option<f64>,
    /// The figure as written, without its hedge: 2500 for "roughly 2,500".
    pub nominal: f64,
    pub qualifier: Qualifier,
    /// For durations: "year", "month", "week", "day".
    pub unit: Option<String>,
}

/// The relative tolerance given to an approximate figure: "about 2,500" covers 2,250 to 2,750.
pub const APPROX_TOLERANCE: f64 = 0.10;

/// How far apart two figures may be and still be one figure rounded (see `same_rounded`).
pub const ROUNDING_GAP: f64 = 0.03;

/// How far past its figure a lower bound reaches: reporters write "more than 600" for a figure
/// near 600, not for "nearly 1,000" (read as an open interval, the two agreed the same week),
/// while "at least 100,000" and "about 130,000" the same day are compatible estimates. "Up to
/// 1,000" is read as about 1,000 already; "fewer than 500" stays a true bound ("fewer than 500
/// remain" is said of 200).
pub const BOUND_REACH: f64 = 1.4;

/// The place of a figure's last non-zero digit: 100 for 4,500, 1,000 for 12,000, 1 for 11,937
/// and for anything under ten or not whole.
fn precision(v: f64) -> f64 {
    let mut step = 1.0;
    while v.fract() == 0.0 && v >= step * 10.0 && (v / (step * 10.0)).fract() == 0.0 {
        step *= 10.0;
    }
    step
}

/// Figures must stay below 2^53, beyond which two different integers can become
/// the same `f64` (and so "corroborate"), and far beyond, `inf`. A larger figure keeps its words.
pub const MAX_FIGURE: f64 = 9_007_199_254_740_992.0;

impl Quantity {
    /// The figure of an open lower bound ("more than 600"), if this is one.
    pub fn lower_bound(&self) -> Option<f64> {
        (self.qualifier == Qualifier::AtLeast && self.high.is_none() && self.low > 0.0).then_some(self.low)
    }

    /// The lowest figure a magnitude word ("several hundred": 200..900) can stand for, or
    /// `None` for a figure. It reaches a third below the range ("several hundred" is said of
    /// 150, not of 100) and binds only from below: a part of the force may be any size under it.
    pub fn magnitude_floor(&self) -> Option<f64> {
        (self.qualifier == Qualifier::Vague).then(|| self.low / 1.5)
    }

    /// Parses a written figure with its hedge, through the pack's words. Returns `None` when no
    /// number is found.
    pub fn parse(written: &str, words: &Words) -> Option<Quantity> {
        let text = normalize_space(written);
        let lower = text.to_lowercase();
        let mut rest = lower.trim();
        loop {
            let before = rest;
            if let Some(f) = longest_prefix(rest, words.fillers.iter().map(String::as_str)) {
                rest = rest[f.len()..].trim_start();
            }
            if before == rest {
                break;
            }
        }
        let mut qualifier = Qualifier::Exact;
        if let Some((h, q)) = words
            .hedges
            .iter()
            .find(|(h, _)| rest.starts_with(h.as_str()) && rest[h.len()..].starts_with(' '))
        {
            qualifier = *q;
            rest = rest[h.len()..].trim_start();
        }
        let rest = rest.trim_end_matches(" of").trim();
        if let Some((word, low, high)) = words
            .magnitudes
            .iter()
            .find(|(w, _, _)| rest == w || rest.starts_with(&format!("{w} ")))
        {
            let unit = unit_of(&rest[word.len()..], words).or_else(|| unit_in(word, words));
            return Some(Quantity {
                low: *low,
                high: *high,
                nominal: *low,
                qualifier: Qualifier::Vague,
                unit,
            });
        }
        let (nominal, range_high, tail, number_words) = parse_number_or_range(rest, words)?;
        if !(nominal < MAX_FIGURE && range_high.is_none_or(|h| h < MAX_FIGURE)) {
            return None;
        }
        // "a decade": the number word names its unit itself.
        let unit = unit_of(tail, words).or_else(|| number_words.and_then(|w| unit_in(w, words)));
        let (low, high) = match (qualifier, range_high) {
            (_, Some(h)) => (nominal, Some(h)),
            (Qualifier::Exact, None) => (nominal, Some(nominal)),
            (Qualifier::Approximate, None) => (nominal * (1.0 - APPROX_TOLERANCE), Some(nominal * (1.0 + APPROX_TOLERANCE))),
            (Qualifier::AtLeast, None) => (nominal, None),
            (Qualifier::AtMost, None) => (0.0, Some(nominal)),
            (Qualifier::Vague, None) => (nominal, Some(nominal)),
        };
        Some(Quantity {
            low,
            high,
            nominal,
            qualifier,
            unit,
        })
    }

    /// The figure, when the quantity names one: exact ("2,500") or hedged ("about 2,500"), not a
    /// bound, a range or a magnitude word.
    pub fn point(&self) -> Option<f64> {
        // A range starts at its written figure; a hedged figure's interval starts below it.
        match (self.qualifier, self.high) {
            (Qualifier::Exact, Some(h)) if h == self.low => Some(self.nominal),
            (Qualifier::Approximate, Some(_)) if self.low < self.nominal => Some(self.nominal),
            _ => None,
        }
    }

    /// Whether two figures are one figure as reporters round it: equal at the coarser one's
    /// precision (11,900 and 12,000; 34,500 and "about 35,000"), and no further apart than the
    /// coarser figure allows: its hedge's ±10% ("about 1,000" and 950), else `ROUNDING_GAP`
    /// (2,000 and 2,100 round alike at thousands but are two figures). A hedge's ±10% is too
    /// wide between two figures: "nearly 5,600" and "about 5,400" for one plan on one day are two
    /// reporters' different numbers, while a bound or a range keeps its interval. `None` when
    /// either is not a figure.
    pub fn same_rounded(&self, other: &Quantity) -> Option<bool> {
        let (a, b) = (self.point()?, other.point()?);
        let (step_a, step_b) = (precision(a), precision(b));
        let step = step_a.max(step_b);
        let round = |v: f64| (v / step + 0.5).floor() * step;
        // The coarser figure's own hedge says how far the finer one may be: "about 1,000"
        // covers 950, a bare "2,000" does not cover 2,100.
        let coarser = if step_a >= step_b { self } else { other };
        let gap = if coarser.qualifier == Qualifier::Approximate {
            APPROX_TOLERANCE
        } else {
            ROUNDING_GAP
        };
        Some(round(a) == round(b) && (a - b).abs() <= gap * a.abs().max(b.abs()))
    }

    /// Whether two quantities can both be true.
    pub fn overlaps(&self, other: &Quantity) -> bool {
        let self_high = self.high.unwrap_or(f64::INFINITY);
        let other_high = other.high.unwrap_or(f64::INFINITY);
        self.low <= other_high && other.low <= self_high
    }

    /// Whether the intervals are the same figure, for corroboration: same nominal value, or both
    /// vague with the same interval.
    pub fn same_figure(&self, other: &Quantity) -> bool {
        self.unit == other.unit && self.nominal == other.nominal && self.overlaps(other)
    }
}

impl fmt::Display for Quantity {
    /// A compact, stable rendering used in reports and rule examples: `2500`, `~2500`, `>=150`,
    /// `<=1000`, `2000..9999`, `2..5 year`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |v: f64| {
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        };
        match (self.qualifier, self.high) {
            (Qualifier::Exact, Some(h)) if h == self.low => write!(f, "{}", n(self.nominal))?,
            (Qualifier::Approximate, _) => write!(f, "~{}", n(self.nominal))?,
            (Qualifier::AtLeast, None) => write!(f, ">={}", n(self.low))?,
            (Qualifier::AtMost, Some(h)) => write!(f, "<={}", n(h))?,
            (_, Some(h)) => write!(f, "{}..{}", n(self.low), n(h))?,
            (_, None) => write!(f, ">={}", n(self.low))?,
        }
        if let Some(unit) = &self.unit {
            write!(f, " {unit}")?;
        }
        Ok(())
    }
}

/// The words one space apart, without the quotation marks around any of them: a hedge quoted
/// from a speaker reads as the hedge ('"well over" 100,000').
fn normalize_space(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.trim_matches(['"', '“', '”']))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest candidate that starts `text` and is followed by a space.
fn longest_prefix<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .filter(|c| text.starts_with(*c) && text[c.len()..].starts_with(' '))
        .max_by_key(|c| c.len())
}

/// Parses "2,500", "2.5 million", "two", "a dozen", "two- to five-year", "2-5"; returns the
/// number, the upper end of a range if any, the unparsed tail, and the number word read first.
fn parse_number_or_range<'t, 'w>(text: &'t str, words: &'w Words) -> Option<(f64, Option<f64>, &'t str, Option<&'w str>)> {
    let (first, tail, word) = parse_number(text, words)?;
    // "two- to five-year", "two to five years", "2 or 3 days".
    let joined = tail.trim_start_matches(['-', '–', ' ']);
    let after_joiner = words
        .range_joiners
        .iter()
        .find_map(|j| joined.strip_prefix(j.as_str()).and_then(|r| r.strip_prefix(' ')));
    // "2-5 years", "2–5", "70,000 – 94,000".
    let after_dash = tail.trim_start().strip_prefix(['-', '–', '—']);
    if let Some(after) = after_joiner.or(after_dash) {
        if let Some((second, tail2, _)) = parse_number(after.trim_start(), words) {
            if second > first {
                return Some((first, Some(second), tail2, word));
            }
        }
    }
    Some((first, None, tail, word))
}

fn parse_number<'t, 'w>(text: &'t str, words: &'w Words) -> Option<(f64, &'t str, Option<&'w str>)> {
    let digits_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len());
    let (value, mut tail, number_word) = if digits_len > 0 {
        // A mark or letter joined to the digits ("2,5\u{308}00", "2,500x") makes them no figure.
        if text[digits_len..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c))
        {
            return None;
        }
        let raw = text[..digits_len].trim_end_matches(['.', ',']);
        // "00", "0,500": the tail of a figure cut by something the pattern did not take.
        if raw.len() > 1 && raw.starts_with('0') && matches!(raw.as_bytes()[1], b'0'..=b'9' | b',') {
            return None;
        }
        let value: f64 = raw.replace(',', "").parse().ok()?;
        (value, &text[raw.len()..], None)
    } else {
        let (word, value) = words
            .numbers
            .iter()
            .find(|(w, _)| text.starts_with(w.as_str()) && !text[w.len()..].starts_with(|c: char| c.is_alphabetic()))?;
        // "a two-year timeline": the article only introduces the number that follows.
        if words.introducers.iter().any(|i| i == word) {
            if let Some(next) = parse_number(text[word.len()..].trim_start(), words) {
                return Some(next);
            }
        }
        let (mut value, mut tail) = (*value, &text[word.len()..]);
        // Figures written out: "twenty-five", "six hundred and fifty", "four thousand".
        let below = |tail: &'t str, limit: f64| -> Option<(f64, &'t str)> {
            let rest = tail.strip_prefix('-').or_else(|| tail.strip_prefix(' '))?;
            let rest = rest.strip_prefix("and ").unwrap_or(rest);
            let (w, v) = words.numbers.iter().find(|(w, v)| {
                *v >= 1.0
                    && *v < limit
                    && v.fract() == 0.0
                    && rest.starts_with(w.as_str())
                    && !rest[w.len()..].starts_with(|c: char| c.is_alphabetic())
            })?;
            Some((*v, &rest[w.len()..]))
        };
        if (20.0..100.0).contains(&value) && value % 10.0 == 0.0 {
            if let Some((unit, rest)) = below(tail, 10.0) {
                value += unit;
                tail = rest;
            }
        }
        if value < 100.0 && value.fract() == 0.0 {
            if let Some(rest) = tail
                .strip_prefix(" hundred")
                .filter(|r| !r.starts_with(|c: char| c.is_alphabetic()))
            {
                value *= 100.0;
                tail = rest;
                if let Some((tens, rest)) = below(tail, 100.0) {
                    value += tens;
                    tail = rest;
                    if tens % 10.0 == 0.0 && tens >= 20.0 {
                        if let Some((unit, rest)) = below(tail, 10.0) {
                            value += unit;
                            tail = rest;
                        }
                    }
                }
            }
        }
        (value, tail, Some(word.as_str()))
    };
    let mut value = value;
    // "ten-thousand", "15-hundred": some agencies' English joins the multiplier with a hyphen.
    let trimmed = tail.strip_prefix('-').unwrap_or(tail).trim_start();
    for (word, factor) in &words.multipliers {
        if let Some(rest) = trimmed.strip_prefix(word.as_str()) {
            value *= factor;
            tail = rest;
            break;
        }
    }
    Some((value, tail, number_word))
}

/// Combining marks (the common Unicode blocks): they attach to the character before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Finds a time unit at the start of the tail: "-year", " years", "year".
fn unit_of(tail: &str, words: &Words) -> Option<String> {
    let word = tail.trim_start_matches(['-', ' ']).split(|c: char| !c.is_alphabetic()).next()?;
    words.unit(word).map(|u| u.name().to_string())
}

/// The unit named by any word of a phrase ("a decade" → year).
fn unit_in(phrase: &str, words: &Words) -> Option<String> {
    phrase.split(' ').find_map(|w| words.unit(w)).map(|u| u.name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        Quantity::parse(text, crate::normalize::words::testing::default_words()).map_or("none".into(), |q| q.to_string())
    }

    fn same(a: &str, b: &str) -> Option<bool> {
        let words = crate::normalize::words::testing::default_words();
        Quantity::parse(a, words)?.same_rounded(&Quantity::parse(b, words)?)
    }

    #[test]
    fn two_figures_are_one_when_one_rounds_the_other() {
        assert_eq!(same("12,000", "11,900"), Some(true));
        assert_eq!(same("34,500", "about 35,000"), Some(true));
        assert_eq!(same("roughly 2,000", "2,000"), Some(true));
        assert_eq!(same("650", "six hundred and fifty"), Some(true));
        // Within a hedge's ±10%, but two different figures as written.
        assert_eq!(same("nearly 5,600", "about 5,400"), Some(false));
        assert_eq!(same("approximately 4,500", "about 4,000"), Some(false));
        assert_eq!(same("about 1,400", "1,500"), Some(false));
        // Alike at thousands, yet a twentieth apart.
        assert_eq!(same("2,000", "2,100"), Some(false));
        assert_eq!(same("about 1,000", "950"), Some(true));
        // Bounds and ranges keep their intervals.
        assert_eq!(same("more than 1,500", "1,500"), None);
        assert_eq!(same("between 650 and 800", "700"), None);
        // A hedged range as narrow as a hedge is still a range.
        assert_eq!(same("about 500 to 550", "500"), None);
    }

    #[test]
    fn hedges_become_intervals() {
        assert_eq!(show("2,500"), "2500");
        assert_eq!(show("some 3,500"), "~3500");
        assert_eq!(show("roughly 2,500"), "~2500");
        assert_eq!(show("an estimated 2,500"), "~2500");
        assert_eq!(show("nearly 1,000"), "~1000");
        assert_eq!(show("more than 150"), ">=150");
        assert_eq!(show("up to 1,000"), "~1000");
        assert_eq!(show("as many as 3,500"), "~3500");
        assert_eq!(show("fewer than 500"), "<=500");
        assert_eq!(show("surpassed 2,000"), ">=2000");
        assert_eq!(show("well north of 100,000"), ">=100000");
        assert_eq!(show("between 650 and 800"), "650..800");
        assert_eq!(show("70,000 – 94,000"), "70000..94000");
        assert_eq!(show("5000 - 6000"), "5000..6000");
        assert_eq!(show("Those estimated 2,500"), "~2500");
    }

    #[test]
    fn figures_written_out() {
        assert_eq!(show("Six hundred and fifty"), "650");
        assert_eq!(show("twenty-five"), "25");
        assert_eq!(show("four thousand"), "4000");
        assert_eq!(show("ten-thousand"), "10000");
        assert_eq!(show("some 15-hundred"), "~1500");
        assert_eq!(show("2,000-3,000"), "2000..3000");
        assert_eq!(show("two hundred"), "200");
        assert_eq!(show("nine hundred twenty-one"), "921");
        // Tempting: a figure and a word that is no number.
        assert_eq!(show("twenty soldiers"), "20");
    }

    #[test]
    fn number_words_and_vague_magnitudes() {
        assert_eq!(show("two"), "2");
        assert_eq!(show("three"), "3");
        assert_eq!(show("a dozen"), "12");
        assert_eq!(show("\"well over\" 100,000"), show("well over 100,000"));
        assert_eq!(show("“well over” 100,000"), ">=100000");
        assert_eq!(show("thousands"), "2000..9999");
        assert_eq!(show("Scores of"), "40..199");
        assert_eq!(show("2.5 million"), "2500000");
        assert_eq!(show("troops"), "none");
    }

    #[test]
    fn durations_and_ranges() {
        assert_eq!(show("a two- to five-year"), "2..5 year");
        assert_eq!(show("two to five years"), "2..5 year");
        assert_eq!(show("2-5 years"), "2..5 year");
        assert_eq!(show("years"), ">=2 year");
        assert_eq!(show("a decade"), "10 year");
    }

    #[test]
    fn huge_figures_are_not_numbers() {
        let huge = "9".repeat(400);
        assert_eq!(show(&huge), "none");
        assert_eq!(show(&format!("{huge} billion")), "none");
        assert_eq!(show("9,007,199,254,740,993"), "none");
        assert_eq!(show("9,007,199,254,740,992"), "none");
        assert_eq!(show("9,007,199,254,740,991"), "9007199254740991");
        assert_eq!(show("2 to 99999999999999999999 years"), "none");
        assert_eq!(show("999999999 billion"), "none");
    }

    #[test]
    fn a_mark_inside_a_figure_makes_it_no_figure() {
        assert_eq!(show("2,5\u{308}00"), "none");
        assert_eq!(show("2,500\u{301}"), "none");
        assert_eq!(show("2500x"), "none");
        // What a pattern with ASCII word boundaries captures of "2,5\u{308}00".
        assert_eq!(show("00"), "none");
        assert_eq!(show("0,500"), "none");
        assert_eq!(show("0"), "0");
        assert_eq!(show("0.5 million"), "500000");
        assert_eq!(show("2,500-year"), "2500 year");
    }

    #[test]
    fn overlap_respects_qualifiers() {
        let q = |t| Quantity::parse(t, crate::normalize::words::testing::default_words()).unwrap();
        assert!(q("2,500").overlaps(&q("roughly 2,500")));
        assert!(q("roughly 2,500").overlaps(&q("2,600")));
        assert!(!q("2,500").overlaps(&q("3,500")));
        assert!(q("more than 150").overlaps(&q("200")));
        assert!(!q("more than 150").overlaps(&q("100")));
        assert!(q("2,500").same_figure(&q("an estimated 2,500")));
    }
}
