//! A story no rule was written for (U.S. troops leaving Niger): the pack must generalise.

mod common;
use common::run;

/// `claimcheck try` on one text dated `date`: what the pack reads, rule against rule.
fn try_text(date: &str, text: &str) -> common::Run {
    let out = run(&["try", "--date", date, text]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

#[test]
fn niger_withdrawal_story() {
    let out = run(&["extract", "tests/fixtures/unseen/niger"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "deadline us in niger @ 2024-09-15",
        "troop-count us in niger = ~1000",
        "request niger on withdrawal @ 2024-03",
        "troop-count us in niger = ~650",
        "denial in niger on report that troops would stay beyond september [denied]",
        "position \"Nigerien officials\" (niger) in niger on withdrawal = \"swift\"",
        "timeline \"U.S. officials\" (us) in niger on withdrawal = 12 month",
    ] {
        assert!(out.stdout.contains(expected), "missing {expected:?} in\n{}", out.stdout);
    }
    // Page furniture ("Read More: ...") yields nothing.
    assert!(!out.stdout.contains("Sahel after the coups"), "{}", out.stdout);

    let check = run(&["check", "tests/fixtures/unseen/niger", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let whys: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["why"].as_str().unwrap())
        .collect();
    // One finding for the key and its week, listing every distinct figure with its articles.
    assert!(
        whys.iter()
            .any(|w| w.starts_with("2 different values for us troop-count in niger") && w.contains("~650 (paper-b)")),
        "{whys:?}"
    );
    assert!(
        whys.iter()
            .any(|w| w.starts_with("a deadline of 2024-09-15 is earlier than the shortest proposed duration")),
        "{whys:?}"
    );
    assert!(
        whys.iter().any(|w| w.contains("niger holds \"swift\" while us holds 12 month")),
        "{whys:?}"
    );
    // ~1,000 and ~1,100 overlap once hedged: listed as one value, not two.
    assert!(!whys.iter().any(|w| w.contains("~1100 (")), "{whys:?}");
}

/// A figure inside what a party says it is not weighing is denied, counted only through
/// assertion-denial; the same figure said as weighed is possible (the `considering` status
/// context), never an amount made; the same move said as done is one.
#[test]
fn a_figure_a_party_is_not_considering_is_denied() {
    let out = try_text(
        "2025-05-23",
        "Seoul said it had not been notified of any plan to withdraw 2,000 U.S. troops.",
    );
    assert!(out.stdout.contains("= 2000 [denied]"), "{}", out.stdout);
    let out = try_text(
        "2025-05-23",
        "The Pentagon is considering withdrawing 4,500 troops from South Korea.",
    );
    assert!(out.stdout.contains("= 4500 [possible]"), "{}", out.stdout);
    let out = try_text("2025-05-23", "The Pentagon is withdrawing 4,500 troops from South Korea.");
    assert!(out.stdout.contains("= 4500 [change: fewer]"), "{}", out.stdout);
}

/// "At that time" points back to the time the sentence before named, and only that sentence's.
#[test]
fn at_that_time_takes_the_time_of_the_sentence_before() {
    let out = try_text(
        "2023-12-22",
        "France began withdrawing its troops from Niger on October 10. At that time there were about \
         1,400 French servicemen in Niger.",
    );
    assert!(
        out.stdout.contains("troop-count france in niger = ~1400 @ 2023-10-10 [past]"),
        "{}",
        out.stdout
    );
    // A sentence in between: the time is not known, so the figure is never compared.
    let out = try_text(
        "2023-12-22",
        "France began withdrawing its troops from Niger on October 10. Officials met. At that time \
         there were about 1,400 French servicemen in Niger.",
    );
    assert!(out.stdout.contains("= ~1400 [past]"), "{}", out.stdout);
    assert!(out.stdout.contains("time from unknown"), "{}", out.stdout);
}

/// Context inference across rules, which a rule's own examples cannot show: they run one rule.
#[test]
fn an_unnamed_force_belongs_to_whose_figures_the_article_gives() {
    // The Taliban are quoted more than the U.S. is counted, but the troops are American.
    let out = try_text(
        "2021-06-01",
        "There are 2,500 U.S. troops in Afghanistan. The Taliban said the deal stands. The Taliban \
         demanded a full exit. Commanders pulled more than 1,500 troops out of the country last month.",
    );
    assert!(
        out.stdout.contains("troop-count us in afghanistan = >=1500 [change: fewer]"),
        "{}",
        out.stdout
    );
    // The country the story is about is where the troops are, not whose they are.
    let out = try_text(
        "2021-08-31",
        "The U.S. completed the withdrawal of its forces from Afghanistan. “We ended the mission to \
         evacuate American citizens and Afghans, and the last C-17 lifted off from Kabul airport on \
         August 30,” the general said.",
    );
    assert!(out.stdout.contains("withdrawal us in afghanistan @ 2021-08-30"), "{}", out.stdout);
    // A group based in the country (the Taliban `within` Afghanistan) is not the force that
    // leaves it, though named nearest.
    let out = try_text(
        "2021-05-01",
        "According to the Doha agreement between the US and the Taliban, the withdrawal of foreign \
         troops from Afghanistan was supposed to be completed by Saturday, May 1.",
    );
    assert!(
        out.stdout.contains("deadline us in afghanistan @ 2021-05-01 [past]"),
        "{}",
        out.stdout
    );
}

/// The conflicts of a corpus made of `(name, date, text)` articles, as `why` lines.
fn conflicts(name: &str, articles: &[(&str, &str, &str)]) -> Vec<String> {
    let dir = common::temp_dir(name);
    for (file, date, text) in articles {
        std::fs::write(dir.join(format!("{file}.txt")), format!("+++\npublished = {date}\n+++\n{text}\n")).unwrap();
    }
    let out = run(&["check", dir.to_str().unwrap(), "--format", "json", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "conflict")
        .map(|f| f["why"].as_str().unwrap().to_string())
        .collect()
}

/// A figure dated by the "when" clause before it ("in November, when there were about 4,000")
/// meets the figures of that time, and only those.
#[test]
fn a_when_clause_dates_a_past_figure() {
    let now = (
        "wire",
        "2020-11-17",
        "Approximately 4,500 U.S. troops are currently in Afghanistan.",
    );
    let then = |month: &str| {
        format!("Trump, who ordered the reduction in {month}, when there were about 4,000 U.S. troops in Afghanistan, spoke on Thursday.")
    };
    let november = then("November");
    let found = conflicts("when-clause-same", &[now, ("later", "2021-01-15", &november)]);
    assert!(found.iter().any(|w| w.contains("~4500") && w.contains("~4000")), "{found:?}");
    // The same words for a month long before: the force was another size then. The figure is
    // read, with that month, so the empty list is the detector's doing.
    let may = then("May");
    let read = try_text("2021-01-15", &may);
    assert!(read.stdout.contains("= ~4000 @ 2020-05 [past]"), "{}", read.stdout);
    let found = conflicts("when-clause-other", &[now, ("later", "2021-01-15", &may)]);
    assert!(found.is_empty(), "{found:?}");
}

/// One request told at two months is misdated in one story; a request a year on is another.
#[test]
fn a_request_put_at_two_times_conflicts() {
    let march = (
        "wire",
        "2024-05-03",
        "Niger's military rulers told Washington in March that it must withdraw its troops.",
    );
    let april = (
        "paper",
        "2024-05-19",
        "Niger's ruling junta last month told the United States to withdraw its troops.",
    );
    let found = conflicts("request-twice", &[march, april]);
    assert!(found.iter().any(|w| w.contains("2024-03") && w.contains("2024-04")), "{found:?}");
    let next_year = (
        "paper",
        "2025-05-19",
        "Niger's ruling junta last month told the United States to withdraw its troops.",
    );
    let read = try_text(next_year.1, next_year.2);
    assert!(read.stdout.contains("request niger on withdrawal @ 2025-04"), "{}", read.stdout);
    let found = conflicts("request-again", &[march, next_year]);
    assert!(found.is_empty(), "{found:?}");
}

/// "Reports have suggested" opens what reports say, not the source: the figure is reported.
#[test]
fn what_reports_suggested_is_reported() {
    let out = try_text(
        "2018-12-24",
        "Reports have suggested US forces will leave Syria within 60 to 100 days.",
    );
    assert!(out.stdout.contains("= 60..100 day [reported]"), "{}", out.stdout);
    let out = try_text("2018-12-24", "US forces will leave Syria within 60 to 100 days, officials said.");
    assert!(out.stdout.contains("= 60..100 day"), "{}", out.stdout);
    assert!(!out.stdout.contains("[reported]"), "{}", out.stdout);
}

/// A headline's "to deploy N" is an amount sent (the `to-send` status context); the same
/// figure said as held is a level.
#[test]
fn a_headline_to_deploy_is_an_amount_and_a_force_held_is_a_level() {
    let out = try_text("2018-10-29", "Pentagon to deploy 5,200 troops to the border.");
    assert!(out.stdout.contains("= 5200 [change: more]"), "{}", out.stdout);
    let out = try_text("2018-10-29", "The Pentagon has 5,200 troops at the border.");
    assert!(out.stdout.contains("troop-count us = 5200 "), "{}", out.stdout);
    assert!(!out.stdout.contains("[change"), "{}", out.stdout);
}

/// A deadline named missed or earlier is an old one (the `missed-deadline` status context); one
/// named plainly is the plan.
#[test]
fn a_missed_deadline_is_past_and_a_plain_one_planned() {
    let out = try_text("2025-02-17", "Israeli forces missed the earlier January deadline.");
    assert!(out.stdout.contains("deadline israel @ 2025-01 [past]"), "{}", out.stdout);
    let out = try_text("2025-02-17", "Israeli forces face a February deadline.");
    assert!(out.stdout.contains("deadline israel @ 2025-02 "), "{}", out.stdout);
    assert!(!out.stdout.contains("[past]"), "{}", out.stdout);
}

/// A force at home: a region (`regions` in the dictionaries) names where a force is, and a
/// force a region names ("the California National Guard") is its country's.
#[test]
fn a_force_at_home_is_placed_in_its_region_and_owned_by_its_country() {
    let out = try_text(
        "2025-06-10",
        "Trump deployed 2,000 California National Guard troops to Los Angeles.",
    );
    assert!(
        out.stdout.contains("troop-count (national-guard) us in los-angeles = 2000"),
        "{}",
        out.stdout
    );
    // A region before a figure is where the troops are, never whose.
    let out = try_text("2025-06-10", "In Los Angeles, around 1,000 troops were on the streets.");
    assert!(out.stdout.contains("troop-count in los-angeles = ~1000"), "{}", out.stdout);
    assert!(!out.stdout.contains("troop-count los-angeles"), "{}", out.stdout);
}

/// The force noun after a figure scopes it (`force-nouns` of the scope dictionary): Marines are a part of
/// the force, set against Marines only.
#[test]
fn marines_are_compared_with_marines_not_with_all_troops() {
    let dir = common::temp_dir("force-nouns");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "a.txt",
        "+++\npublished = 2025-06-10\noutlet = \"A\"\n+++\nThere are 700 Marines and 4,100 troops in Los Angeles.\n",
    );
    write(
        "b.txt",
        "+++\npublished = 2025-06-10\noutlet = \"B\"\n+++\nThere are 900 Marines in Los Angeles.\n",
    );
    let out = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let whys: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["why"].as_str().unwrap())
        .collect();
    assert!(
        whys.iter()
            .any(|w| w.contains("for marines troop-count in los-angeles") && w.contains("700 (a)") && w.contains("900 (b)")),
        "{whys:?}"
    );
    assert!(!whys.iter().any(|w| w.contains("4100") && w.contains("900")), "{whys:?}");
}

/// A party after "with" is who the subject deals with: "a deal with the Taliban to reduce
/// troop levels" is not the Taliban's deadline.
#[test]
fn a_party_after_with_is_not_the_subject() {
    let out = try_text(
        "2021-01-15",
        "The U.S. struck a deal with the Taliban to reduce troop levels and to be gone by May 2021.",
    );
    assert!(out.stdout.contains("deadline"), "{}", out.stdout);
    assert!(!out.stdout.contains("deadline (reduction) taliban"), "{}", out.stdout);
}

/// Scare quotes ("peacekeepers" in quotation marks, as some outlets write a force they dispute)
/// do not hide a figure from a figure rule, and the claim's quote keeps the marks as written.
#[test]
fn a_figure_of_a_force_in_scare_quotes_is_read() {
    let out = try_text(
        "2024-06-12",
        "Several thousand Russian \"peacekeepers\" were deployed to Nagorno-Karabakh in the fall of 2020.",
    );
    assert!(
        out.stdout
            .contains("troop-count russia in nagorno-karabakh = 2000..9000 @ 2020-09-01..2020-11-30 [past]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\"Several thousand Russian \"peacekeepers\" were deployed"),
        "{}",
        out.stdout
    );
}
