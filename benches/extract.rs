//! Benchmark: the whole check pipeline on a synthetic corpus built from the rule examples,
//! beside the plain "every rule with captures over each article" loop it must keep up with.
//!
//! `cargo bench --bench extract` (add `-- 1000 10000` to choose sizes). Writes the corpus to a
//! temp folder, so loading from disk is timed too. Prints MB/s and claims/s per size.
//! `-- --keep DIR 10000` leaves the corpus in DIR/10000 for timing the binary itself (add
//! `--generate-only` to only write it; `benches/scale.sh` times the binary on it)
//! (`/usr/bin/time -v target/release/claimcheck check DIR/10000 --format json -o /dev/null`).

use claimcheck::{detect, pipeline, report};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A deterministic generator (xorshift), so every run benchmarks the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const FILLER: &[&str] = &[
    "The talks were described as constructive by people familiar with them.",
    "Officials from both sides declined to give further details.",
    "The region has seen years of unrest and shifting alliances.",
    "Analysts said the outcome would shape security policy for years.",
];

fn generate(dir: &Path, n_articles: usize, rules: &claimcheck::rules::RuleSet) -> u64 {
    let mut sentences: Vec<String> = rules
        .rules
        .iter()
        .flat_map(|r| {
            r.examples
                .iter()
                .map(|e| e.text.clone())
                .chain(r.counter_examples.iter().map(|e| e.text.clone()))
        })
        .collect();
    sentences.sort();
    let filler: Vec<String> = FILLER.iter().map(|s| s.to_string()).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut manifest = String::new();
    let mut bytes = 0;
    for i in 0..n_articles {
        let mut text = format!("Headline number {i}\n\n");
        // About 4.8 KB an article, three of four sentences claim-dense, as PERFORMANCE.md's corpus.
        while text.len() < 4800 {
            let s = if rng.next().is_multiple_of(4) {
                rng.pick(&filler)
            } else {
                rng.pick(&sentences)
            };
            text.push_str(s);
            text.push(if rng.next().is_multiple_of(3) { '\n' } else { ' ' });
        }
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("a{i:06}.txt")), text).unwrap();
        manifest.push_str(&format!(
            "[articles.a{i:06}]\npublished = 2024-{:02}-{:02}\n",
            1 + i % 12,
            1 + i % 28
        ));
    }
    std::fs::write(dir.join("corpus.toml"), manifest).unwrap();
    bytes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep: Option<PathBuf> = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    // `--generate-only` writes the corpora (with `--keep`) for timing the binary, and stops.
    let generate_only = args.iter().any(|a| a == "--generate-only");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1000, 10000] } else { sizes };
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let started = Instant::now();
    let rule_set = pipeline::load_rules(&rules_dir).unwrap_or_else(|d| panic!("{d}"));
    println!(
        "rules: {} compiled in {:.1} ms",
        rule_set.rules.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let outcomes = claimcheck::examples::run(&rule_set, &[]);
    println!(
        "rules test: {} examples in {:.1} ms",
        outcomes.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    for n in sizes {
        let dir: PathBuf = keep.as_ref().map_or_else(
            || std::env::temp_dir().join(format!("claimcheck-bench-{n}")),
            |k| k.join(n.to_string()),
        );
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = generate(&dir, n, &rule_set);
        let mb = bytes as f64 / 1e6;
        if generate_only {
            println!("{n} articles, {mb:.1} MB, written to {}", dir.display());
            continue;
        }

        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let mut seconds = Vec::new();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                // Baseline: every pattern of every rule, with captures, over each whole article
                // read from disk, articles spread over the pool's threads.
                let started = Instant::now();
                let n_matches: usize = paths
                    .par_iter()
                    .map(|path| {
                        let text = std::fs::read_to_string(path).unwrap();
                        // Patterns using a large dictionary search the text with its aliases
                        // found once (rules::masks), as extraction does.
                        let masked = rule_set.masks.apply(&text);
                        rule_set
                            .rules
                            .iter()
                            .flat_map(|r| &r.patterns)
                            .map(|p| p.regex.captures_iter(if p.masked.is_empty() { &text } else { &masked }).count())
                            .sum::<usize>()
                    })
                    .sum();
                let baseline = started.elapsed().as_secs_f64();

                let started = Instant::now();
                let run = pipeline::extract(&rule_set, std::slice::from_ref(&dir), &[]);
                let claims = &run.claims;
                let extracted = started.elapsed().as_secs_f64();
                let report = run.check(&detect::Config::default());
                let detected = started.elapsed().as_secs_f64();
                let json = report::check::json(&report);
                let total = started.elapsed().as_secs_f64();
                seconds.push(total);
                println!(
                    "{n} articles, {mb:.1} MB, {threads} thread{}: capture loop {baseline:.2} s = {:.1} MB/s ({n_matches} matches); \
                     whole check {total:.2} s = {:.1} MB/s, {:.2}x the loop (extract {extracted:.2} s, {:.0} claims/s; \
                     graph + detectors {:.2} s; JSON {:.2} s); {} claims, {} findings, {} KB of JSON",
                    if threads == 1 { "" } else { "s" },
                    mb / baseline,
                    mb / total,
                    baseline / total,
                    claims.len() as f64 / extracted,
                    detected - extracted,
                    total - detected,
                    claims.len(),
                    report.findings.len(),
                    json.len() / 1024
                );
            });
        }
        println!("  2 threads vs 1: {:.2}x", seconds[0] / seconds[1]);

        // Each pattern alone over the texts in memory: where the time goes.
        let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
        let masked: Vec<String> = texts.iter().map(|t| rule_set.masks.apply(t).into_owned()).collect();
        let mut per_pattern: Vec<(f64, String)> = Vec::new();
        for rule in &rule_set.rules {
            for (i, p) in rule.patterns.iter().enumerate() {
                let t = Instant::now();
                let texts = if p.masked.is_empty() { &texts } else { &masked };
                let found: usize = texts.iter().map(|text| p.regex.captures_iter(text).count()).sum();
                per_pattern.push((t.elapsed().as_secs_f64(), format!("{}#{} ({found} matches)", rule.id, i + 1)));
            }
        }
        per_pattern.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slowest: Vec<String> = per_pattern
            .iter()
            .take(4)
            .map(|(t, name)| format!("{name} {:.0} MB/s", mb / t))
            .collect();
        println!("  slowest patterns (whole texts, anchors not applied): {}", slowest.join(", "));
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
