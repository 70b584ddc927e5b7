//! Sentence segmentation and byte-offset to line:column mapping.
//!
//! Rules match one sentence at a time, so where a sentence ends decides what a rule can see.
//! News copy is full of periods that do not end sentences ("U.S.", "Maj. Gen.", "Oct. 7"), and a
//! naive splitter would cut "the U.S. withdrew" in two; this segmenter knows those abbreviations.

use std::ops::Range;

/// Abbreviations whose trailing period does not end a sentence, compared without the period and
/// case-sensitively (so "US." at the end of a sentence still ends it, "U.S." does not).
const ABBREVIATIONS: &[&str] = &[
    "U.S", "U.K", "U.N", "E.U", "D.C", "Mr", "Mrs", "Ms", "Dr", "Gen", "Maj", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Cpl", "Pvt",
    "Spc", "Sen", "Rep", "Gov", "Pres", "St", "Jr", "Sr", "Prof", "Rev", "Hon", "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "Inc", "Corp", "Co",
    "Ltd", "vs", "e.g", "i.e", "etc", "approx", "a.m", "p.m", "Ft", "Mt", "Brig", "Lt.Col", "Gens", "Reps", "Sens",
];

/// Splits `text[range]` into sentence byte ranges (absolute offsets into `text`).
///
/// A line break always ends a sentence: headlines, captions and list items carry no final period.
/// `\n`, `\r\n` and a lone `\r` (old Mac line endings) are all line breaks.
/// Leading and trailing whitespace is trimmed from each sentence; empty ones are dropped.
pub fn sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            push_trimmed(text, start..i, out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, range.start, i, range.end) {
            // Closing quotes and brackets belong to the sentence they close.
            let mut end = i + 1;
            while end < range.end {
                let rest = &text[end..range.end];
                let c = rest.chars().next().unwrap_or(' ');
                if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            push_trimmed(text, start..end, out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..range.end, out);
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let trimmed_start = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let start = range.start + trimmed_start;
        out.push(start..start + trimmed.len());
    }
}

/// Decides whether the terminator at `at` ends a sentence.
fn ends_sentence(text: &str, floor: usize, at: usize, ceiling: usize) -> bool {
    let after = &text[at + 1..ceiling];
    let after_quotes = after.trim_start_matches(['"', '\'', ')', ']', '”', '’']);
    let next_visible = after_quotes.trim_start_matches([' ', '\t']);
    if next_visible.len() == after_quotes.len() && !after_quotes.is_empty() {
        // No space after the period: "2.5", "U.S.-Iraq", "example.com".
        return after_quotes.starts_with(['\n', '\r']);
    }
    // "What do we need?" he asked: a lowercase word after the quote continues the sentence.
    if text.as_bytes()[at] != b'.' {
        return !next_visible.starts_with(|c: char| c.is_lowercase());
    }
    // The word before the period, back to the previous space.
    let before = &text[floor..at];
    // The separator can be several bytes ("“", a no-break space): the word starts after all of it.
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    // A single capital letter is an initial ("John F. Kennedy").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    // A sentence starts with a capital, a digit or an opening quote; "e.g. a" continues.
    match next_visible.chars().next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '\r' | '\n' | '-' | '—'),
    }
}

/// The line and column just after `passed`, which starts at (`line`, `column`), counted as
/// [`LineIndex::line_col`] counts: a claim's end from its start and quote, with no article text
/// at hand (`check --claims`).
pub fn advance(line: usize, column: usize, passed: &str) -> (usize, usize) {
    let (mut line, mut column) = (line, column);
    let mut chars = passed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Maps byte offsets to 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// Returns (line, column), both 1-based.
    /// An offset past the end or inside a character counts as the character it is in.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.line_starts[line];
        let col = text[line_start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The byte range of the 1-based line `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_starts[line.clamp(1, self.line_starts.len()) - 1];
        let end = self.line_starts.get(line).map_or(text.len(), |&next| next - 1);
        let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end
    }
}

/// `text` with scare quotes blanked: one to three words a writer quotes mid-sentence to
/// distance themselves from them (`Russian "peacekeepers" were deployed`, the so-called
/// "special military operation" in) read as the words alone. Every quote mark becomes spaces
/// of its byte length, so offsets into the result are offsets into `text`. A quote that
/// closes a sentence or a clause, or holds other punctuation, is speech and stays.
pub fn without_scare_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX_WORDS: usize = 3;
    const MAX_BYTES: usize = 48;
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    for (open, mark) in text.match_indices(['"', '\u{201c}']) {
        let after_open = open + mark.len();
        if !text[..open].ends_with(char::is_whitespace) {
            continue;
        }
        let mut window = (after_open + MAX_BYTES).min(text.len());
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let rest = &text[after_open..window];
        let Some(close) = rest.find(['"', '\u{201d}']) else { continue };
        let inner = &rest[..close];
        let close_len = rest[close..].chars().next().map_or(1, char::len_utf8);
        let after = &text[after_open + close + close_len..];
        let plain = inner.starts_with(char::is_alphabetic)
            && inner.ends_with(char::is_alphabetic)
            && inner.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        let inside = after.strip_prefix(' ').is_some_and(|a| a.starts_with(char::is_alphanumeric));
        if plain && inside && inner.split(' ').count() <= MAX_WORDS {
            blanks.push((open, mark.len()));
            blanks.push((after_open + close, close_len));
        }
    }
    if blanks.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, len) in blanks {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.extend(std::iter::repeat_n(' ', len));
        at = start + len;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        sentences(text, 0..text.len(), &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("The U.S. withdrew in 2011. Maj. Gen. Joel Vowell spoke on Oct. 7 in Baghdad. Then it ended."),
            vec![
                "The U.S. withdrew in 2011.",
                "Maj. Gen. Joel Vowell spoke on Oct. 7 in Baghdad.",
                "Then it ended."
            ]
        );
    }

    #[test]
    fn quotes_and_lines_close_sentences() {
        assert_eq!(
            split("\"We need help,\" he added. \"What do we need?\" he asked.\nHeadline without stop\n\nNext."),
            vec![
                "\"We need help,\" he added.",
                "\"What do we need?\" he asked.",
                "Headline without stop",
                "Next."
            ]
        );
    }

    #[test]
    fn lowercase_after_period_continues() {
        assert_eq!(
            split("It was denied by the U.S. and then deleted."),
            vec!["It was denied by the U.S. and then deleted."]
        );
        assert_eq!(split("It costs 2.5 million. Yes"), vec!["It costs 2.5 million.", "Yes"]);
    }

    #[test]
    fn crlf_lines() {
        assert_eq!(split("One.\r\nTwo\r\n"), vec!["One.", "Two"]);
    }

    #[test]
    fn curly_quotes_and_no_break_spaces_before_abbreviations() {
        assert_eq!(
            split("He said “No. We will keep 2,500 U.S. troops in Iraq.”"),
            vec!["He said “No. We will keep 2,500 U.S. troops in Iraq.”"]
        );
        assert_eq!(
            split("The\u{a0}U.S. kept 2,500 troops. Then\u{2003}Gen. Smith left."),
            vec!["The\u{a0}U.S. kept 2,500 troops.", "Then\u{2003}Gen. Smith left."]
        );
        assert_eq!(split("(“U.S. troops."), vec!["(“U.S. troops."]);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(
            split("Headline\rCurrent: x\rBody. More"),
            vec!["Headline", "Current: x", "Body.", "More"]
        );
        let text = "a\rb\r\nc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 2), (2, 1));
        assert_eq!(index.line_col(text, 5), (3, 1));
        assert_eq!(index.line_col(text, 7), (4, 1));
        assert_eq!(&text[index.line_range(text, 1)], "a");
        assert_eq!(&text[index.line_range(text, 2)], "b");
    }

    #[test]
    fn line_col_never_panics_inside_a_character() {
        let text = "“x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), (1, 1));
        assert_eq!(index.line_col(text, 99), (1, 3));
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\n“é” x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, text.find('x').unwrap()), (2, 5));
        assert_eq!(&text[index.line_range(text, 2)], "“é” x");
    }

    #[test]
    fn scare_quotes_read_as_their_words() {
        let text = "Several thousand Russian \u{201c}peacekeepers\u{201d} were deployed, said \"It is fake news\", then \"no\".";
        let plain = super::without_scare_quotes(text);
        assert_eq!(plain.len(), text.len());
        assert!(plain.contains("Russian    peacekeepers    were"));
        // Speech that ends a clause, and a quote at a sentence end, stay.
        assert!(plain.contains("\"It is fake news\","));
        assert!(plain.contains("\"no\"."));
    }
}
