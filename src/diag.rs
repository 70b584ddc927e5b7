//! Diagnostics a rule author can act on: code, message, file:line:col, the source line with
//! carets, a help line, and a second place where one helps ("first defined here").
//!
//! Rendering is annotate-snippets' (the renderer rustc and cargo use) so the layout is one a
//! reader already knows; this module only collects what to say and keeps the order stable.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: the file's path as shown, its text, and a byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub span: Range<usize>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short kebab-case code, stable across releases: `bad-regex`, `unknown-key`, ...
    pub code: &'static str,
    pub message: String,
    pub primary: Option<Place>,
    pub secondary: Option<Place>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, path: &Path, span: Range<usize>, label: impl Into<String>) -> Self {
        self.primary = Some(Place {
            path: path.to_path_buf(),
            span,
            label: label.into(),
        });
        self
    }

    pub fn also(mut self, path: &Path, span: Range<usize>, label: impl Into<String>) -> Self {
        self.secondary = Some(Place {
            path: path.to_path_buf(),
            span,
            label: label.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The key diagnostics are sorted by: file, then offset, then code.
    pub fn sort_key(&self) -> (Option<&Path>, usize, &'static str, &str) {
        let place = self.primary.as_ref();
        (
            place.map(|p| p.path.as_path()),
            place.map_or(0, |p| p.span.start),
            self.code,
            &self.message,
        )
    }

    /// Renders the diagnostic; `read` gives the text of a file named in a place.
    pub fn render(&self, read: &dyn Fn(&Path) -> Option<String>) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let texts: Vec<(String, Option<String>)> = [&self.primary, &self.secondary]
            .into_iter()
            .flatten()
            .map(|p| (display_path(&p.path), read(&p.path)))
            .collect();
        let mut elements = Vec::new();
        let places: Vec<&Place> = [&self.primary, &self.secondary].into_iter().flatten().collect();
        for (i, place) in places.iter().enumerate() {
            let (path, text) = &texts[i];
            let Some(text) = text else { continue };
            let span = clamp(text, place.span.clone());
            let kind = if i == 0 { AnnotationKind::Primary } else { AnnotationKind::Context };
            elements.push(
                Snippet::source(text.as_str())
                    .path(path.as_str())
                    .fold(true)
                    .annotation(kind.span(span).label(place.label.as_str())),
            );
        }
        let group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code)).elements(elements);
        let mut report = vec![group];
        if let Some(help) = &self.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        let mut out = Renderer::plain().render(&report);
        // A place in a file that could not be read still names the file.
        if matches!(texts.first(), Some((_, None))) {
            out.push_str(&format!("\n  --> {}", texts[0].0));
        }
        out
    }
}

fn clamp(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Paths in output use `/` whatever the platform, so reports and snapshots are the same bytes.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Renders every diagnostic, sorted, separated by blank lines, with a closing count.
pub fn render_all(diagnostics: &mut [Diagnostic], read: &dyn Fn(&Path) -> Option<String>) -> String {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&d.render(read));
        out.push_str("\n\n");
    }
    let n_errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let n_warnings = diagnostics.len() - n_errors;
    out.push_str(&format!(
        "{n_errors} error{}, {n_warnings} warning{}\n",
        plural(n_errors),
        plural(n_warnings)
    ));
    out
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
