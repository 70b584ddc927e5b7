//! Pattern expansion: from what a rule author writes to a regex.
//!
//! Authors write `{name}` for a fragment or dictionary and `{capture:name}` to capture it, and a
//! space for "some white space", so a pattern reads close to the sentence it matches:
//! `{value:quantity} {subject:party} troops`. Expansion keeps a map from every byte of the
//! regex back to the pattern as written, so a regex error points at the author's own text.

use std::collections::BTreeMap;

/// What a `{name}` can refer to.
#[derive(Clone)]
pub enum Definition<'a> {
    Fragment(&'a str),
    /// Aliases, already sorted longest first, and whether they are case-sensitive. With a
    /// `token`, the dictionary is matched once per text ([`super::masks`]) and a pattern only
    /// matches the token standing in for each alias found.
    Dictionary {
        aliases: &'a [String],
        case_sensitive: bool,
        token: Option<&'a str>,
    },
}

/// Where a piece of the expanded regex came from.
#[derive(Debug, Clone)]
struct Segment {
    expanded_start: usize,
    original_start: usize,
    /// Copied byte for byte, so offsets inside it map one to one.
    literal: bool,
}

#[derive(Debug)]
pub struct Expanded {
    pub regex: String,
    segments: Vec<Segment>,
    /// The dictionaries standing as their tokens: the regex must then search masked text.
    pub masked: Vec<String>,
}

impl Expanded {
    /// Maps an offset in the expanded regex to one in the pattern as written.
    pub fn original_offset(&self, expanded: usize) -> usize {
        let i = self.segments.partition_point(|s| s.expanded_start <= expanded).saturating_sub(1);
        match self.segments.get(i) {
            Some(s) if s.literal => s.original_start + (expanded - s.expanded_start),
            Some(s) => s.original_start,
            None => 0,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ExpandError {
    pub code: &'static str,
    pub message: String,
    /// Byte range in the pattern as written.
    pub span: std::ops::Range<usize>,
    pub help: Option<String>,
}

/// A reference `{name}`, `{capture:name}` or `{capture:inline pattern}` ending at `end`.
struct Reference<'p> {
    end: usize,
    capture: Option<&'p str>,
    target: Target<'p>,
}

enum Target<'p> {
    Name(&'p str),
    /// An inline sub-pattern and its offset in the pattern.
    Inline(&'p str, usize),
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.as_bytes()[0].is_ascii_lowercase() && s.bytes().all(is_name_char)
}

/// The offset of the `}` that closes the `{` at `open`, skipping escapes, classes and nested
/// braces (`{0,3}`, `{party}`).
fn matching_brace(pattern: &str, open: usize) -> Option<usize> {
    let bytes = pattern.as_bytes();
    let mut depth = 0;
    let mut in_class = false;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'{' if !in_class => depth += 1,
            b'}' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn parse_reference(pattern: &str, start: usize) -> Option<Reference<'_>> {
    let rest = &pattern[start + 1..];
    let name_len = rest.bytes().take_while(|&b| is_name_char(b)).count();
    let first = &rest[..name_len];
    if !is_name(first) {
        return None;
    }
    match rest.as_bytes().get(name_len) {
        Some(b'}') => Some(Reference {
            end: start + 1 + name_len + 1,
            capture: None,
            target: Target::Name(first),
        }),
        Some(b':') if !first.contains('-') => {
            let close = matching_brace(pattern, start)?;
            let inner_start = start + 1 + name_len + 1;
            let inner = &pattern[inner_start..close];
            let target = if is_name(inner) {
                Target::Name(inner)
            } else {
                Target::Inline(inner, inner_start)
            };
            Some(Reference {
                end: close + 1,
                capture: Some(first),
                target,
            })
        }
        _ => None,
    }
}

/// What `\w` stands for in a pattern, as class members: ASCII letters, digits and `_`, the
/// Latin-1 and Latin Extended-A/B letters (without × and ÷) and combining diacritics.
pub const WORD_CHARS: &str = r"0-9A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{300}-\x{36F}";

/// Expands `pattern`; `case_insensitive` is the rule's own case mode, which dictionary
/// alternations with another mode override locally.
pub fn expand(pattern: &str, definitions: &BTreeMap<String, Definition<'_>>, case_insensitive: bool) -> Result<Expanded, ExpandError> {
    let mut out = Expanded {
        regex: String::new(),
        segments: Vec::new(),
        masked: Vec::new(),
    };
    let mut stack = Vec::new();
    expand_into(pattern, definitions, case_insensitive, &mut stack, &mut out, None)?;
    Ok(out)
}

fn expand_into(
    pattern: &str,
    definitions: &BTreeMap<String, Definition<'_>>,
    case_insensitive: bool,
    stack: &mut Vec<String>,
    out: &mut Expanded,
    // For nested fragments: every offset maps to the reference in the outermost pattern.
    outer: Option<std::ops::Range<usize>>,
) -> Result<(), ExpandError> {
    let outer_offset = outer.as_ref().map(|r| r.start);
    let bytes = pattern.as_bytes();
    let mut i = 0;
    let mut literal_start = 0;
    let mut in_class = false;
    let flush = |out: &mut Expanded, from: usize, to: usize| {
        if from < to {
            out.segments.push(Segment {
                expanded_start: out.regex.len(),
                original_start: outer_offset.unwrap_or(from),
                literal: outer_offset.is_none(),
            });
            out.regex.push_str(&pattern[from..to]);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            // `\b` and `\B` are ASCII word boundaries. A Unicode boundary makes the regex crate's
            // lazy DFA give up on any text holding a non-ASCII byte (curly quotes, which news
            // copy is full of); measured: every pattern fell from 200-400 MB/s to 1-2 MB/s.
            b'\\' if !in_class && matches!(bytes.get(i + 1), Some(b'b' | b'B')) => {
                flush(out, literal_start, i);
                out.segments.push(Segment {
                    expanded_start: out.regex.len(),
                    original_start: outer_offset.unwrap_or(i),
                    literal: false,
                });
                out.regex.push_str(if bytes[i + 1] == b'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
                i += 2;
                literal_start = i;
                continue;
            }
            // `\w` and `\d` are read as the letters and digits English news copy holds: ASCII,
            // Latin accented letters ("Zoë", "Erdoğan") and combining marks. Unicode's classes
            // compile to large automata, and a bounded repeat copies them once per count:
            // `[\w ]{2,30}?` alone was 1.6 MiB; with every `\w` Unicode the pack held 163 MiB of
            // regexes (measured with regex_automata, session 12).
            b'\\' if matches!(bytes.get(i + 1), Some(b'w' | b'd')) => {
                flush(out, literal_start, i);
                out.segments.push(Segment {
                    expanded_start: out.regex.len(),
                    original_start: outer_offset.unwrap_or(i),
                    literal: false,
                });
                let members = if bytes[i + 1] == b'w' { WORD_CHARS } else { "0-9" };
                if in_class {
                    out.regex.push_str(members);
                } else {
                    out.regex.push('[');
                    out.regex.push_str(members);
                    out.regex.push(']');
                }
                i += 2;
                literal_start = i;
                continue;
            }
            b'\\' => {
                i += 2;
                continue;
            }
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b' ' if !in_class => {
                flush(out, literal_start, i);
                let run_end = i + pattern[i..].bytes().take_while(|&c| c == b' ').count();
                out.segments.push(Segment {
                    expanded_start: out.regex.len(),
                    original_start: outer_offset.unwrap_or(i),
                    literal: false,
                });
                // A space the author made optional (" ?") or repeatable (" *", " +") is any
                // run of white space, or none: `\s+?` would be a lazy "at least one".
                match pattern.as_bytes().get(run_end) {
                    Some(b'?' | b'*') if run_end == i + 1 => {
                        out.regex.push_str(r"\s*");
                        i = run_end + 1;
                    }
                    Some(b'+') if run_end == i + 1 => {
                        out.regex.push_str(r"\s+");
                        i = run_end + 1;
                    }
                    _ => {
                        out.regex.push_str(r"\s+");
                        i = run_end;
                    }
                }
                literal_start = i;
                continue;
            }
            b'{' if !in_class => {
                if let Some(reference) = parse_reference(pattern, i) {
                    flush(out, literal_start, i);
                    let here = outer_offset.unwrap_or(i);
                    let span = outer.clone().unwrap_or(i..reference.end);
                    let open = |out: &mut Expanded| {
                        out.segments.push(Segment {
                            expanded_start: out.regex.len(),
                            original_start: here,
                            literal: false,
                        });
                        match reference.capture {
                            Some(capture) => out.regex.push_str(&format!("(?P<{capture}>")),
                            None => out.regex.push_str("(?:"),
                        }
                    };
                    let name = match reference.target {
                        Target::Inline(inner, inner_start) => {
                            open(out);
                            // An inline pattern is the author's own text: offsets map into it.
                            let inner_outer = outer.clone();
                            let before = out.segments.len();
                            expand_into(inner, definitions, case_insensitive, stack, out, inner_outer)?;
                            if outer.is_none() {
                                for segment in &mut out.segments[before..] {
                                    segment.original_start += inner_start;
                                }
                            }
                            out.segments.push(Segment {
                                expanded_start: out.regex.len(),
                                original_start: here,
                                literal: false,
                            });
                            out.regex.push(')');
                            i = reference.end;
                            literal_start = i;
                            continue;
                        }
                        Target::Name(name) => name,
                    };
                    let Some(definition) = definitions.get(name) else {
                        let known: Vec<&str> = definitions.keys().map(String::as_str).collect();
                        return Err(ExpandError {
                            code: "unknown-name",
                            message: format!("no fragment or dictionary is named `{name}`"),
                            span,
                            help: Some({
                                let define = match crate::suggest::closest(name, &known) {
                                    Some(s) => format!("did you mean `{{{s}}}`?"),
                                    None => "define it under [fragments] or [dictionary.NAME] in a rules file".into(),
                                };
                                // `{topic:withdrawal}` reads as "capture the word", but names a fragment.
                                match reference.capture {
                                    Some(capture) => format!("{define} (to capture the word itself, write `{{{capture}:(?:{name})}}`)"),
                                    None => define,
                                }
                            }),
                        });
                    };
                    if stack.iter().any(|s| s == name) {
                        return Err(ExpandError {
                            code: "fragment-cycle",
                            message: format!("fragment `{name}` refers to itself: {} -> {name}", stack.join(" -> ")),
                            span,
                            help: Some("a fragment may use other fragments, but never, through them, itself".into()),
                        });
                    }
                    open(out);
                    match definition {
                        Definition::Fragment(body) => {
                            stack.push(name.to_string());
                            expand_into(body, definitions, case_insensitive, stack, out, Some(span.clone()))?;
                            stack.pop();
                        }
                        Definition::Dictionary {
                            aliases,
                            case_sensitive,
                            token,
                        } => {
                            out.segments.push(Segment {
                                expanded_start: out.regex.len(),
                                original_start: here,
                                literal: false,
                            });
                            match token {
                                Some(token) => {
                                    out.regex.push_str(token);
                                    if !out.masked.iter().any(|m| m == name) {
                                        out.masked.push(name.to_string());
                                    }
                                }
                                None => out.regex.push_str(&alternation(aliases, *case_sensitive, case_insensitive)),
                            }
                        }
                    }
                    out.segments.push(Segment {
                        expanded_start: out.regex.len(),
                        original_start: here,
                        literal: false,
                    });
                    out.regex.push(')');
                    i = reference.end;
                    literal_start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    flush(out, literal_start, bytes.len().min(pattern.len()));
    Ok(())
}

/// A dictionary as a regex alternation, longest alias first so "United States" wins over
/// "United", with word boundaries only where the alias begins or ends with a word character
/// ("U.S." must match before a space, where `\b` after the period would fail).
pub fn alternation(aliases: &[String], dictionary_case_sensitive: bool, rule_case_insensitive: bool) -> String {
    // Aliases that begin and end with a letter or digit share one pair of word boundaries, so
    // the alternation stays a set of plain literals the regex compiler turns into one trie; a
    // per-alias boundary made every `{party}` of a 1,200-alias dictionary cost seconds to compile.
    let word = |c: char| c.is_alphanumeric();
    let (plain, other): (Vec<&String>, Vec<&String>) = aliases.iter().partition(|a| a.starts_with(word) && a.ends_with(word));
    let literal = |alias: &str| regex::escape(alias).replace(' ', r"\s+");
    let mut body: Vec<String> = Vec::new();
    if !plain.is_empty() {
        let inner: Vec<String> = plain.iter().map(|a| literal(a)).collect();
        body.push(format!(r"(?-u:\b)(?:{})(?-u:\b)", inner.join("|")));
    }
    for alias in other {
        let mut s = String::new();
        if alias.starts_with(word) {
            s.push_str(r"(?-u:\b)");
        }
        s.push_str(&literal(alias));
        if alias.ends_with(word) {
            s.push_str(r"(?-u:\b)");
        }
        body.push(s);
    }
    let flags = match (dictionary_case_sensitive, rule_case_insensitive) {
        (true, true) => "-i",
        (false, false) => "i",
        _ => "",
    };
    if flags.is_empty() {
        format!("(?:{})", body.join("|"))
    } else {
        format!("(?{flags}:{})", body.join("|"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs<'a>(aliases: &'a [String]) -> BTreeMap<String, Definition<'a>> {
        let mut d = BTreeMap::new();
        d.insert("number".to_string(), Definition::Fragment(r"\d{1,3}(?:,\d{3})*"));
        d.insert("quantity".to_string(), Definition::Fragment("(?:about )?{number}"));
        d.insert("loop".to_string(), Definition::Fragment("x{loop}"));
        d.insert(
            "party".to_string(),
            Definition::Dictionary {
                aliases,
                case_sensitive: true,
                token: None,
            },
        );
        d
    }

    #[test]
    fn an_optional_space_is_optional() {
        // " ?" reads as "a space or none", not as a lazy `\s+?` that needs one.
        let e = expand(r"\d+ ?- ?\d+ troops", &BTreeMap::new(), false).unwrap();
        let re = regex::Regex::new(&e.regex).unwrap();
        assert_eq!(re.find("some 3000-4000 troops").map(|m| m.as_str()), Some("3000-4000 troops"));
        assert_eq!(re.find("some 3000 - 4000 troops").map(|m| m.as_str()), Some("3000 - 4000 troops"));
        let e = expand(r"a *b", &BTreeMap::new(), false).unwrap();
        assert!(regex::Regex::new(&e.regex).unwrap().is_match("ab"));
    }

    #[test]
    fn expands_fragments_captures_and_spaces() {
        let aliases = vec!["U.S.".to_string(), "US".to_string()];
        let e = expand("{value:quantity} {subject:party} troops", &defs(&aliases), true).unwrap();
        assert_eq!(
            e.regex,
            r"(?P<value>(?:about\s+)?(?:[0-9]{1,3}(?:,[0-9]{3})*))\s+(?P<subject>(?-i:(?-u:\b)(?:US)(?-u:\b)|(?-u:\b)U\.S\.))\s+troops"
        );
        let re = regex::RegexBuilder::new(&e.regex).case_insensitive(true).build().unwrap();
        assert!(re.is_match("about 2,500 U.S. Troops"));
        assert!(!re.is_match("about 2,500 u.s. troops"));
    }

    #[test]
    fn word_boundaries_are_ascii_so_curly_quotes_keep_the_fast_engine() {
        let e = expand(r"\bIraq\b [\d]", &BTreeMap::new(), false).unwrap();
        assert_eq!(e.regex, r"(?-u:\b)Iraq(?-u:\b)\s+[0-9]");
        let re = regex::Regex::new(&e.regex).unwrap();
        assert!(re.is_match("“Iraq 7”"));
        assert!(!re.is_match("Iraqi 7"));
    }

    #[test]
    fn regex_braces_are_not_references() {
        let e = expand(r"\d{4} [{}a ]", &BTreeMap::new(), false).unwrap();
        assert_eq!(e.regex, r"[0-9]{4}\s+[{}a ]");
    }

    #[test]
    fn word_characters_are_the_letters_of_news_copy() {
        let e = expand(r"told [\w ]{2,30}? that \w+", &BTreeMap::new(), false).unwrap();
        let re = regex::Regex::new(&e.regex).unwrap();
        for text in [
            "told Zoë Smith that Erdoğan",
            "told Zoe\u{308} Smith that Ana",
            "told Ms Nuñez that Peña",
        ] {
            assert!(re.is_match(text), "{text}");
        }
        // Not a letter: a curly quote or a dash ends a word, as Unicode's `\w` has it.
        assert!(!re.is_match("told “Smith” that x"));
    }

    #[test]
    fn offsets_map_back_to_the_pattern() {
        let aliases = vec![];
        let e = expand("{number} (abc", &defs(&aliases), false).unwrap();
        let open = e.regex.rfind('(').unwrap();
        assert_eq!(e.original_offset(open), 9);
    }

    #[test]
    fn unknown_names_and_cycles_are_errors() {
        let aliases = vec![];
        let err = expand("{numbr} troops", &defs(&aliases), false).unwrap_err();
        assert_eq!((err.code, err.span.clone()), ("unknown-name", 0..7));
        assert_eq!(err.help.as_deref(), Some("did you mean `{number}`?"));
        let err = expand("a {loop}", &defs(&aliases), false).unwrap_err();
        assert_eq!(err.code, "fragment-cycle");
        assert_eq!(err.span, 2..8);
    }
}
