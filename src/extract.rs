//! Extraction: every rule over every sentence of an article, then normalisation and overlaps.
//!
//! Pure: article and rules in, claims out. The overlap policy is declared, not accidental:
//! among matches of the same claim kind whose spans overlap in one sentence, the longest span
//! wins, then the higher `priority`, then the smaller rule id. Matches of different kinds never
//! suppress each other, because one sentence can hold a troop count and a date of return.

use crate::article::Article;
use crate::claim::{no_places, stable_hash, word_string, Claim, ClaimId, Direction, Entity, Field, Provenance, Status, TimeOrigin, Value};
use crate::kinds::{Behaviour, ValueType};
use crate::normalize::quantity::Quantity;
use crate::normalize::time::{Tense, TimeSpan};
use crate::normalize::words::TimeMeaning;
use crate::rules::{CompiledPattern, Rule, RuleSet};
use std::ops::Range;
use std::sync::Arc;

/// A match before overlaps are settled: which rule, where, and the captured words per field.
struct Candidate<'r> {
    rule: &'r Rule,
    span: Range<usize>,
    /// What overlap is judged on: the value's words when captured, else the whole match, so a
    /// rule matching "3,500 troops ..., including 2,500 Americans" for the 2,500 does not hide
    /// another rule's 3,500.
    core: Range<usize>,
    /// What a status context reads around: the value, else the time ("was supposed to be
    /// completed by May 1"), else the whole match.
    status_at: Range<usize>,
    fields: Vec<(Field, String)>,
}

/// Extracts the claims of one article, sorted by offset then rule id.
pub fn extract_article(rules: &RuleSet, article: &Article) -> Vec<Claim> {
    extract_with(rules, article, |_| true, false)
}

/// Extracts with only the rules `keep` accepts (attribution rules always run, since they name
/// the speakers of the others). Attribution matches become claims only with
/// `emit_attributions`, which the rule examples of attribution rules need.
pub fn extract_with(rules: &RuleSet, article: &Article, keep: impl Fn(&Rule) -> bool, emit_attributions: bool) -> Vec<Claim> {
    let active: Vec<(usize, &Rule)> = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind.has(Behaviour::Speaker) || keep(r))
        .collect();
    let mut claims = Vec::new();
    let mut sentences = Vec::new();
    // Each sentence holding a claim, once: the claims' quotes and sentences are ranges into it.
    let mut store = String::new();
    let article_id: Arc<str> = Arc::from(article.id.as_str());
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); rules.prefilter.slot_count()];
    let masked = rules.masks.apply(&article.text);
    // Scare quotes blanked, for the patterns that name no quotation mark; the same text when
    // the article has none.
    let plain = crate::text::without_scare_quotes(&article.text);
    let masked_plain = match plain {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(ref plain) => Some(rules.masks.apply(plain)),
    };
    let texts = |pattern: &CompiledPattern| Texts {
        searched: match (pattern.masked.is_empty(), pattern.reads_quotes) {
            (true, true) => &article.text,
            (true, false) => &plain,
            (false, true) => &masked,
            (false, false) => masked_plain.as_deref().unwrap_or(&masked),
        },
        original: &article.text,
    };
    for region in article.regions() {
        sentences.clear();
        crate::text::sentences(&article.text, region.clone(), &mut sentences);
        let mut per_sentence: Vec<Vec<Candidate>> = (0..sentences.len()).map(|_| Vec::new()).collect();
        literal_hits(rules, [&article.text, &masked], region.clone(), &sentences, &mut hits);
        for &(rule_index, rule) in &active {
            for (i, pattern) in rule.patterns.iter().enumerate() {
                let (slot, sets) = rules.prefilter.slots[rules.prefilter.first_pattern[rule_index] + i];
                if sets > 0 {
                    match_holding(texts(pattern), &sentences, &hits[slot], rule, &pattern.regex, &mut per_sentence);
                } else {
                    match_region(texts(pattern), region.clone(), &sentences, rule, &pattern.regex, &mut per_sentence);
                }
            }
        }
        for (sentence, candidates) in sentences.iter().zip(per_sentence.iter_mut()) {
            if candidates.is_empty() {
                continue;
            }
            // The veto is checked only for rules that matched here: most rules never do.
            let mut vetoed: Vec<(&str, bool)> = Vec::new();
            candidates.retain(|c| {
                let Some(veto) = &c.rule.veto else { return true };
                if let Some(&(_, v)) = vetoed.iter().find(|(id, _)| **id == *c.rule.id) {
                    return !v;
                }
                let v = veto.regex.is_match(&texts(veto).searched[sentence.clone()]);
                vetoed.push((&c.rule.id, v));
                !v
            });
            let kept = consolidate(candidates);
            let speaker = kept
                .iter()
                .filter(|c| c.rule.kind.has(Behaviour::Speaker))
                .find_map(|c| c.fields.iter().find(|(f, _)| *f == Field::Speaker).map(|(_, s)| s.clone()));
            let mut stored = None;
            for candidate in kept.iter().filter(|c| emit_attributions || !c.rule.kind.has(Behaviour::Speaker)) {
                let at = *stored.get_or_insert_with(|| {
                    store.push_str(&article.text[sentence.clone()]);
                    store.len() - sentence.len()
                });
                claims.push(build_claim(
                    rules,
                    article,
                    &article_id,
                    (sentence.clone(), at),
                    candidate,
                    speaker.as_deref(),
                ));
            }
        }
    }
    let store: Arc<str> = Arc::from(store);
    for claim in &mut claims {
        claim.provenance.set_store(store.clone());
    }
    claims.sort_by(|a, b| (a.provenance.start, &a.provenance.rule).cmp(&(b.provenance.start, &b.provenance.rule)));
    infer_context(rules, article, &mut claims);
    // After inference, so an inferred place is placed too.
    for place in claims.iter_mut().filter_map(|c| c.place.as_mut()) {
        if let Some(chain) = place.id.as_ref().and_then(|id| rules.within.get(&**id)) {
            Arc::make_mut(place).within = chain.clone();
        }
    }
    infer_time(rules, article, &mut claims);
    unique_ids(&mut claims);
    claims
}

/// A claim whose words give no time takes the time of an event told in its sentence: in
/// "5,000 troops returned in 2014" the figure holds in 2014, not at publication (an event past
/// a semicolon is another clause's). A state
/// "since 2014" lends nothing: "troops are there, posted since 2014" are there now. A figure
/// also reads, before the event, a time right after its words ("out of Afghanistan last
/// year") and, for a plan, its target ("by mid-January"); after it, the time its sentence
/// states at its head ("In April last year, Russia amassed 126,000 troops";
/// `time::sentence_head`) unless a time is named between the two, a "when" clause before it,
/// and "at that time" pointing at the sentence before. A claim whose time words did not
/// normalise, or a past figure with no time, holds at an unknown time.
fn infer_time(rules: &RuleSet, article: &Article, claims: &mut [Claim]) {
    let mut i = 0;
    while i < claims.len() {
        let sentence = claims[i].provenance.sentence_start;
        let end = i + claims[i..].iter().take_while(|c| c.provenance.sentence_start == sentence).count();
        for k in i..end {
            if claims[k].time.is_some() || claims[k].time_written.is_some() || claims[k].kind.value == ValueType::Time {
                continue;
            }
            let start = claims[k].provenance.start;
            // A planned figure is for the date it is to be reached ("will draw down to 2,500 by
            // mid-January, the secretary announced Tuesday"), not the day an event in its
            // sentence was told.
            let target = || target_time(rules, article, &claims[k]);
            // A semicolon ends the event's clause: "In 2014, 5,000 troops arrived; now 700
            // remain" does not date the 700.
            let same_clause = |j: usize| {
                let (a, b) = (&claims[j].provenance, &claims[k].provenance);
                let between = if a.start < b.start { a.end..b.start } else { b.end..a.start };
                article.text.get(between).is_none_or(|gap| !gap.contains(';'))
            };
            let event = || {
                (i..end)
                    .filter(|&j| j != k && claims[j].time_origin == TimeOrigin::Text && claims[j].kind.dates_figures)
                    .filter(|&j| same_clause(j))
                    .min_by_key(|&j| claims[j].provenance.start.abs_diff(start))
                    .and_then(|j| claims[j].time.clone())
            };
            // Only figures read the words around them for a time; other claims take an event's.
            let nearest = if claims[k].kind.value == ValueType::Quantity {
                right_after(rules, article, &claims[k])
                    .or_else(|| {
                        if claims[k].figure_status() == Status::Planned {
                            target().or_else(event)
                        } else {
                            event().or_else(target)
                        }
                    })
                    .or_else(|| sentence_time(rules, article, &claims[k]))
                    .or_else(|| when_time(rules, article, &claims[k]))
                    .or_else(|| that_time(rules, article, &claims[..i], &claims[k]))
            } else {
                event()
            };
            if let Some(time) = nearest {
                claims[k].time = Some(time);
                claims[k].time_origin = TimeOrigin::Sentence;
                let before_said = claims[k]
                    .time
                    .as_ref()
                    .zip(claims[k].said_at.as_ref())
                    .is_some_and(|(t, s)| t.end < s.start);
                if before_said && claims[k].figure_status() == Status::Current {
                    match claims[k].status {
                        Status::Reported => claims[k].reported_as = Some(Status::Past),
                        _ => claims[k].status = Status::Past,
                    }
                }
            } else if let Some(time) = said_time(rules, article, &claims[k]) {
                // The day it was said is when the figure held, however long ago: no past.
                claims[k].time = Some(time);
                claims[k].time_origin = TimeOrigin::Sentence;
            } else if claims[k].figure_status() == Status::Past {
                claims[k].time_origin = TimeOrigin::Unknown;
            }
        }
        i = end;
    }
}

/// The date a planned level is for ("will draw down to 2,500 troops by mid-January"), or a
/// past one was reached by ("from 10,000 to 5,000 by the end of November").
fn target_time(rules: &RuleSet, article: &Article, claim: &Claim) -> Option<TimeSpan> {
    let tense = match claim.figure_status() {
        Status::Planned => crate::normalize::time::Tense::Future,
        Status::Past => crate::normalize::time::Tense::Past,
        _ => return None,
    };
    let sentence_end = claim.provenance.sentence_start + claim.provenance.sentence().len();
    let after = article.text.get(claim.provenance.end..sentence_end)?;
    crate::normalize::time::target_after(after, article.date?, tense, &rules.words)
        .or_else(|| crate::normalize::time::target_head(claim.provenance.sentence(), article.date?, tense, &rules.words))
}

/// The time a figure's sentence states at its head, when nothing between the two names
/// another time.
fn sentence_time(rules: &RuleSet, article: &Article, claim: &Claim) -> Option<TimeSpan> {
    let sentence = claim.provenance.sentence();
    let (end, time) = crate::normalize::time::sentence_head(sentence, article.date?, &rules.words)?;
    let figure = claim.provenance.start.checked_sub(claim.provenance.sentence_start)?;
    // A match that starts before the phrase ends holds it in its own words.
    let between = sentence.get(end.min(figure)..figure)?;
    (!crate::normalize::time::names_another_time(between, &rules.words)).then_some(time)
}

/// The time phrase right after a figure's words, which dates it before anything else in the
/// sentence does (`time::right_after`).
fn right_after(rules: &RuleSet, article: &Article, claim: &Claim) -> Option<TimeSpan> {
    let tense = if claim.figure_status() == Status::Planned {
        crate::normalize::time::Tense::Future
    } else {
        crate::normalize::time::Tense::Past
    };
    let sentence_end = claim.provenance.sentence_start + claim.provenance.sentence().len();
    let after = article.text.get(claim.provenance.end..sentence_end)?;
    crate::normalize::time::right_after(after, article.date?, tense, &rules.words)
}

/// The day a figure that holds now or moved was said on, from the verb of saying reporting it
/// (`time::said_on`): "Seoul's spy agency said Friday that 1,500 special forces were training".
/// A past figure keeps its own time: "had 1,500 troops there, he said Friday" is not Friday's.
fn said_time(rules: &RuleSet, article: &Article, claim: &Claim) -> Option<TimeSpan> {
    if !matches!(claim.figure_status(), Status::Current | Status::Change) || claim.kind.value != ValueType::Quantity {
        return None;
    }
    let sentence_end = claim.provenance.sentence_start + claim.provenance.sentence().len();
    let head = article.text.get(claim.provenance.sentence_start..claim.provenance.start)?;
    let tail = article.text.get(claim.provenance.end..sentence_end)?;
    crate::normalize::time::said_on(head, tail, article.date?, &rules.words)
}

/// The time a "when" clause before a figure points back to (`time::when_clause`).
fn when_time(rules: &RuleSet, article: &Article, claim: &Claim) -> Option<TimeSpan> {
    let head = article.text.get(claim.provenance.sentence_start..claim.provenance.start)?;
    crate::normalize::time::when_clause(head, article.date?, &rules.words)
}

/// The time the sentence just before named, for a figure whose own words point back to it
/// ("At that time there were about 1,400 French servicemen in Niger" after "France began
/// withdrawing its troops on October 10"): the time of that sentence's last claim dated by its
/// own words. `before` are the claims of earlier sentences.
fn that_time(rules: &RuleSet, article: &Article, before: &[Claim], claim: &Claim) -> Option<TimeSpan> {
    let last = before.last()?;
    let previous_end = last.provenance.sentence_start + last.provenance.sentence().len();
    // Only the sentence right before: a time two sentences back is another time.
    if !article.text.get(previous_end..claim.provenance.sentence_start)?.trim().is_empty() {
        return None;
    }
    let head = article.text.get(claim.provenance.sentence_start..claim.provenance.start)?;
    let head = format!(" {} ", word_string(head));
    let points_back = rules
        .words
        .time
        .iter()
        .any(|(w, m)| *m == TimeMeaning::ThatTime && head.contains(&format!(" {w} ")));
    if !points_back {
        return None;
    }
    before
        .iter()
        .rev()
        .take_while(|c| c.provenance.sentence_start == last.provenance.sentence_start)
        .find(|c| c.time_origin == TimeOrigin::Text)
        .and_then(|c| c.time.clone())
}

/// Ids hash content, so the same words said twice in one article need telling apart: the
/// second copy's id also hashes its rank among the copies.
fn unique_ids(claims: &mut [Claim]) {
    let mut seen: std::collections::BTreeMap<ClaimId, usize> = std::collections::BTreeMap::new();
    for claim in claims.iter_mut() {
        let n = seen.entry(claim.id).or_default();
        if *n > 0 {
            claim.id = ClaimId(stable_hash(&[&claim.id.to_string(), &n.to_string()]));
        }
        *n += 1;
    }
}

/// Runs the pack's literal automata once over a region (of the original and of the masked
/// text) and lists, per guarded pattern, the sentences holding a literal of each of its sets
/// (sorted, no repeats) in the pattern's first slot. A match lies inside one sentence and
/// contains a whole occurrence of a literal of each set, so that occurrence starts in its sentence.
fn literal_hits(rules: &RuleSet, texts: [&str; 2], region: Range<usize>, sentences: &[Range<usize>], hits: &mut [Vec<usize>]) {
    hits.iter_mut().for_each(Vec::clear);
    let prefilter = &rules.prefilter;
    for ((automaton, users), text) in prefilter.automata.iter().zip(&prefilter.users).zip(texts) {
        let Some(automaton) = automaton else { continue };
        for m in automaton.find_overlapping_iter(&text[region.clone()]) {
            let k = sentences.partition_point(|s| s.end <= region.start + m.start());
            if k == sentences.len() {
                continue;
            }
            for &slot in &users[m.pattern().as_usize()] {
                if hits[slot].last() != Some(&k) {
                    hits[slot].push(k);
                }
            }
        }
    }
    for list in hits.iter_mut().filter(|l| l.len() > 1) {
        list.sort_unstable();
        list.dedup();
    }
    for &(first, n) in prefilter.slots.iter().filter(|&&(_, n)| n > 1) {
        let (head, rest) = hits[first..first + n].split_first_mut().expect("n > 1");
        for other in rest.iter() {
            head.retain(|k| other.binary_search(k).is_ok());
        }
    }
}

/// The text a pattern searches (masked when it uses a dictionary's token, see
/// [`crate::rules::masks`]) and the article's own, the same length, which captures are read from.
#[derive(Clone, Copy)]
struct Texts<'t> {
    searched: &'t str,
    original: &'t str,
}

/// Searches a guarded pattern only where its literals occur: each run of consecutive holding
/// sentences is searched as one region, as [`match_region`] searches a whole one.
fn match_holding<'r>(
    texts: Texts,
    sentences: &[Range<usize>],
    holding: &[usize],
    rule: &'r Rule,
    regex: &regex::Regex,
    per_sentence: &mut [Vec<Candidate<'r>>],
) {
    let mut i = 0;
    while i < holding.len() {
        let first = holding[i];
        let mut last = first;
        while i + 1 < holding.len() && holding[i + 1] == last + 1 {
            i += 1;
            last += 1;
        }
        i += 1;
        let run = sentences[first].start..sentences[last].end;
        match_region(texts, run, &sentences[first..=last], rule, regex, &mut per_sentence[first..=last]);
    }
}

/// Runs one pattern over a whole region and files each match under its sentence. Matching is
/// per sentence in meaning, but one pass over the region costs one regex search instead of one
/// per sentence (measured: per-sentence searching was slower than the plain capture loop). A
/// match that crosses a sentence boundary is dropped, and the sentences it spans are searched
/// one by one, so no match inside a sentence is hidden by it.
fn match_region<'r>(
    texts: Texts,
    region: Range<usize>,
    sentences: &[Range<usize>],
    rule: &'r Rule,
    regex: &regex::Regex,
    per_sentence: &mut [Vec<Candidate<'r>>],
) {
    let text = texts.searched;
    if let Some(anchors) = &rule.anchors {
        // Only sentences holding an anchor word can match: search those alone.
        let mut holding: Vec<usize> = anchors
            .find_iter(&text[region.clone()])
            .map(|m| sentences.partition_point(|s| s.end <= region.start + m.start()))
            .filter(|&k| k < sentences.len())
            .collect();
        holding.dedup();
        search_sentences(texts, sentences, &holding, rule, regex, per_sentence);
        return;
    }
    let mut rescan = Vec::new();
    for caps in regex.captures_iter(&text[region.clone()]) {
        let whole = caps.get(0).expect("group 0 always exists");
        if whole.is_empty() {
            continue;
        }
        let (start, end) = (region.start + whole.start(), region.start + whole.end());
        let i = sentences.partition_point(|s| s.end <= start);
        match sentences.get(i) {
            Some(s) if s.start <= start && end <= s.end => {
                per_sentence[i].extend(candidate(rule, &caps, region.start, texts));
            }
            _ => rescan.extend((i..sentences.len()).take_while(|&k| sentences[k].start < end)),
        }
    }
    rescan.dedup();
    search_sentences(texts, sentences, &rescan, rule, regex, per_sentence);
}

/// Searches the given sentences one by one, skipping matches already filed.
fn search_sentences<'r>(
    texts: Texts,
    sentences: &[Range<usize>],
    which: &[usize],
    rule: &'r Rule,
    regex: &regex::Regex,
    per_sentence: &mut [Vec<Candidate<'r>>],
) {
    for &k in which {
        let sentence = sentences[k].clone();
        for caps in regex.captures_iter(&texts.searched[sentence.clone()]) {
            if let Some(c) = candidate(rule, &caps, sentence.start, texts) {
                let duplicate = per_sentence[k].iter().any(|o| std::ptr::eq(o.rule, rule) && o.span == c.span);
                if !duplicate {
                    per_sentence[k].push(c);
                }
            }
        }
    }
}

/// A match as a candidate claim; `base` is the byte offset of the searched text in the article,
/// whose own words the fields take (the searched text may be masked).
fn candidate<'r>(rule: &'r Rule, caps: &regex::Captures, base: usize, texts: Texts) -> Option<Candidate<'r>> {
    let original = texts.original;
    let whole = caps.get(0)?;
    if whole.is_empty() {
        return None;
    }
    let mut fields = Vec::new();
    for (name, field) in &rule.capture_fields {
        if let Some(m) = caps.name(name) {
            // A party after "with" is who the subject deals with, not the subject: "struck a deal
            // with the Taliban to reduce American troop levels". Left out, it is inferred.
            // "With U.S. officials proposing a timeline" keeps its subject: the party does.
            let doing = original[base + m.end()..]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()).ends_with("ing"));
            if *field == Field::Subject && !doing && after_with(&original[..base + m.start()]) {
                continue;
            }
            // A capture ending inside a token may not end on a character of the original.
            fields.push((*field, original.get(base + m.start()..base + m.end())?.to_string()));
        }
    }
    let value = rule
        .capture_fields
        .iter()
        .find(|(_, f)| *f == Field::Value)
        .and_then(|(name, _)| caps.name(name));
    let time = rule
        .capture_fields
        .iter()
        .find(|(_, f)| *f == Field::Time)
        .and_then(|(name, _)| caps.name(name));
    let status_at = value.or(time).unwrap_or(whole);
    let value = value.unwrap_or(whole);
    Some(Candidate {
        rule,
        span: with_scare_quotes(original, texts.searched, base + whole.start()..base + whole.end()),
        core: base + value.start()..base + value.end(),
        status_at: base + status_at.start()..base + status_at.end(),
        fields,
    })
}

/// Fills missing subjects and places from context. News prose names the party once and then
/// says "thousands of troops returned": without this, half the claims of an article would
/// have no subject or place and could never be compared. Inferred fields are marked.
///
/// A subject comes from an earlier claim of the sentence, else the party named closest before
/// the claim in its sentence, else the party the article's own claims are most about. A place
/// comes from an office's country, an earlier claim of the sentence, the place most claimed in
/// the article, else the party the article names most that is not the claim's subject.
fn infer_context(rules: &RuleSet, article: &Article, claims: &mut [Claim]) {
    // Ids are the lexicon's, shared (`Arc<str>`), and order as their words.
    let mut place_counts: std::collections::BTreeMap<Arc<str>, usize> = std::collections::BTreeMap::new();
    let mut subject_counts: std::collections::BTreeMap<Arc<str>, usize> = std::collections::BTreeMap::new();
    // Whose figures an article gives is read from its figures: in a withdrawal story the
    // Taliban's stances outnumber the U.S.'s, but the troops counted are American.
    let mut kind_subject_counts: std::collections::BTreeMap<String, std::collections::BTreeMap<Arc<str>, usize>> =
        std::collections::BTreeMap::new();
    let is_place = |id: &Arc<str>| !rules.not_places.contains(id);
    let mut place_mentions: std::collections::BTreeMap<Arc<str>, usize> = std::collections::BTreeMap::new();
    let mut mentions: Vec<(usize, Arc<str>)> = Vec::new();
    for region in article.regions() {
        for (offset, id) in rules.lexicon.mentions(&article.text[region.clone()]) {
            if is_place(&id) {
                *place_mentions.entry(id.clone()).or_default() += 1;
            }
            mentions.push((region.start + offset, id));
        }
    }
    // "Troops in NATO" names who they serve, not where they are: such a place is inferred anew.
    for claim in claims.iter_mut() {
        let actor = claim.place.as_ref().and_then(|p| p.id.as_ref()).is_some_and(|id| !is_place(id));
        if actor && claim.kind.infers("place") {
            claim.place = None;
        }
        // "The California National Guard": a region's force is its country's.
        let country = claim
            .subject
            .as_ref()
            .and_then(|s| s.id.as_ref())
            .and_then(|id| rules.regions.get(id));
        if let (Some(country), Some(subject)) = (country, claim.subject.as_mut()) {
            Arc::make_mut(subject).id = Some(country.clone());
        }
    }
    for claim in claims.iter() {
        if let Some(id) = claim.place.as_ref().and_then(|p| p.id.clone()).filter(is_place) {
            *place_counts.entry(id).or_default() += 1;
        }
        if let Some(id) = claim.subject.as_deref().and_then(Entity::shared_party) {
            *subject_counts.entry(id.clone()).or_default() += 1;
            // Keyed by name, allocated once per kind, not per claim.
            let counts = match kind_subject_counts.get_mut(claim.kind.name()) {
                Some(counts) => counts,
                None => kind_subject_counts.entry(claim.kind.name().to_string()).or_default(),
            };
            *counts.entry(id).or_default() += 1;
        }
    }
    // "Deployed to Texas, Arizona and California": a list of places is where they have in
    // common (the United States), not its first. After the counts: the article's main place
    // is read from the places as named, so a story of a deployment at home keeps a region
    // (Texas), where a U.S. figure may be inferred to be; its country never is one.
    for claim in claims.iter_mut() {
        let Some(first) = claim.place.as_ref().and_then(|p| p.id.clone()) else {
            continue;
        };
        let listed = list_after(&article.text, &mentions, claim.provenance.start..claim.provenance.end, &first);
        if listed.len() > 1 {
            if let Some(common) = common_place(rules, &listed) {
                if common != first {
                    claim.place = Some(Arc::new(Entity {
                        text: common.clone(),
                        id: Some(common),
                        affiliation: None,
                        within: crate::claim::no_places(),
                    }));
                }
            }
        }
    }
    // Most counted; ties go to the smaller id so the choice is stable.
    let top = |counts: &std::collections::BTreeMap<Arc<str>, usize>, except: Option<&str>| {
        counts
            .iter()
            .filter(|(id, _)| Some(&***id) != except)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(id, _)| id.clone())
    };
    let main_place = top(&place_counts, None);
    // Troops are rarely the host country's own: the main subject is not the main place. An
    // article whose figures name no party ("pulling 1500 troops from Niger" under "France set
    // to begin withdrawing troops") is about the party it names most as one that acts.
    // Counted only then: `is_locative` reads the words before every mention.
    let main_subject = top(&subject_counts, main_place.as_deref()).or_else(|| {
        let mut actor_mentions: std::collections::BTreeMap<Arc<str>, usize> = std::collections::BTreeMap::new();
        for (_, id) in mentions.iter().filter(|(at, _)| !is_locative(&article.text, *at)) {
            *actor_mentions.entry(id.clone()).or_default() += 1;
        }
        top(&actor_mentions, main_place.as_deref())
    });
    // A group based in a country (`within` it: the Taliban in Afghanistan) is not whose troops
    // are there or leave it: "According to the Doha agreement between the US and the Taliban,
    // the withdrawal of foreign troops from Afghanistan was supposed to be completed by May 1".
    // Where the claim is: its place, the article's main place, or a place its sentence names
    // (a place not yet inferred is one of them).
    let based_in = |id: &str, place: &str, sentence: &[(usize, Arc<str>)]| {
        let here = |p: &str| rules.within.get(id).is_some_and(|chain| chain.iter().any(|c| &**c == p));
        (!place.is_empty() && here(place)) || main_place.as_deref().is_some_and(here) || sentence.iter().any(|(_, p)| here(p))
    };
    let main_subject_of: std::collections::BTreeMap<String, Arc<str>> = kind_subject_counts
        .into_iter()
        .filter_map(|(kind, counts)| Some((kind, top(&counts, main_place.as_deref())?)))
        .collect();
    let by_id = |id: Arc<str>| {
        Arc::new(Entity {
            text: id.clone(),
            id: Some(id),
            affiliation: None,
            within: no_places(),
        })
    };
    // Rules are sorted by id when the pack loads.
    let rule_of = |c: &Claim| {
        rules
            .rules
            .binary_search_by(|r| r.id.cmp(&c.provenance.rule))
            .ok()
            .map(|k| &rules.rules[k])
    };
    for i in 0..claims.len() {
        let (place_is_subject, subject_is_speaker) =
            rule_of(&claims[i]).map_or((false, false), |r| (r.place_is_subject, r.subject_is_speaker));
        // A denial is about the report it answers: the nearest reported claim before it. One
        // that the forces are there at all names its own subject and place (or its sentence
        // does): a report before it may be of another force or place.
        if claims[i].kind.has(Behaviour::Denial) && !claims[i].denies_presence() {
            let answered = crate::detect::answered_reports(claims, i)
                .next()
                .map(|c| (c.subject.clone(), c.place.clone()));
            if let Some((subject, place)) = answered {
                if claims[i].place.is_none() && place.is_some() {
                    claims[i].place = place;
                    claims[i].inferred.push(Field::Place);
                }
                if claims[i].subject.is_none() && subject.is_some() {
                    claims[i].subject = subject;
                    claims[i].inferred.push(Field::Subject);
                }
            }
        }
        let (infer_subject, infer_place) = (claims[i].kind.infers("subject"), claims[i].kind.infers("place"));
        let main_subject = main_subject_of.get(claims[i].kind.name()).or(main_subject.as_ref());
        let sentence = claims[i].provenance.sentence_start;
        let earlier = |claims: &[Claim], pick: &dyn Fn(&Claim) -> Option<Arc<Entity>>| {
            claims[..i]
                .iter()
                .rev()
                .take_while(|c| c.provenance.sentence_start == sentence)
                .find_map(pick)
        };
        if claims[i].subject.is_none() && subject_is_speaker {
            let party = claims[i].speaker.as_deref().and_then(Entity::shared_party);
            if let Some(party) = party {
                claims[i].subject = Some(by_id(party));
                claims[i].inferred.push(Field::Subject);
            }
        }
        if claims[i].subject.is_none() && infer_subject {
            let place = claims[i].place_key();
            let start = claims[i].provenance.start;
            // Mentions are in text order: the sentence's part before the claim is a slice.
            let (from, to) = (
                mentions.partition_point(|(at, _)| *at < sentence),
                mentions.partition_point(|(at, _)| *at < start),
            );
            let sentence_end = sentence + claims[i].provenance.sentence().len();
            let in_sentence = &mentions[from..mentions.partition_point(|(at, _)| *at < sentence_end).max(from)];
            // Whether a party may be whose troops the claim counts: not the place itself, nor a
            // group based there (unless the claim is about its subject's own country).
            let may_own = |id: &str| id != place && (place_is_subject || !based_in(id, &place, in_sentence));
            // A party named as where things happen ("out of Somalia", "at the Niamey base") or
            // as who speaks ("a senior Biden administration official told reporters") is not
            // whose troops a figure counts.
            let speaker_party = claims[i].speaker.as_ref().and_then(|s| s.party()).map(str::to_string);
            let named_before = mentions[from..to.max(from)]
                .iter()
                .rev()
                .find(|(at, id)| {
                    // The country the article is about is where troops are, not whose they are:
                    // "to evacuate American citizens and Afghans ... the last C-17 lifted off".
                    // Nor is a region ("Los Angeles, where 4,000 Guard troops ...") whose.
                    let host = main_place.as_ref() == Some(id) || rules.regions.contains_key(id);
                    may_own(id) && (place_is_subject || (!host && !is_locative(&article.text, *at)))
                })
                .map(|(_, id)| {
                    // Who speaks counts their own troops as often as another's: the article's
                    // main subject decides ("Trump says he is cutting troops" in a U.S. story).
                    let main = main_subject.filter(|m| may_own(m));
                    match main {
                        Some(main) if speaker_party.as_deref() == Some(&**id) => by_id(main.clone()),
                        _ => by_id(id.clone()),
                    }
                });
            // For a claim in its subject's own country (`place-is-subject`: a coup), a country
            // named inside the match the rule left uncaptured is the subject: "the overthrow of
            // Mohamed Bazoum, Niger's elected president, in July". Elsewhere a country inside
            // the match is as often where troops go ("the 12,000 leaving Germany").
            let end = claims[i].provenance.end;
            let named_inside = place_is_subject
                .then(|| {
                    mentions[to.max(from)..mentions.partition_point(|(at, _)| *at < end)]
                        .iter()
                        .find(|(_, id)| **id != *place)
                })
                .flatten()
                .map(|(_, id)| by_id(id.clone()));
            let subject = earlier(claims, &|c: &Claim| c.subject.clone().filter(|s| s.id.is_some()))
                .or(named_inside)
                .or(named_before)
                .or_else(|| main_subject.cloned().filter(|s| may_own(s)).map(by_id));
            if let Some(subject) = subject {
                claims[i].subject = Some(subject);
                claims[i].inferred.push(Field::Subject);
            }
        }
        // "Bring 6,400 troops home": home is the subject's own country.
        let at_home = claims[i]
            .place
            .as_ref()
            .is_some_and(|p| p.id.is_none() && rules.words.home.iter().any(|h| p.text.eq_ignore_ascii_case(h)));
        if at_home {
            if let Some(party) = claims[i].subject.as_deref().and_then(Entity::shared_party) {
                claims[i].place = Some(by_id(party));
                claims[i].inferred.push(Field::Place);
            }
        }
        // An office whose id names its country ("us-defense-secretary") is that country's.
        let from_office = claims[i]
            .topic
            .as_deref()
            .and_then(|t| t.split_once('-'))
            .and_then(|(p, _)| rules.lexicon.shared_id(p));
        if claims[i].place.is_none() && !infer_place {
            if let Some(place) = from_office.clone() {
                claims[i].place = Some(by_id(place));
                claims[i].inferred.push(Field::Place);
            }
        }
        if claims[i].place.is_none() && place_is_subject {
            if let Some(subject) = claims[i].subject.clone().filter(|s| s.id.is_some()) {
                claims[i].place = Some(subject);
                claims[i].inferred.push(Field::Place);
            }
        }
        if claims[i].place.is_none() && infer_place {
            // Whose place it is not: the subject's own country, and for a denial who denies
            // ("Moscow, which denies preparing to invade Ukraine" is about Ukraine).
            let subject = claims[i].subject.as_deref().and_then(Entity::shared_party);
            let denial = claims[i].kind.has(Behaviour::Denial);
            let denier = claims[i].speaker.as_deref().and_then(Entity::shared_party).filter(|_| denial);
            let other = |id: &Arc<str>| Some(id) != subject.as_ref() && Some(id) != denier.as_ref() && is_place(id);
            // A sentence that names other places but not the article's main one is about them:
            // "cut troop numbers to 2,500 in each of Iraq and Afghanistan" in a Somalia story.
            let sentence_end = claims[i].provenance.sentence_start + claims[i].provenance.sentence().len();
            let in_sentence =
                &mentions[mentions.partition_point(|(at, _)| *at < sentence)..mentions.partition_point(|(at, _)| *at < sentence_end)];
            let names_main = main_place.as_ref().is_some_and(|m| in_sentence.iter().any(|(_, id)| id == m));
            // Past the matched words: a country inside them is the rule's to capture or leave.
            // Only a place named as one ("in each of Iraq and Afghanistan"): in "would be nearer
            // to July 4, when America celebrates", America is not where the troops are.
            let after_claim = in_sentence
                .iter()
                .filter(|(at, id)| other(id) && is_locative(&article.text, *at))
                .find(|(at, _)| *at >= claims[i].provenance.end)
                .filter(|_| main_place.is_some() && !names_main)
                .map(|(_, id)| by_id(id.clone()));
            // A place the sentence puts its figure in before it ("In Niger, most of the 1,000
            // US troops stationed there ..."), nearest first: where the sentence says it is,
            // over a place of the sentence before.
            let start = claims[i].provenance.start;
            // Where the sentence sets its speaker ("Speaking at a news conference in Brussels,
            // Esper said the U.S. would maintain a reduced presence in Syria") yields to the
            // article's main place named at or after the claim.
            let main_after = main_place
                .as_ref()
                .is_some_and(|m| in_sentence.iter().any(|(at, id)| id == m && *at >= start));
            let set_in = in_sentence
                .iter()
                .rev()
                .filter(|_| !main_after)
                .filter(|(at, id)| *at < start && other(id))
                .find(|(at, _)| place_word(&article.text, *at).as_deref() == Some("in"))
                .map(|(_, id)| by_id(id.clone()));
            // What a denial denies is in its own words, named as a place: "denies preparing to
            // invade Ukraine", "reports of a reduction of U.S. troops in South Korea are not true".
            let denied_in = in_sentence
                .iter()
                .filter(|_| denial)
                .find(|(at, id)| (start..claims[i].provenance.end).contains(at) && other(id) && is_locative(&article.text, *at))
                .map(|(_, id)| by_id(id.clone()));
            // A sibling's place stands only where it is not this claim's subject: "a cease-fire
            // deal agreed between Lebanon and Israel, Israeli troops had until Jan. 26".
            let sibling_place = |c: &Claim| c.place.clone().filter(|p| p.id.as_ref().is_some_and(other));
            let place = from_office
                .map(by_id)
                .or(denied_in)
                .or_else(|| earlier(claims, &sibling_place))
                .or(set_in)
                .or(after_claim)
                // The article's main place, unless it is the subject's own country: a figure is
                // not guessed to be "U.S. troops in the U.S.", but a stance may be about its
                // holder's country ("Nigerien officials want a swift withdrawal" in a Niger story).
                .or_else(|| {
                    let stance = claims[i].kind.has(Behaviour::Position);
                    main_place
                        .clone()
                        .filter(|p| (stance || Some(p) != subject.as_ref()) && Some(p) != denier.as_ref())
                        .map(by_id)
                })
                // The party named most is a guess only for an article whose claims place nothing.
                .or_else(|| {
                    main_place
                        .is_none()
                        .then(|| top(&place_mentions, subject.as_deref()))
                        .flatten()
                        .map(by_id)
                });
            if let Some(place) = place {
                claims[i].place = Some(place);
                claims[i].inferred.push(Field::Place);
            }
        }
    }
}

/// Whether the words before `at` put what is named there as a place: a locative preposition
/// or a verb that takes a place, perhaps with "the" or a direction between ("in Somalia", "at
/// the Niamey base", "out of the country", "leave northeastern Syria").
fn is_locative(text: &str, at: usize) -> bool {
    place_word(text, at).is_some()
}

/// The preposition or verb (lower case) that puts what is named at `at` as a place, if any:
/// "in" for "In Niger, ..." and "in northern Syria", "out of" for "out of the country".
fn place_word(text: &str, at: usize) -> Option<String> {
    const PLACE_WORDS: &[&str] = &[
        "in",
        "into",
        "from",
        "at",
        "near",
        "across",
        "inside",
        "within",
        "around",
        "to",
        "toward",
        "towards",
        "throughout",
        "outside",
        "along",
        "on",
        "leave",
        "leaving",
        "left",
        "enter",
        "entering",
        "entered",
        "invade",
        "invading",
        "invaded",
        "vacate",
        "vacating",
        "quit",
        "exit",
    ];
    const BETWEEN: &[&str] = &[
        "the",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "central",
    ];
    let mut words = text[..at]
        .rsplit(char::is_whitespace)
        .skip(1)
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    let mut word = words.next();
    for _ in 0..2 {
        match &word {
            Some(w) if BETWEEN.contains(&w.as_str()) => word = words.next(),
            _ => break,
        }
    }
    match word.as_deref() {
        // "the border it shares with Ukraine", "along the border with Belarus".
        Some("with") => words
            .next()
            .filter(|w| matches!(w.as_str(), "border" | "borders" | "shares" | "share" | "frontier"))
            .map(|_| "with".to_string()),
        Some("of") => match words.next().as_deref() {
            Some("out") => Some("out of".to_string()),
            // "in each of Iraq and Afghanistan", "in both of", "in all of".
            Some("each" | "both" | "all") => words.next().filter(|w| PLACE_WORDS.contains(&w.as_str())),
            _ => None,
        },
        Some(w) if PLACE_WORDS.contains(&w) => word,
        // The next name of a list of places: "relocated to Erbil and Kuwait", "in Poland,
        // Romania and Germany". The names before it, capitalised, lead back to the preposition.
        Some("and" | "or") => {
            // Within the sentence: a name ending one ("... in Niger. Nigerien and US officials")
            // leads nowhere.
            let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
            let lead = line
                .split_whitespace()
                .rev()
                .skip_while(|w| !matches!(w.to_ascii_lowercase().as_str(), "and" | "or"))
                .skip(1)
                .take(5)
                .take_while(|w| !w.ends_with(['.', '!', '?', '"', '\u{201d}']))
                .find(|w| !w.starts_with(|c: char| c.is_uppercase()))?
                .to_ascii_lowercase();
            PLACE_WORDS.contains(&lead.as_str()).then_some(lead)
        }
        _ => None,
    }
}

/// The scope the first force noun after a figure names (`force-nouns` in the dictionaries):
/// "700 Marines" counts the Marines, "700 U.S. Marines" too, "4,000 troops" the whole force.
/// Only the figure's own noun phrase, its first four words, is read.
fn force_scope(rules: &RuleSet, after: &str) -> Option<Arc<str>> {
    let phrase_end = after
        .char_indices()
        .filter(|&(i, c)| c.is_whitespace() && i > 0)
        .nth(4)
        .map_or(after.len(), |(i, _)| i);
    let lower = after[..phrase_end].to_lowercase();
    let bytes = lower.as_bytes();
    let word_start = |i: usize| i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
    let word_end = |i: usize| i == bytes.len() || !bytes[i].is_ascii_alphanumeric();
    (0..lower.len())
        .filter(|&i| lower.is_char_boundary(i) && word_start(i))
        .find_map(|i| {
            rules
                .force_nouns
                .iter()
                .find(|(noun, _)| lower[i..].starts_with(noun.as_str()) && word_end(i + noun.len()))
                .map(|(_, scope)| scope.clone())
        })
}

/// Words after a party's name that make it whose person, office or force is meant.
const AFFILIATED_NOUNS: &[&str] = &[
    "prime",
    "president",
    "minister",
    "foreign",
    "defense",
    "defence",
    "army",
    "military",
    "forces",
    "troops",
    "soldiers",
    "officials",
    "official",
    "government",
    "authorities",
    "police",
    "leader",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "embassy",
    "gen.",
    "general",
    "state",
    "security",
    "national",
];

/// The places listed from `first`'s mention in the claim on (`mentions` are the article's, in
/// text order): "Texas, Arizona and California". The list may run past the match, to the end
/// of its line.
fn list_after(text: &str, mentions: &[(usize, Arc<str>)], span: Range<usize>, first: &Arc<str>) -> Vec<Arc<str>> {
    let line_end = text[span.end..].find('\n').map_or(text.len(), |n| span.end + n);
    let here = &mentions[mentions.partition_point(|(at, _)| *at < span.start)..mentions.partition_point(|(at, _)| *at < line_end)];
    let Some(from) = here.iter().position(|(at, id)| id == first && *at < span.end) else {
        return Vec::new();
    };
    let mut listed = vec![first.clone()];
    for pair in here[from..].windows(2) {
        let between = &text[pair[0].0..pair[1].0];
        // The earlier name, then ", " or " and ": at most three words of it before the joiner.
        let joined = [", and ", ", ", " and "].iter().find_map(|j| between.rfind(j).map(|at| (at, *j)));
        let Some((at, joiner)) = joined else { break };
        if at + joiner.len() != between.len() || between[..at].split_whitespace().count() > 3 {
            break;
        }
        // "..., Ethiopian Prime Minister Abiy Ahmed says": a party named as whose person or
        // force it is, not a place of the list.
        let next_word = text[pair[1].0..].split_whitespace().nth(1).unwrap_or("");
        let word = next_word.trim_end_matches([',', '.', ';', ':']).to_ascii_lowercase();
        if AFFILIATED_NOUNS.contains(&word.as_str()) {
            break;
        }
        listed.push(pair[1].1.clone());
    }
    listed
}

/// The nearest place every one of `ids` is or lies within, if any.
fn common_place(rules: &RuleSet, ids: &[Arc<str>]) -> Option<Arc<str>> {
    let chain = |id: &Arc<str>| -> Vec<Arc<str>> {
        std::iter::once(id.clone())
            .chain(rules.within.get(&**id).into_iter().flat_map(|c| c.iter().cloned()))
            .collect()
    };
    let chains: Vec<Vec<Arc<str>>> = ids.iter().map(chain).collect();
    chains[0].iter().find(|p| chains[1..].iter().all(|c| c.contains(p))).cloned()
}

/// Whether `before` ends with "with" or "with the", the words that make a party a companion.
fn after_with(before: &str) -> bool {
    let mut words = before.rsplit(char::is_whitespace).skip(1).filter(|w| !w.is_empty());
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("the") => words.next().is_some_and(|w| w.eq_ignore_ascii_case("with")),
        Some(w) => w.eq_ignore_ascii_case("with"),
        None => false,
    }
}

/// Applies the overlap policy; returns the kept candidates in span order.
fn consolidate<'c, 'r>(candidates: &'c mut [Candidate<'r>]) -> Vec<&'c Candidate<'r>> {
    // The fuller reading of a value wins first ("between 2,500 and 3,500" over its "3,500"),
    // then the longer match.
    candidates.sort_by(|a, b| {
        let len = |c: &Candidate| c.span.end - c.span.start;
        let core = |c: &Candidate| c.core.end - c.core.start;
        core(b)
            .cmp(&core(a))
            .then(len(b).cmp(&len(a)))
            .then(b.rule.priority.cmp(&a.rule.priority))
            .then(a.rule.id.cmp(&b.rule.id))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: Vec<&Candidate> = Vec::new();
    for candidate in candidates.iter() {
        let overlaps = kept
            .iter()
            .any(|k| k.rule.kind == candidate.rule.kind && k.core.start < candidate.core.end && candidate.core.start < k.core.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|c| (c.span.start, &*c.rule.id));
    kept
}

/// A claim of a kept candidate. `sentence` is its sentence's range in the article and where the
/// sentence starts in the article's store of claim sentences.
fn build_claim(
    rules: &RuleSet,
    article: &Article,
    article_id: &Arc<str>,
    (sentence, stored_at): (Range<usize>, usize),
    candidate: &Candidate,
    speaker: Option<&str>,
) -> Claim {
    let rule = candidate.rule;
    let get = |field: Field| -> Option<String> {
        candidate
            .fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, s)| s.clone())
            .or_else(|| rule.fixed.iter().find(|(f, _)| *f == field).map(|(_, s)| s.clone()))
    };
    let entity = |field: Field| {
        get(field).map(|words| {
            Arc::new(if field == Field::Place {
                resolve_place(rules, &words)
            } else {
                resolve(rules, &words)
            })
        })
    };
    // The words that give a status and a direction: the rule's capture, else those before the
    // value (read once, for both).
    let captured = get(Field::Status);
    let window = std::cell::OnceCell::new();
    let window = || {
        window
            .get_or_init(|| status_window(&article.text, sentence.clone(), candidate.core.clone(), rule.kind.status_window))
            .as_str()
    };
    let words_status = |except: Option<Status>| {
        captured
            .as_deref()
            .and_then(|m| Status::parse_except(m, &rules.status_words, except))
            .or_else(|| Status::parse_except(window(), &rules.status_words, except).filter(|s| *s != Status::Current))
            .unwrap_or(rule.kind.default_status)
    };
    // What the sentence says before the claim decides over the claim's own words: a figure in
    // a denied report is denied, whatever verb it came with.
    let in_context = |status: Status, relayed: bool| {
        if rule.kind.has(Behaviour::Denial) || rule.kind.has(Behaviour::Speaker) {
            return status;
        }
        let at = &candidate.status_at;
        let before = &article.text[sentence.start..at.start.clamp(sentence.start, sentence.end)];
        let after = &article.text[at.end.clamp(sentence.start, sentence.end)..sentence.end];
        rules
            .status_contexts
            .iter()
            .filter(|c| !(relayed && c.status == Status::Reported))
            .find(|c| c.applies(status, before, after))
            .map_or(status, |c| c.status)
    };
    let status = in_context(words_status(None), false);
    // A report relays a level, a plan or an amount: the same words and contexts, the report's
    // own set aside, say which.
    let reported_as = (status == Status::Reported)
        .then(|| in_context(words_status(Some(Status::Reported)), true))
        .filter(|s| s.is_own_claim());
    let compared = reported_as.unwrap_or(status);
    let value = get(Field::Value).map(|words| {
        let written = match get(Field::Qualifier) {
            Some(q) => format!("{q} {words}"),
            None => words,
        };
        match rule.kind.value {
            ValueType::Quantity => Quantity::parse(&written, &rules.words).map_or(Value::Text { text: tidy(&written) }, Value::Quantity),
            ValueType::Entity => Value::Entity(resolve(rules, &written)),
            _ => Value::Text { text: tidy(&written) },
        }
    });
    let tense = if compared == Status::Planned || rule.kind.has(Behaviour::Deadline) {
        Tense::Future
    } else {
        Tense::Past
    };
    let time_written = get(Field::Time).map(|t| tidy(&t));
    let time = time_written
        .as_deref()
        .and_then(|t| TimeSpan::parse(t, article.date, tense, &rules.words));
    let said_at = article.date.map(TimeSpan::day);
    let time_origin = match (&time, &time_written, &said_at) {
        (Some(_), ..) => TimeOrigin::Text,
        // Time words the normaliser does not know must not become the article's date.
        (None, Some(_), _) | (None, None, None) => TimeOrigin::Unknown,
        (None, None, Some(_)) => TimeOrigin::Article,
    };
    let quote = &article.text[candidate.span.clone()];
    // Which way an amount moves the force: from the words that made it a change, else the
    // words before it, else its own ("the 9,500-troop withdrawal").
    let direction = if compared == Status::Change {
        let table = &rules.direction_words;
        captured
            .as_deref()
            .and_then(|w| Direction::parse(w, table))
            .or_else(|| Direction::parse(window(), table))
            .or_else(|| Direction::parse(quote, table))
    } else {
        None
    };
    let sentence_text = &article.text[sentence.clone()];
    let (line, column) = article.lines.line_col(&article.text, candidate.span.start);
    let speaker = get(Field::Speaker)
        .or_else(|| speaker.map(str::to_string))
        .map(|s| Arc::new(resolve(rules, &s)));
    Claim {
        // The article enters by outlet and date, never its file name: a renamed file keeps
        // its claims' ids (see `ids`).
        id: ClaimId(stable_hash(&[
            article.outlet.as_deref().unwrap_or(""),
            &article.date.map(|d| d.to_string()).unwrap_or_default(),
            &rule.id,
            &word_string(sentence_text),
            &word_string(quote),
        ])),
        kind: rule.kind.clone(),
        subject: entity(Field::Subject),
        place: entity(Field::Place),
        value,
        topic: get(Field::Topic).map(|t| canonical(rules, &t)),
        // A scope goes through the dictionaries like a topic; one that resolves to `all`
        // ("troops", "forces") is no scope: the whole force.
        scope: get(Field::Scope)
            .map(|t| canonical(rules, &t))
            .or_else(|| force_scope(rules, &article.text[candidate.core.end..candidate.span.end.max(candidate.core.end)]))
            .filter(|s| &**s != "all"),
        status,
        reported_as,
        direction,
        speaker,
        time_written,
        time,
        time_origin,
        said_at,
        provenance: Provenance::in_store(
            article_id.clone(),
            rule.id.clone(),
            (candidate.span.start, candidate.span.end),
            (line, column),
            sentence.start,
            stored_at..stored_at + sentence.len(),
            stored_at + candidate.span.start - sentence.start..stored_at + candidate.span.end - sentence.start,
        ),
        inferred: Default::default(),
    }
}

/// The words around a value that say what kind of figure it is, when the rule captured no
/// status: up to `n` words before it in its sentence, back to the previous figure or clause
/// mark ("withdraw about 9,500 of more than 34,000 troops": "withdraw" is 9,500's, not
/// 34,000's), and the one word after it ("500 more troops").
fn status_window(text: &str, sentence: Range<usize>, value: Range<usize>, n: usize) -> String {
    if n == 0 || value.start < sentence.start || value.end > sentence.end {
        return String::new();
    }
    let before = &text[sentence.start..value.start];
    let clause = before.rfind([',', ';', ':', '(', '—', '–']).map_or(before, |i| &before[i..]);
    let mut words: Vec<&str> = Vec::new();
    for word in clause.split_whitespace().rev() {
        if word.chars().any(|c| c.is_ascii_digit()) || words.len() == n {
            break;
        }
        words.push(word);
    }
    words.reverse();
    let after = text[value.end..sentence.end].split_whitespace().next().unwrap_or("");
    format!("{} {after}", words.join(" "))
}

/// A fixed value that is an entity id stays that id; words go through the dictionaries.
fn resolve(rules: &RuleSet, words: &str) -> Entity {
    let entity = rules.lexicon.resolve(words);
    if entity.id.is_none() {
        if let Some(id) = rules.lexicon.shared_id(words) {
            return Entity {
                text: id.clone(),
                id: Some(id),
                affiliation: None,
                within: no_places(),
            };
        }
    }
    entity
}

/// A match on the text without scare quotes (`text::without_scare_quotes`) may begin or end
/// beside a blanked quotation mark: the claim's span takes the mark, `"well over" 100,000`.
/// `searched` and `original` have the same byte offsets; a mark is taken only where the
/// searched text has spaces in its place, so a match on the text as written never changes.
pub(crate) fn with_scare_quotes(original: &str, searched: &str, span: Range<usize>) -> Range<usize> {
    let blanked = |at: Range<usize>| searched.get(at).is_some_and(|s| s.bytes().all(|b| b == b' '));
    let mut span = span;
    if let Some(mark) = original[..span.start].chars().next_back().filter(|c| matches!(c, '"' | '\u{201c}')) {
        if blanked(span.start - mark.len_utf8()..span.start) {
            span.start -= mark.len_utf8();
        }
    }
    if let Some(mark) = original[span.end..].chars().next().filter(|c| matches!(c, '"' | '\u{201d}')) {
        if blanked(span.end..span.end + mark.len_utf8()) {
            span.end += mark.len_utf8();
        }
    }
    span
}

/// "Azerbaijan's Karabakh area", "Ethiopia's Tigray region": a place named as a country's is
/// the narrower one, whether or not the dictionary puts it `within` that country.
fn resolve_place(rules: &RuleSet, words: &str) -> Entity {
    // Before the id the mentions share: "Ethiopia's northern Tigray region" shares Ethiopia
    // (Tigray lies within it) but names Tigray, and a region is no party to be mentioned.
    let tail = words.rsplit_once("'s ").or_else(|| words.rsplit_once("’s ")).map(|(_, tail)| {
        let directions = [
            "northern ",
            "southern ",
            "eastern ",
            "western ",
            "central ",
            "north ",
            "south ",
            "east ",
            "west ",
        ];
        directions.iter().find_map(|d| tail.strip_prefix(d)).unwrap_or(tail)
    });
    if let Some(id) = tail.and_then(|tail| resolve(rules, tail).id) {
        return Entity {
            text: Arc::from(words),
            id: Some(id),
            affiliation: None,
            within: no_places(),
        };
    }
    let entity = resolve(rules, words);
    match described(words) {
        Some(name) if entity.id.is_none() => match resolve(rules, name).id {
            Some(id) => Entity { id: Some(id), ..entity },
            None => entity,
        },
        _ => entity,
    }
}

/// The name after the one lowercase word the pack's `{place-epithet}` puts before a place
/// ("violence-ravaged Haiti", "the neighbouring Eritrea"): the place is still the same. One
/// word only, so a topic-like capture ("plans to leave Chad") is never read as its last name.
fn described(words: &str) -> Option<&str> {
    let words = words.strip_prefix("the ").unwrap_or(words);
    let (epithet, name) = words.split_once(' ')?;
    (epithet.starts_with(|c: char| c.is_lowercase()) && name.starts_with(|c: char| c.is_uppercase())).then_some(name)
}

/// A topic or office: its dictionary id when a dictionary knows it, else the words in lower case.
fn canonical(rules: &RuleSet, words: &str) -> Arc<str> {
    let entity = rules.lexicon.resolve(words);
    entity
        .id
        .unwrap_or_else(|| Arc::from(strip_determiner(&tidy(words).to_lowercase())))
}

fn strip_determiner(words: &str) -> &str {
    for d in ["the ", "a ", "an ", "that ", "this ", "such "] {
        if let Some(rest) = words.strip_prefix(d) {
            return rest;
        }
    }
    words
}

fn tidy(words: &str) -> String {
    words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, Meta};

    fn claims(text: &str) -> Vec<crate::claim::Claim> {
        let rules = crate::detect::testing::rules();
        let meta = Meta {
            outlet: None,
            published: Some(jiff::civil::date(2020, 12, 5)),
        };
        let article = Article::from_text("a", "a.txt", text.into(), meta, rules).unwrap();
        super::extract_article(rules, &article)
    }

    fn place_of(claims: &[crate::claim::Claim], quote_part: &str) -> Option<String> {
        let claim = claims
            .iter()
            .find(|c| c.provenance.quote().contains(quote_part))
            .unwrap_or_else(|| panic!("no claim quoting {quote_part:?} in {claims:#?}"));
        claim.place.as_ref().and_then(|p| p.id.as_deref().map(str::to_string))
    }

    fn time_of(claims: &[crate::claim::Claim], quote_part: &str) -> (String, crate::claim::TimeOrigin) {
        let claim = claims
            .iter()
            .find(|c| c.provenance.quote().contains(quote_part))
            .unwrap_or_else(|| panic!("no claim quoting {quote_part:?} in {claims:#?}"));
        (claim.time.as_ref().map(ToString::to_string).unwrap_or_default(), claim.time_origin)
    }

    #[test]
    fn a_time_leading_the_sentence_dates_its_figures() {
        use crate::claim::TimeOrigin::Sentence;
        let found = claims(
            "In April last year, the U.S. had about 900 troops in Somalia. \
             President Donald Trump last month ordered the withdrawal of about 700 troops from Somalia.",
        );
        assert_eq!(time_of(&found, "900"), ("2019-04".to_string(), Sentence));
        assert_eq!(time_of(&found, "700"), ("2020-11".to_string(), Sentence));
    }

    #[test]
    fn the_next_name_of_a_list_of_places_is_a_place_too() {
        let at = |text: &str, name: &str| super::place_word(text, text.rfind(name).unwrap());
        assert_eq!(
            at("Some forces were relocated to Erbil and Kuwait.", "Kuwait").as_deref(),
            Some("to")
        );
        assert_eq!(at("Troops are in Poland, Romania and Germany.", "Germany").as_deref(), Some("in"));
        assert_eq!(at("Troops moved to Erbil and northern Kuwait.", "Kuwait").as_deref(), Some("to"));
        // Parties acting together, and a list begun in the sentence before, are no places.
        assert_eq!(at("The U.S. and Iraq agreed on a plan.", "Iraq"), None);
        assert_eq!(at("Troops left Niger. Nigerien and US officials met.", "US"), None);
    }

    #[test]
    fn a_planned_figure_takes_its_target_not_the_day_it_was_announced() {
        use crate::claim::TimeOrigin::{Sentence, Text};
        let found = claims(
            "The United States will draw down to 2,500 troops in Afghanistan by mid-January, \
             the acting defense secretary announced Tuesday.",
        );
        assert_eq!(time_of(&found, "announced Tuesday"), ("2020-12-01".to_string(), Text));
        let figure: Vec<_> = found.iter().filter(|c| c.kind.name == "troop-count").cloned().collect();
        assert_eq!(time_of(&figure, "2,500"), ("2021-01".to_string(), Sentence));
    }

    #[test]
    fn a_time_of_another_clause_or_a_bound_does_not_date_a_figure() {
        use crate::claim::TimeOrigin::Article;
        // Each sentence names a time before the figure, and each figure is extracted: the
        // times belong elsewhere (a later "now", a state's start, the noun a year qualifies).
        let found = claims(
            "In 2014, 5,000 U.S. troops arrived in Somalia; now the U.S. has about 700 troops there. \
             Since 2014, the U.S. has 650 troops in Somalia. \
             The 2019 drawdown left the U.S. with 600 troops in Somalia.",
        );
        assert_eq!(time_of(&found, "700"), ("".to_string(), Article));
        assert_eq!(time_of(&found, "650"), ("".to_string(), Article));
        assert_eq!(time_of(&found, "600"), ("".to_string(), Article));
    }

    #[test]
    fn a_time_right_after_a_figure_or_a_when_clause_before_it_dates_it() {
        use crate::claim::TimeOrigin::{Article, Sentence};
        let found = claims(
            "Trump pulled the remaining 1,000 troops out of Somalia last year, officials said. \
             Trump, who ordered the cut in October, when there were about 4,000 U.S. troops in Afghanistan, spoke on Friday. \
             There are 2,000 U.S. troops in Syria since 2015. \
             The 900 U.S. troops previously stationed in Niger left.",
        );
        assert_eq!(time_of(&found, "1,000"), ("2019".to_string(), Sentence));
        assert_eq!(time_of(&found, "4,000"), ("2020-10".to_string(), Sentence));
        // A bound says when a state began, a window only "some time before": neither dates.
        assert_eq!(time_of(&found, "2,000"), ("".to_string(), Article));
        assert_ne!(time_of(&found, "900").1, Sentence);
    }

    #[test]
    fn a_request_dated_by_its_words_dates_the_figure_it_names() {
        use crate::claim::TimeOrigin::{Article, Sentence};
        let found = claims(
            "Niger's military rulers told Washington in March that it must withdraw the nearly 1,000 U.S. troops stationed in the country. \
             Niger's rulers want the 1,000 U.S. troops stationed in the country gone.",
        );
        let figures: Vec<_> = found.iter().filter(|c| c.kind.name == "troop-count").cloned().collect();
        assert_eq!(figures.len(), 2, "{figures:#?}");
        assert_eq!(time_of(&figures[..1], "1,000"), ("2020-03".to_string(), Sentence));
        assert_eq!(time_of(&figures[1..], "1,000"), ("".to_string(), Article));
    }

    #[test]
    fn a_sentence_about_other_places_does_not_take_the_articles_place() {
        let found = claims(
            "The U.S. has about 700 troops in Somalia. All U.S. troops will leave Somalia by Jan. 15. \
             Trump earlier ordered to cut troop numbers to 2,500 in each of Iraq and Afghanistan. \
             About 650 troops remain there, officials said.",
        );
        assert_eq!(
            place_of(&found, "2,500").as_deref(),
            Some("iraq"),
            "the sentence names Iraq, not Somalia"
        );
        // Tempting the other way: a sentence naming no place keeps the article's.
        assert_eq!(place_of(&found, "650 troops").as_deref(), Some("somalia"));
    }

    #[test]
    fn a_place_the_sentence_sets_its_figure_in_wins_over_the_sentence_before() {
        let found = claims(
            "The U.S. will relocate most of the approximately 100 troops it has deployed in Chad, officials said. \
             In Niger, most of the 1,000 US troops stationed there are scheduled to withdraw, officials said.",
        );
        assert_eq!(place_of(&found, "100 troops").as_deref(), Some("chad"));
        assert_eq!(place_of(&found, "1,000").as_deref(), Some("niger"));
        // Tempting: a place troops left is not where the figure is.
        let found = claims(
            "French troops in Niger face protests. The junta in Niger wants them out. \
             Since leaving Mali, France has about 1,500 troops, officials said.",
        );
        assert_eq!(place_of(&found, "1,500").as_deref(), Some("niger"));
    }

    #[test]
    fn a_denial_is_about_the_place_its_words_name_not_whom_it_accuses() {
        let denial_place = |text: &str| {
            let found = claims(text);
            let denial = found.iter().find(|c| c.status == crate::claim::Status::Denied).expect("a denial");
            denial.place.as_ref().and_then(|p| p.id.as_deref().map(str::to_string))
        };
        assert_eq!(
            denial_place("Moscow, which denies preparing to invade Ukraine, says the drills will end.").as_deref(),
            Some("ukraine")
        );
        assert_eq!(
            denial_place("Reports of a reduction of U.S. troops in South Korea are not true, the Pentagon said.").as_deref(),
            Some("south-korea")
        );
        // Tempting: the party it accuses is named, but not as a place.
        assert_eq!(
            denial_place(
                "Russian troops are massing near Ukraine. Ukraine fears an attack on Ukraine. \
                 Russia insists it is not planning an invasion and has accused the U.S. of escalating tensions."
            )
            .as_deref(),
            Some("ukraine")
        );
    }

    #[test]
    fn an_article_whose_figures_name_no_party_is_about_the_party_that_acts() {
        let subject_of = |found: &[crate::claim::Claim], part: &str| {
            let claim = found.iter().find(|c| c.provenance.quote().contains(part)).expect("a claim");
            claim.subject.as_ref().and_then(|s| s.id.as_deref().map(str::to_string))
        };
        let found = claims(
            "France set to begin withdrawing troops from Niger\n\n\
             France is set to begin withdrawing its troops from coup-hit Niger. \
             The decision to begin pulling 1500 troops from Niger this week leaves a gap.",
        );
        assert_eq!(subject_of(&found, "1500").as_deref(), Some("france"));
        // Tempting: Niger is named more often, but only as where the troops are.
        let found = claims("The junta in Niger wants the troops out. Some 1,500 troops are in Niger.");
        assert_ne!(subject_of(&found, "1,500").as_deref(), Some("niger"));
    }
}
