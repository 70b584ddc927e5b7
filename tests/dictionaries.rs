//! A `{party}` placeholder finds a dictionary's aliases the same way whether the dictionary is
//! large enough to be matched once per text (`rules::masks`) or small enough to be spelled out
//! inside the pattern: multi-word aliases across any white space, dotted abbreviations, the
//! dictionary's own case rule over the rule's, and never inside a longer word.

mod common;
use common::{run, temp_dir};

/// The pack, with `filler` extra entities in each dictionary: 64 aliases or more make a
/// dictionary masked.
fn pack(filler: usize) -> String {
    let padding = |prefix: &str| -> String { (0..filler).map(|i| format!("{prefix}{i} = [\"{prefix} Filler{i}\"]\n")).collect() };
    format!(
        r#"
[[kind]]
name = "force-size"
description = "How many troops a party has."
value = "quantity"
compare = ["level"]

[dictionary.party]
case-sensitive = true

[dictionary.party.entities]
us = ["United States", "U.S.", "US"]
russia = ["Russia"]
pentagon = ["the Pentagon"]
{party_padding}
[dictionary.group]
case-sensitive = false

[dictionary.group.entities]
hamas = ["Hamas"]
{group_padding}
[[rule]]
id = "force-size"
kind = "force-size"
description = "'200 U.S. troops'"
patterns = [
  '''{{value:\d+}} {{subject:party}} troops''',
  '''{{value:\d+}} {{subject:group}} fighters''',
]

[[rule.example]]
text = "There are 100 United  States troops there."
expect = {{ subject = "us", value = "100" }}

[[rule.example]]
text = "There are 200 U.S. troops there."
expect = {{ subject = "us", value = "200" }}

[[rule.example]]
text = "There are 300 US TROOPS there."
expect = {{ subject = "us", value = "300" }}

[[rule.example]]
text = "Some 400 Russia troops."
expect = {{ subject = "russia", value = "400" }}

[[rule.example]]
text = "Some 500 the Pentagon troops."
expect = {{ subject = "pentagon", value = "500" }}

[[rule.example]]
text = "Some 600 HAMAS fighters."
expect = {{ subject = "hamas", value = "600" }}

[[rule.counter-example]]
text = "There are 300 us troops there."

[[rule.counter-example]]
text = "There are 300 united states troops there."

[[rule.counter-example]]
text = "There are 400 Prussia troops there."

[[rule.counter-example]]
text = "There are 400 Russian troops there."

[[rule.counter-example]]
text = "There are 200 U.S.A. troops there."

[[rule.counter-example]]
text = "Some 600 Hamasi fighters."
"#,
        party_padding = padding("party"),
        group_padding = padding("group"),
    )
}

#[test]
fn a_party_placeholder_finds_whole_aliases_in_any_spacing_and_the_dictionarys_case() {
    for (filler, label) in [(0, "spelled out"), (70, "matched once per text")] {
        let rules = temp_dir(&format!("dictionary-rules-{filler}"));
        std::fs::write(rules.join("pack.toml"), pack(filler)).unwrap();
        let out = run(&["rules", "test", "--rules", rules.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{label}:\n{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("12 passed"), "{label}: every example ran\n{}", out.stdout);
        let _ = std::fs::remove_dir_all(&rules);
    }
}
