//! The HTML report in a real browser: headless Chromium (Debian's `chromium`) loads the seed
//! report, its DOM is checked (every finding, every quote marked, the script ran without an
//! error, nothing written to the console), and screenshots at 1280 and 390 pixels wide are left
//! in `target/screenshots/` for a person to look at.
//!
//! Without Chromium the test installs Debian's package when it can (root with apt-get, as on a
//! fresh machine of this project's kind), so `cargo test` alone is enough; otherwise it fails,
//! saying how to install it. `CLAIMCHECK_SKIP_BROWSER=1` skips it on purpose.

mod common;
use common::{root, run, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLAIMCHECK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Installs Debian's `chromium` with apt-get when this is Debian and we may; whether it ran.
fn install_chromium() -> bool {
    if std::env::var_os("CLAIMCHECK_SKIP_BROWSER").is_some() || !Path::new("/usr/bin/apt-get").exists() {
        return false;
    }
    let quiet = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    quiet(&["update", "-qq"]) && quiet(&["install", "-y", "-qq", "chromium"])
}

/// Runs Chromium headless on `url` with a fresh profile, killed after a minute; returns
/// standard output and standard error.
fn headless(browser: &Path, profile: &Path, extra: &[&str], url: &str) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read_out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let read_err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (read_out.join().unwrap(), read_err.join().unwrap())
}

/// Console lines Chromium logged for the page: the report writes none, so any is a failure.
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// The quote as the browser serialises the report's mark: white space squashed, and only
/// `&`, `<`, `>` and no-break spaces escaped (a DOM dump writes quotes in text as they are).
fn marked(quote: &str) -> String {
    let squashed = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squashed
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;");
    format!("<mark>{text}</mark>")
}

#[test]
fn the_seed_html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium().or_else(|| install_chromium().then(chromium).flatten()) else {
        if std::env::var_os("CLAIMCHECK_SKIP_BROWSER").is_some() {
            eprintln!("skipped: CLAIMCHECK_SKIP_BROWSER is set and no chromium was found");
            return;
        }
        panic!(
            "no chromium on PATH: install it (`apt-get install -y chromium`, as .ci/run does) or set \
             CLAIMCHECK_SKIP_BROWSER=1 to skip this test on purpose"
        );
    };
    // The seeds with one finding reviewed, so the review status is drawn too.
    let dir = temp_dir("browser");
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") || path.file_name().is_some_and(|n| n == "corpus.toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let corpus = dir.to_str().unwrap();
    let json = run(&["check", corpus, "--format", "json", "--fail-on", "never"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let first = findings[0]["id"].as_str().unwrap();
    let reviewed = run(&[
        "review",
        first,
        corpus,
        "--status",
        "explained",
        "--reason",
        "<official> & \"actual\" strength",
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(reviewed.code, 0, "{}", reviewed.stderr);
    let page = dir.join("report.html");
    let out = run(&[
        "check",
        corpus,
        "--format",
        "html",
        "--fail-on",
        "never",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let url = format!("file://{}", page.display());

    let profile = temp_dir("browser-profile");
    let (dom, stderr) = headless(&browser, &profile, &["--dump-dom"], &url);
    assert!(
        dom.contains("data-script=\"ready\""),
        "the filter script ran: {}",
        &dom[..dom.len().min(400)]
    );
    assert!(
        dom.contains("<p id=\"script-errors\" class=\"stale\" role=\"alert\" hidden=\"\"></p>"),
        "no script error was recorded"
    );
    let console = console_lines(&stderr);
    assert!(console.is_empty(), "console messages:\n{}", console.join("\n"));
    for finding in findings {
        let id = finding["id"].as_str().unwrap();
        assert!(dom.contains(&format!("id=\"{id}\"")), "finding {id} is in the DOM");
    }
    let mut n_quotes = 0;
    for claim in doc["claims"].as_array().unwrap() {
        let quote = claim["provenance"]["quote"].as_str().unwrap();
        assert!(dom.contains(&marked(quote)), "the quote of {} is highlighted: {quote}", claim["id"]);
        n_quotes += 1;
    }
    assert!(n_quotes >= 10, "the seeds' findings cite claims");
    // The review and its escaped reason, the filters (shown by the script) and a timeline.
    assert!(dom.contains("Review: explained"), "review status is shown");
    assert!(dom.contains("&lt;official&gt; &amp; \"actual\" strength"), "reason escaped");
    assert!(
        dom.contains("<form id=\"filters\" class=\"filters\" aria-label=\"Filter findings\">"),
        "filters shown"
    );
    assert!(dom.contains("<svg viewBox"), "a timeline is drawn");

    // Without JavaScript the page is still complete: every finding, the filters stay hidden.
    // (Headless Chromium's --dump-dom needs scripting on, so the page is loaded with its script
    // cut out instead.)
    let html = std::fs::read_to_string(&page).unwrap();
    let (head, rest) = html.split_once("<script>").expect("the page has its script");
    let (_, tail) = rest.split_once("</script>").unwrap();
    let static_page = dir.join("report-no-script.html");
    std::fs::write(&static_page, format!("{head}{tail}")).unwrap();
    let profile = temp_dir("browser-profile-nojs");
    let (dom, _) = headless(&browser, &profile, &["--dump-dom"], &format!("file://{}", static_page.display()));
    assert!(!dom.contains("data-script=\"ready\""), "the script did not run");
    assert!(
        dom.contains("<form id=\"filters\" class=\"filters\" hidden=\"\""),
        "no dead controls without a script"
    );
    for finding in findings {
        let id = finding["id"].as_str().unwrap();
        assert!(dom.contains(&format!("id=\"{id}\"")), "finding {id} is shown without JavaScript");
    }

    // Screenshots at a laptop's and a phone's width, for a person to look at.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (width, height) in [(1280, 2400), (390, 2400)] {
        let file = shots.join(format!("report-{width}.png"));
        let _ = std::fs::remove_file(&file);
        let profile = temp_dir(&format!("browser-profile-{width}"));
        let (_, stderr) = headless(
            &browser,
            &profile,
            &[
                &format!("--screenshot={}", file.display()),
                &format!("--window-size={width},{height}"),
            ],
            &url,
        );
        let png = std::fs::read(&file).unwrap_or_else(|e| panic!("no screenshot at {}: {e}\n{stderr}", file.display()));
        assert_eq!(&png[1..4], b"PNG");
        // The PNG header's width: the page was laid out at the width asked for.
        let png_width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(png_width, width);
        let console = console_lines(&stderr);
        assert!(console.is_empty(), "console messages at {width} px:\n{}", console.join("\n"));
    }
}
