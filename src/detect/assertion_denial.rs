//! assertion-denial: one source asserts what another (or the same) says was denied.
//!
//! An editor cares because a story built on the assertion must mention the denial, and say who
//! denied it. Two shapes. A claim of a `denial` kind is tied to the reported claims it answers
//! (`detect::answered_reports`: the denial-able reports of the nearest sentence before it, of
//! the subject and place it names, never who holds an office or speaks); any claim with status
//! `denied` carries its own content ("denied that it will keep 1,000 troops"). Either is matched
//! against the sources' own claims of the same kind, subject and place made at about the same
//! time, and only where the denied content agrees: a denial of 11,300 is never paired with
//! 3,166, and a denied report of a withdrawal is not a deadline.
//!
//! Severity: a party cannot dispute with itself. What is set against a denial is a **conflict**
//! when it is told as fact (a source's own claim: current, past, planned, a change), or when it
//! is a report of what the denier's own side said or does ("a report alleged a top U.S. official
//! told Iraqi officials the U.S. was preparing to withdraw. That report was quickly denied by the
//! U.S.": one of the two accounts of the U.S.'s own word is false). It is a **dispute** when it
//! is another's word against the denier's: a report by an outlet or by others ("the U.S. will
//! keep 1,000 troops, according to The Wall Street Journal"; "Gen. Dunford is calling the report
//! factually incorrect"), or a stance. Both sides are then attributable, and the story gives both.
//! Example of a conflict: "US troops will withdraw from Iraq in 2024" (an outlet's own claim) vs
//! "the Pentagon denied a report that the U.S. will withdraw from Iraq in 2024".

use super::{values_agree, Config, Detector, Finding, Severity};
use crate::claim::{Claim, Status, TimeOrigin};
use crate::graph::ClaimGraph;
use crate::kinds::Behaviour;
use std::collections::{BTreeMap, BTreeSet};

pub struct AssertionDenial;

type Key = (String, String, String);

/// Kind, not family: a report that the U.S. was preparing to withdraw is not denied by a
/// deadline "troops must leave by the end of 2021", though both are about leaving.
fn key(c: &Claim) -> Key {
    let key = crate::graph::BucketKey::of(c);
    (c.kind.name().to_string(), key.subject, key.place)
}

/// See the module comment: a conflict when `content` is told as fact or is the denier's own
/// side's word, a dispute when it is someone else's word against the denier's.
fn severity(content: &Claim, denial: &Claim) -> Severity {
    let party = |c: &Claim| c.speaker.as_ref().and_then(|s| s.party().map(str::to_string));
    let own_side = party(content).is_some() && party(content) == party(denial);
    if content.status.is_own_claim() && !content.kind.has(Behaviour::Position) || own_side {
        Severity::Conflict
    } else {
        Severity::Dispute
    }
}

/// Whether an assertion says what was denied: its value agrees where both give one, its own
/// time overlaps where both give one, and it is not history older than the denial.
fn says_denied(assertion: &Claim, denied: &Claim, denial: &Claim, config: &Config) -> bool {
    let value_ok = assertion.value.is_none() || denied.value.is_none() || values_agree(assertion, denied);
    fn own_time(c: &Claim) -> Option<&crate::normalize::time::TimeSpan> {
        c.time.as_ref().filter(|_| c.time_origin == TimeOrigin::Text)
    }
    let time_ok = match (own_time(assertion), own_time(denied)) {
        (Some(a), Some(d)) => a.overlaps_within(d, config.days(assertion, denied)),
        _ => true,
    };
    // A denied plan is about now or later: a withdrawal dated years before the denial is history.
    value_ok && time_ok && !held_before(assertion, denial, config, false) && super::same_time_said(assertion, denial, config)
}

impl Detector for AssertionDenial {
    fn id(&self) -> &'static str {
        "assertion-denial"
    }

    fn summary(&self) -> &'static str {
        "A source's own claim (current, past, planned or a change) while a source says the same content was denied, at about the same time; the denied value and time must agree with the claim's. Names who denied it."
    }

    fn detect(&self, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
        let mut own: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
        for (i, c) in graph.claims.iter().enumerate() {
            if c.status.is_own_claim() && !c.kind.has(Behaviour::Denial) && !c.kind.has(Behaviour::Speaker) {
                own.entry(key(c)).or_default().push(i);
            }
        }
        let mut seen = BTreeSet::new();
        for (d, denial) in graph.claims.iter().enumerate() {
            // What is denied: the reports this denial answers, or the claim's own content.
            let denied: Vec<&Claim> = if denial.kind.has(Behaviour::Denial) {
                super::answered_reports(graph.claims, d).collect()
            } else if denial.status == Status::Denied {
                vec![denial]
            } else {
                continue;
            };
            for report in denied {
                let speaker = denial.speaker.as_ref().map_or(String::new(), |s| s.key());
                // Copies of one denied report say one thing: match it once.
                if !seen.insert((super::fact_signature(denial), speaker, super::fact_signature(report))) {
                    continue;
                }
                // The report and its denial disagree in themselves: "a report alleged X. That
                // report was denied by Y" is what an editor must not repeat without both.
                if !std::ptr::eq(report, denial) {
                    out.push(report_denied(self.id(), report, denial));
                }
                // The sources' own claims meet a denial of presence in `presence_denied`.
                if denial.denies_presence() {
                    continue;
                }
                let Some(members) = own.get(&key(report)) else { continue };
                let matching = members
                    .iter()
                    .copied()
                    .filter(|&a| says_denied(&graph.claims[a], report, denial, config));
                for a in super::one_per_article(graph, matching) {
                    out.push(finding(self.id(), &graph.claims[a], report, denial));
                }
            }
        }
        presence_denied(self.id(), graph, config, out);
    }
}

/// The third shape: a denial that the subject's forces are in a place at all ("Rwanda denies
/// having troops in Congo", a kind's `presence-topic`) answers no report; every source's own
/// claim that puts them there (a kind with `shows-presence`: a figure of them there, an amount
/// taken out), said at about the same time, contradicts it. An amount sent does not: "will
/// deploy 1,000" is no proof they are there ("has sent 1,000" is read as a level). The
/// assertion's place may lie within the denied one (troops in Kursk are troops in Russia).
fn presence_denied(id: &'static str, graph: &ClaimGraph, config: &Config, out: &mut Vec<Finding>) {
    let mut shown: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in graph.claims.iter().enumerate() {
        // An amount sent may be a plan ("will send 10,000"); an amount taken out shows the
        // force there. What a party has sent is read as the force there (`has-sent`).
        let shows = match c.status {
            Status::Current | Status::Past => true,
            Status::Change => c.direction == Some(crate::claim::Direction::Fewer),
            _ => false,
        };
        let shows = shows && c.kind.shows_presence;
        if let (true, Some(party)) = (shows, c.party()) {
            shown.entry(party.to_string()).or_default().push(i);
        }
    }
    let mut seen = BTreeSet::new();
    for denial in graph.claims.iter() {
        if !denial.denies_presence() {
            continue;
        }
        let (Some(party), Some(place)) = (denial.party(), denial.place.as_ref()) else {
            continue;
        };
        let speaker = denial.speaker.as_ref().map_or(String::new(), |s| s.key());
        if !seen.insert((super::fact_signature(denial), speaker)) {
            continue;
        }
        let Some(members) = shown.get(party) else { continue };
        let place = place.key();
        let there = |c: &Claim| {
            c.place
                .as_ref()
                .is_some_and(|p| p.key() == place || p.within.iter().any(|w| **w == *place))
        };
        let matching = members.iter().copied().filter(|&a| {
            let a = &graph.claims[a];
            there(a) && super::same_time_said(a, denial, config) && !held_before(a, denial, config, true)
        });
        for a in super::one_per_article(graph, matching) {
            out.push(finding(id, &graph.claims[a], denial, denial));
        }
    }
}

/// Whether an assertion holds at a time, from its own words (or, with `sentence`, its
/// sentence's: "In 2015, 300 troops were there"), before the denial was said: history, which a
/// denial of what is planned or true now does not contradict.
fn held_before(assertion: &Claim, denial: &Claim, config: &Config, sentence: bool) -> bool {
    let dated = assertion.time_origin == TimeOrigin::Text || sentence && assertion.time_origin == TimeOrigin::Sentence;
    let time = assertion.time.as_ref().filter(|_| dated);
    time.zip(denial.said_at.as_ref())
        .is_some_and(|(t, said)| !t.overlaps_within(said, config.days(assertion, denial)) && t.end < said.start)
}

fn report_denied(id: &'static str, report: &Claim, denial: &Claim) -> Finding {
    let who = denial.speaker.as_ref().map_or("someone unnamed".to_string(), |s| s.to_string());
    let why = format!(
        "{} reports {}, and {} denied the report",
        report.provenance.article,
        report.summary(),
        who
    );
    Finding::new(id, severity(report, denial), vec![(report, "report"), (denial, "denial")], why)
}

fn finding(id: &'static str, assertion: &Claim, report: &Claim, denial: &Claim) -> Finding {
    let who = denial.speaker.as_ref().map_or("someone unnamed".to_string(), |s| s.to_string());
    let why = format!(
        "{} ({}) asserts {}, while {} reports that {} denied {}",
        assertion.provenance.article,
        assertion.status.name(),
        assertion.summary(),
        denial.provenance.article,
        who,
        if std::ptr::eq(report, denial) {
            format!("it ({})", super::show_value(denial))
        } else {
            "a report of it".to_string()
        }
    );
    let sides = if std::ptr::eq(report, denial) {
        vec![(assertion, "assertion"), (denial, "denial")]
    } else {
        vec![(assertion, "assertion"), (report, "report"), (denial, "denial")]
    };
    Finding::new(id, severity(assertion, denial), sides, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::detect;

    const DENIED: &str = "A report alleged that the U.S. was preparing to withdraw from Iraq. That report was quickly denied by the U.S.";

    #[test]
    fn a_denied_report_meets_only_assertions_of_its_own_kind() {
        let found = detect(
            &AssertionDenial,
            &[
                ("a", "2021-07-23", "US combat troops must leave Iraq by the end of the year."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        // The report was of a withdrawal being prepared, not of a deadline: only the report and
        // its denial stand against each other.
        let roles: Vec<Vec<&str>> = found.iter().map(|f| f.sides.iter().map(|s| s.role.as_str()).collect()).collect();
        assert_eq!(roles, vec![vec!["report", "denial"]], "{found:?}");
        assert!(found[0].why.contains("us denied"), "{found:?}");
    }

    #[test]
    fn a_denial_answers_the_report_it_is_about() {
        let text = "The U.S. will keep 1,000 troops in Syria, according to The Wall Street Journal. \
                    Joint Chiefs Chairman Gen. Joseph Dunford is calling the report \"factually incorrect.\"";
        let (claims, found) = crate::detect::testing::detect_with_claims(&AssertionDenial, &[("b", "2019-03-17", text)]);
        assert_eq!(found.len(), 1, "{claims:?} {found:?}");
        let report = claims.iter().find(|c| c.id == found[0].sides[0].claim).unwrap();
        assert_eq!(report.kind.name(), "troop-count");
        // An outlet's word against an officer's: both are quoted, so a dispute.
        assert_eq!(found[0].severity, Severity::Dispute);
    }

    #[test]
    fn a_report_of_the_deniers_own_word_conflicts() {
        let text = "A report alleged a top U.S. official told Iraqi officials the U.S. was preparing to withdraw from Iraq. \
                    That report was quickly denied by the U.S.";
        let found = detect(&AssertionDenial, &[("b", "2021-07-22", text)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Conflict);
    }

    #[test]
    fn a_denial_near_an_office_holder_or_an_unrelated_figure_is_not() {
        // The nearest report is of who holds an office; the figure is an earlier sentence's,
        // not the report the ministry calls false.
        let text = "The newspaper reported that 2,000 U.S. troops are in Syria. \
                    The newspaper reported that President Joe Biden was in Ankara. \
                    The ministry called the report false.";
        let (claims, found) = crate::detect::testing::detect_with_claims(&AssertionDenial, &[("b", "2019-10-20", text)]);
        assert!(claims.iter().any(|c| c.kind.name() == "denial"), "{claims:?}");
        assert!(read(&claims, "troop-count", Status::Reported), "{claims:?}");
        assert!(read(&claims, "office-holder", Status::Reported), "{claims:?}");
        assert_eq!(found, vec![]);
        // A denial of its own content ("claims that Germany would withdraw 9,500 troops from
        // Poland") does not answer a report of another figure before it.
        let text = "The U.S. will keep 1,000 troops in Syria, according to The Wall Street Journal. \
                    Officials rejected claims that Germany would withdraw 9,500 troops from Poland.";
        let (claims, found) = crate::detect::testing::detect_with_claims(&AssertionDenial, &[("b", "2019-03-17", text)]);
        assert!(claims.iter().any(|c| c.kind.name() == "denial"), "{claims:?}");
        assert!(read(&claims, "troop-count", Status::Reported), "{claims:?}");
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_report_and_its_denial_conflict_in_one_article() {
        let found = detect(&AssertionDenial, &[("b", "2021-07-22", DENIED)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.ends_with("us denied the report"), "{}", found[0].why);
        // A report nobody denies is only a report.
        let (claims, undenied) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[(
                "b",
                "2021-07-22",
                "A report alleged that the U.S. was preparing to withdraw from Iraq.",
            )],
        );
        assert!(claims.iter().any(|c| c.status == crate::claim::Status::Reported), "{claims:?}");
        assert_eq!(undenied, vec![]);
    }

    #[test]
    fn a_figure_inside_a_denied_report_meets_the_same_figure_asserted() {
        let denied = "The Pentagon denied a newspaper report that it was considering withdrawing 4,500 troops from South Korea.";
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-06-01", "The U.S. will withdraw 4,500 troops from South Korea."),
                ("b", "2024-06-02", denied),
            ],
        );
        assert!(claims.iter().any(|c| c.status == crate::claim::Status::Denied), "{claims:?}");
        assert_eq!(assertions(found).len(), 1);
        // The same denial against a different figure is no conflict.
        let (claims, other) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-06-01", "The U.S. will withdraw 1,000 troops from South Korea."),
                ("b", "2024-06-02", denied),
            ],
        );
        // The asserted 1,000, the denial, and the 4,500 inside the report it denies.
        assert_eq!(claims.len(), 3, "{claims:?}");
        assert!(claims.iter().any(|c| c.status == crate::claim::Status::Denied), "{claims:?}");
        assert_eq!(assertions(other), vec![]);
    }

    /// Whether a claim of `kind` with `status` was read: a negative test first shows the
    /// tempting claims are there.
    fn read(claims: &[Claim], kind: &str, status: Status) -> bool {
        claims.iter().any(|c| c.kind.name() == kind && c.status == status)
    }

    /// Findings that pair a source's own claim with a denial, leaving out report-vs-denial ones.
    fn assertions(found: Vec<Finding>) -> Vec<Finding> {
        found.into_iter().filter(|f| f.sides[0].role == "assertion").collect()
    }

    #[test]
    fn a_denial_of_something_else_or_much_later_is_not() {
        let (claims, other) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2021-07-23", "There are 2,500 U.S. troops in Iraq."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        // The tempting pair was read: a troop count, and a denial after its report.
        assert!(claims.iter().any(|c| c.kind.name() == "troop-count"), "{claims:?}");
        assert!(claims.iter().any(|c| c.kind.name() == "denial"), "{claims:?}");
        assert_eq!(assertions(other), vec![]);
        let (claims, later) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-01-25", "US combat troops must leave Iraq by the end of the year."),
                ("b", "2021-07-22", DENIED),
            ],
        );
        assert!(claims.iter().any(|c| c.kind.name() == "deadline"), "{claims:?}");
        assert_eq!(assertions(later), vec![]);
    }

    #[test]
    fn a_denied_figure_meets_only_the_figure_it_denies() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-01-25", "The U.S. will keep 1,000 troops in Iraq."),
                ("b", "2024-01-25", "The U.S. will keep 3,000 troops in Iraq."),
                (
                    "c",
                    "2024-01-26",
                    "The Pentagon denied that the U.S. will keep 1,000 troops in Iraq.",
                ),
            ],
        );
        assert!(claims.iter().any(|c| c.status == crate::claim::Status::Denied), "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].why.contains("1000"), "{}", found[0].why);
        assert!(!found[0].why.contains("3000"), "{}", found[0].why);
    }

    #[test]
    fn a_force_said_to_be_there_conflicts_with_a_denial_that_it_is() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-10-25", "North Korea has denied sending troops to Russia."),
                (
                    "b",
                    "2024-10-28",
                    "About 10,000 North Korean troops are in Russia, the Pentagon said.",
                ),
            ],
        );
        assert!(claims.iter().any(|c| c.denies_presence()), "{claims:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Conflict);
        assert!(found[0].why.contains("north-korea denied"), "{}", found[0].why);
    }

    #[test]
    fn a_plan_another_force_or_place_or_an_old_figure_does_not_meet_a_denial_of_presence() {
        let (claims, found) = crate::detect::testing::detect_with_claims(
            &AssertionDenial,
            &[
                ("a", "2024-10-25", "North Korea has denied sending troops to Russia."),
                // A plan is no proof the force is there.
                ("b", "2024-10-26", "North Korea will send 10,000 troops to Russia, officials said."),
                // Another party's force, and the same force elsewhere.
                ("c", "2024-10-27", "About 10,000 Chinese troops are in Russia."),
                ("d", "2024-10-27", "About 1,000 North Korean troops are in Laos."),
                // History: there years before the denial.
                ("e", "2024-10-27", "In 2015, 300 North Korean troops were in Russia for drills."),
                // Said half a year later: the denial is old news by then.
                ("f", "2025-05-01", "About 10,000 North Korean troops are in Russia."),
            ],
        );
        assert_eq!(claims.iter().filter(|c| c.kind.name() == "troop-count").count(), 5, "{claims:?}");
        assert!(claims.iter().any(|c| c.denies_presence()), "{claims:?}");
        assert_eq!(found, vec![]);
    }
}
