//! The bad-input catalogue: every folder of `tests/fixtures/bad-input/` is one hostile input
//! and what must happen to it. The folder is copied to a fresh temporary folder, the binary runs
//! there with the case's arguments, and the exit code and a piece of the output are checked.
//!
//! `expect.toml` of a case:
//!
//! ```toml
//! # What the case is about (one line, shown on failure).
//! args = ["check", "a.txt", "--rules", "{rules}"]   # {rules}: the default pack, {root}: the repo
//! exit = 2                                          # the exact exit code
//! stderr = "no such file"                           # a substring of standard error (optional)
//! stdout = "1 claims"                               # a substring of standard output (optional)
//! stdout-absent = "inf"                             # must NOT be in standard output (optional)
//! file = "out.txt"                                  # a file the run must leave (optional) ...
//! file-contains = "1 claims"                        # ... holding this
//! setup = [["fifo", "x.txt"], ["symlink", "/dev/zero", "zero.txt"], ["mkdir", "empty"],
//!          ["sparse", "big.txt", "17000000"], ["repeat", "long.txt", "word ", "20000"],
//!          ["write", "a.txt", "text with \r escapes"]]
//! ```
//!
//! Whatever the case, the run must not panic (exit 101 or "panicked" on stderr) and must end
//! within a minute. `BAD_INPUT_BIN=path` runs another build, `BAD_INPUT_SKIP=case,case` leaves
//! cases out: with both, an older build shows which cases it fails. Every case names at least one of `stderr`, `stdout` or `file-contains`, so
//! each can fail on its own.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Expect {
    args: Vec<String>,
    exit: i32,
    stderr: Option<String>,
    stdout: Option<String>,
    stdout_absent: Option<String>,
    file: Option<String>,
    file_contains: Option<String>,
    #[serde(default)]
    setup: Vec<Vec<String>>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Creates what git cannot hold: FIFOs, links, empty folders, huge files. `false` when the
/// platform cannot (the case is then skipped, and said so).
fn setup(dir: &Path, steps: &[Vec<String>]) -> bool {
    for step in steps {
        let arg = |i: usize| step.get(i).unwrap_or_else(|| panic!("setup step {step:?} lacks argument {i}"));
        match step[0].as_str() {
            "mkdir" => std::fs::create_dir_all(dir.join(arg(1))).unwrap(),
            "write" => std::fs::write(dir.join(arg(1)), arg(2)).unwrap(),
            "repeat" => std::fs::write(dir.join(arg(1)), arg(2).repeat(arg(3).parse().unwrap())).unwrap(),
            "sparse" => {
                let file = std::fs::File::create(dir.join(arg(1))).unwrap();
                file.set_len(arg(2).parse().unwrap()).unwrap();
            }
            #[cfg(unix)]
            "symlink" => std::os::unix::fs::symlink(arg(1), dir.join(arg(2))).unwrap(),
            #[cfg(unix)]
            "fifo" => {
                let status = Command::new("mkfifo").arg(dir.join(arg(1))).status();
                if !status.is_ok_and(|s| s.success()) {
                    return false;
                }
            }
            other => {
                if cfg!(unix) {
                    panic!("unknown setup step `{other}`");
                }
                return false;
            }
        }
    }
    true
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[String]) -> Outcome {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    // BAD_INPUT_BIN runs the catalogue against another build (an older one, to see the cases fail).
    let bin = std::env::var_os("BAD_INPUT_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_claimcheck").into());
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    }
}

fn check_case(case: &Path, scratch: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let expect_text = std::fs::read_to_string(case.join("expect.toml")).map_err(|e| format!("{name}: expect.toml: {e}"))?;
    let expect: Expect = toml::from_str(&expect_text).map_err(|e| format!("{name}: expect.toml: {e}"))?;
    let about = expect_text.lines().next().unwrap_or_default().trim_start_matches("# ");
    if expect.stderr.is_none() && expect.stdout.is_none() && expect.file_contains.is_none() {
        return Err(format!("{name}: expect.toml names no output to look for, so it could never fail"));
    }
    let dir = scratch.join(&name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(case, &dir);
    std::fs::remove_file(dir.join("expect.toml")).unwrap();
    if !setup(&dir, &expect.setup) {
        eprintln!("{name}: skipped, this platform cannot set it up");
        return Ok(());
    }
    let rules = root().join("rules");
    let args: Vec<String> = expect
        .args
        .iter()
        .map(|a| {
            a.replace("{rules}", rules.to_str().unwrap())
                .replace("{root}", root().to_str().unwrap())
        })
        .collect();
    let out = run(&dir, &args);
    let shown = || {
        format!(
            "{name} ({about})\n  args: {args:?}\n  exit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            out.code,
            out.stdout.chars().take(3000).collect::<String>(),
            out.stderr.chars().take(3000).collect::<String>()
        )
    };
    let mut failures = Vec::new();
    if out.code.is_none() {
        failures.push("did not finish within 60 s (or was killed by a signal)".to_string());
    }
    if out.code == Some(101) || out.stderr.contains("panicked") {
        failures.push("panicked".to_string());
    }
    if out.code != Some(expect.exit) {
        failures.push(format!("expected exit {}, got {:?}", expect.exit, out.code));
    }
    if let Some(want) = &expect.stderr {
        if !out.stderr.contains(want.as_str()) {
            failures.push(format!("stderr lacks {want:?}"));
        }
    }
    if let Some(want) = &expect.stdout {
        if !out.stdout.contains(want.as_str()) {
            failures.push(format!("stdout lacks {want:?}"));
        }
    }
    if let Some(absent) = &expect.stdout_absent {
        if out.stdout.contains(absent.as_str()) {
            failures.push(format!("stdout holds {absent:?}"));
        }
    }
    if let Some(file) = &expect.file {
        match std::fs::read_to_string(dir.join(file)) {
            Ok(text) => {
                if let Some(want) = &expect.file_contains {
                    if !text.contains(want.as_str()) {
                        failures.push(format!("{file} lacks {want:?}; it holds:\n{text}"));
                    }
                }
            }
            Err(e) => failures.push(format!("{file} was not left: {e}")),
        }
    }
    if failures.is_empty() {
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    } else {
        Err(format!("{}\n  FAILED: {}", shown(), failures.join("; ")))
    }
}

#[test]
fn bad_input_catalogue() {
    let cases_dir = root().join("tests/fixtures/bad-input");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    // BAD_INPUT_SKIP=a,b leaves cases out (those that would exhaust memory on an old build).
    let skip = std::env::var("BAD_INPUT_SKIP").unwrap_or_default();
    let skipped: Vec<&str> = skip.split(',').filter(|s| !s.is_empty()).collect();
    assert!(cases.len() >= 40, "the catalogue has {} cases, fewer than 40", cases.len());
    let scratch = std::env::temp_dir().join(format!("claimcheck-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    // Each case starts the binary, which compiles the whole pack: run them on every core.
    let todo: Vec<&PathBuf> = cases.iter().filter(|case| !skipped.iter().any(|s| case.ends_with(s))).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut failed = Vec::new();
                    while let Some(case) = todo.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        if let Err(e) = check_case(case, &scratch) {
                            failed.push(e);
                        }
                    }
                    failed
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    failures.sort();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
