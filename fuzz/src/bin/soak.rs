//! A plain mutation-fuzzing harness for machines without cargo-fuzz or libFuzzer: it mutates the
//! seed articles, the catalogue's bad inputs and the default rule files with a fixed-seed
//! generator, runs each input through the same code as the libFuzzer targets, and saves any
//! input that panics to `fuzz/artifacts/soak/`.
//!
//! `cargo run --release --no-default-features --bin soak -- [SECONDS] [SEED]` (default 60 s, seed 1).
//! Not coverage-guided: it finds what random edits of realistic input find, no more.

use claimcheck_fuzz::{extract_input, repo_root, rules_input};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fixed-seed, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces that broke claimcheck before or sit at its edges.
const TOKENS: &[&str] = &[
    "“",
    "”",
    "‘",
    "’",
    "\u{a0}",
    "\u{2003}",
    "\u{feff}",
    "\u{308}",
    "\r",
    "\r\n",
    "\n",
    "+++\n",
    "+++\r\n",
    "U.S.",
    "No.",
    "Gen.",
    "2,500",
    "30,000-year",
    "30,000 years ago",
    "99999999999999999999999",
    "1e308",
    "troops",
    "in Iraq",
    "said",
    "last month",
    "by the end of the year",
    "published = 2024-01-25\n",
    "published = 2024-13-01\n",
    "outlet = \"x\"\n",
    "[[rule]]\n",
    "id = \"x\"\n",
    "kind = \"troop-count\"\n",
    "patterns = ['''{value:count} troops''']\n",
    "{value:count}",
    "{party}",
    "(?P<value>",
    "x*",
    ".*",
    "[[rule.example]]\ntext = \"",
    "expect = { value = \"1\" }\n",
    "'''",
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "=",
    ".",
    " ",
    "\u{10ffff}",
];

fn seeds() -> Vec<(bool, Vec<u8>)> {
    let root = repo_root();
    let mut out = Vec::new();
    let add_dir = |dir: &Path, is_rules: bool, out: &mut Vec<(bool, Vec<u8>)>| {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() {
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                    let rules_file = ext == "toml" && !path.ends_with("expect.toml") && !path.ends_with("corpus.toml");
                    if (is_rules && rules_file) || (!is_rules && (ext == "txt" || ext == "md")) {
                        if let Ok(bytes) = std::fs::read(&path) {
                            if bytes.len() < 200_000 {
                                out.push((is_rules, bytes));
                            }
                        }
                    }
                }
            }
        }
    };
    add_dir(&root.join("seeds"), false, &mut out);
    add_dir(&root.join("tests/fixtures"), false, &mut out);
    add_dir(&root.join("rules"), true, &mut out);
    add_dir(&root.join("tests/fixtures"), true, &mut out);
    out
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[(bool, Vec<u8>)]) {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(8) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            3 if !input.is_empty() => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at.min(end)..end);
            }
            4 if !input.is_empty() => {
                let start = rng.below(input.len());
                let end = (start + rng.below(256)).min(input.len());
                let piece = input[start..end].to_vec();
                input.splice(at..at, piece);
            }
            5 => {
                let other = &pool[rng.below(pool.len())].1;
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + rng.below(512)).min(other.len());
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            6 => input.insert(at, rng.next() as u8),
            _ => input.truncate(at),
        }
    }
    input.truncate(1 << 16);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let pool = seeds();
    assert!(!pool.is_empty(), "no seed inputs found under {}", repo_root().display());
    let artifacts: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/soak");
    // Panics are counted and saved, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed.max(1));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut panics) = (0u64, 0u64);
    let started = Instant::now();
    let mut last_note = Instant::now();
    while Instant::now() < deadline {
        let (is_rules, base) = &pool[rng.below(pool.len())];
        let mut input = base.clone();
        mutate(&mut rng, &mut input, &pool);
        let result = catch_unwind(AssertUnwindSafe(|| {
            if *is_rules {
                rules_input(&input)
            } else {
                extract_input(&input)
            }
        }));
        runs += 1;
        if let Err(payload) = result {
            panics += 1;
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let _ = std::fs::create_dir_all(&artifacts);
            let name = format!("{}-{runs}", if *is_rules { "rules" } else { "extract" });
            let _ = std::fs::write(artifacts.join(&name), &input);
            eprintln!("PANIC in {name}: {message}");
        }
        if last_note.elapsed() > Duration::from_secs(60) {
            eprintln!("{} s: {runs} runs, {panics} panics", started.elapsed().as_secs());
            last_note = Instant::now();
        }
    }
    println!(
        "soak seed {seed}: {runs} runs in {} s, {panics} panics{}",
        started.elapsed().as_secs(),
        if panics > 0 {
            format!(" (inputs in {})", artifacts.display())
        } else {
            String::new()
        }
    );
    if panics > 0 {
        std::process::exit(1);
    }
}
