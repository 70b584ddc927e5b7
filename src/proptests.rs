//! Property tests over arbitrary Unicode: sentence splitting, line/column mapping, figure and
//! time normalisation, and extraction of one article with the default pack. None may panic, and
//! every span must lie inside its text on character boundaries. The case count is bounded so
//! `cargo test` stays fast; `PROPTEST_CASES=100000 cargo test --test proptest_text` runs more.

use crate::article::{Article, Meta};
use crate::normalize::quantity::{Quantity, MAX_FIGURE};
use crate::normalize::time::{shift, Tense, TimeSpan};
use crate::rules::RuleSet;
use crate::text::{sentences, LineIndex};
use proptest::prelude::*;
use std::sync::OnceLock;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn default_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        crate::rules::load_dir(&dir).rules.expect("the default pack loads")
    })
}

/// Words news copy is made of, with the characters that broke things before: curly quotes,
/// no-break spaces, lone carriage returns, combining marks, front-matter fences, huge figures.
fn newsy() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => any::<String>(),
        2 => "[ -~]{0,12}",
        1 => Just("U.S.".to_string()),
        1 => Just("No.".to_string()),
        1 => Just("Gen.".to_string()),
        1 => Just("troops".to_string()),
        1 => Just("2,500".to_string()),
        1 => Just("30,000-year timeline".to_string()),
        1 => Just("years ago".to_string()),
        1 => Just("in Iraq".to_string()),
        1 => Just("said".to_string()),
        1 => Just("last month".to_string()),
        1 => Just("by the end of the year".to_string()),
        1 => Just("“".to_string()),
        1 => Just("”".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\u{308}".to_string()),
        1 => Just("+++\n".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("published = 2024-01-25\n".to_string()),
        1 => "[0-9,]{1,40}",
        1 => Just(". ".to_string()),
    ];
    // Tokens touch as often as not: "“No." broke where "“ No." did not.
    let separator = prop_oneof![Just(""), Just(" "), Just(" "), Just("\n"), Just("\u{a0}")];
    prop::collection::vec((token, separator), 0..40).prop_map(|parts| parts.into_iter().map(|(t, s)| t + s).collect())
}

fn assert_span(text: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} outside a text of {}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} splits a character"
    );
    Ok(())
}

fn boundary_at_or_before(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sentences_lie_inside_their_range_in_order(text in newsy(), a in any::<usize>(), b in any::<usize>()) {
        let (mut start, mut end) = (boundary_at_or_before(&text, a % (text.len() + 1)), boundary_at_or_before(&text, b % (text.len() + 1)));
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        let mut out = Vec::new();
        sentences(&text, start..end, &mut out);
        let mut previous_end = start;
        for s in &out {
            assert_span(&text, s.start, s.end)?;
            prop_assert!(s.start >= previous_end && s.end <= end, "{s:?} not in order inside {start}..{end}");
            prop_assert!(!text[s.clone()].trim().is_empty());
            prop_assert!(!text[s.clone()].contains(['\n', '\r']), "a sentence crosses a line end");
            previous_end = s.end;
        }
    }

    #[test]
    fn line_col_of_any_offset(text in newsy(), offset in any::<usize>()) {
        let index = LineIndex::new(&text);
        let (line, col) = index.line_col(&text, offset % (text.len() + 2));
        prop_assert!(line >= 1 && col >= 1);
        let range = index.line_range(&text, line);
        assert_span(&text, range.start, range.end)?;
    }

    #[test]
    fn an_end_counted_from_its_start_and_words_is_the_indexed_one(text in newsy(), a in any::<usize>(), b in any::<usize>()) {
        let index = LineIndex::new(&text);
        let floor = |mut i: usize| { i %= text.len() + 1; while !text.is_char_boundary(i) { i -= 1; } i };
        let (start, end) = (floor(a).min(floor(b)), floor(a).max(floor(b)));
        // Words ending in a carriage return cannot tell a lone one from the first half of CRLF.
        prop_assume!(!text[start..end].ends_with('\r'));
        let (line, column) = index.line_col(&text, start);
        prop_assert_eq!(crate::text::advance(line, column, &text[start..end]), index.line_col(&text, end));
    }

    #[test]
    fn figures_are_finite_and_bounded(written in newsy()) {
        if let Some(q) = Quantity::parse(&written, &default_rules().words) {
            prop_assert!(q.low.is_finite() && q.nominal.is_finite(), "{q:?}");
            prop_assert!(q.nominal < MAX_FIGURE && q.low <= q.nominal.max(q.low), "{q:?}");
            if let Some(h) = q.high {
                prop_assert!(h.is_finite() && h < MAX_FIGURE * 1.2, "{q:?}");
            }
        }
    }

    #[test]
    fn times_never_panic_and_are_ordered(written in newsy(), days in -800_000i64..800_000, future in any::<bool>()) {
        let anchor = jiff::civil::date(2024, 1, 25).checked_add(jiff::Span::new().days(days)).ok();
        let tense = if future { Tense::Future } else { Tense::Past };
        if let Some(span) = TimeSpan::parse(&written, anchor, tense, &default_rules().words) {
            prop_assert!(span.start <= span.end, "{span:?} from {written:?}");
        }
    }

    #[test]
    fn shifting_dates_never_panics(amount in any::<f64>(), unit in prop_oneof![Just("year"), Just("month"), Just("week"), Just("day"), Just("eon")]) {
        let _ = shift(jiff::civil::date(2024, 1, 25), amount, unit);
    }

    #[test]
    fn extraction_of_one_article(text in newsy()) {
        let rules = default_rules();
        let meta = Meta { outlet: None, published: Some(jiff::civil::date(2024, 1, 25)) };
        let Ok(article) = Article::from_text("a", "a.txt", text, meta, rules) else {
            return Ok(());
        };
        assert_span(&article.text, article.body.start, article.body.end)?;
        for r in article.excluded.iter().chain(&article.oversized) {
            assert_span(&article.text, r.start, r.end)?;
        }
        for claim in crate::extract::extract_article(rules, &article) {
            let p = &claim.provenance;
            assert_span(&article.text, p.start, p.end)?;
            assert_span(&article.text, p.sentence_start, p.sentence_start)?;
            prop_assert_eq!(&article.text[p.start..p.end], p.quote());
            prop_assert!(p.sentence_start <= p.start);
            if let Some(crate::claim::Value::Quantity(q)) = &claim.value {
                prop_assert!(q.nominal.is_finite() && q.low.is_finite());
            }
        }
    }

    #[test]
    fn any_text_as_body_or_with_front_matter(text in any::<String>()) {
        let rules = default_rules();
        let _ = Article::from_text("a", "a.txt", format!("+++\n{text}\n+++\n"), Meta::default(), rules);
        let article = Article::from_body_text("a", "a.txt", text, Meta::default(), rules);
        let _ = crate::extract::extract_article(rules, &article);
    }
}
