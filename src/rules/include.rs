//! `include = ["../../words.toml"]`: a pack loads another pack's file as one of its own, so an
//! example pack shares the default pack's words instead of copying them (copies drift apart).

use super::SourceFile;
use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

#[derive(Deserialize)]
struct Includes {
    #[serde(default)]
    include: Vec<Spanned<String>>,
}

/// `base/rel` with `.` and `..` resolved in the words, so one file included twice (or a file
/// of the folder included again) is recognised and loaded once.
fn join(base: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for part in base.join(rel).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Appends the files `files` include, and the files those include, each once. A file that
/// cannot be read is an error at its `include` entry. A file whose TOML is broken is left to
/// the parser, which reports it with its place.
pub(super) fn add_included(files: &mut Vec<SourceFile>, diagnostics: &mut Vec<Diagnostic>) {
    let mut at = 0;
    while at < files.len() {
        let includes = toml::from_str::<Includes>(&files[at].text).map(|i| i.include).unwrap_or_default();
        let base = files[at].path.parent().map(Path::to_path_buf).unwrap_or_default();
        for entry in includes {
            let path = join(&base, entry.get_ref());
            if files.iter().any(|f| join(Path::new(""), &f.path.to_string_lossy()) == path) {
                continue;
            }
            let read = if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                std::fs::read_to_string(&path).map_err(|e| e.to_string())
            } else {
                Err("not a readable regular file".to_string())
            };
            match read {
                Ok(text) => files.push(SourceFile { path, text }),
                Err(e) => diagnostics.push(
                    Diagnostic::error("unreadable-file", format!("cannot include {}: {e}", path.display())).at(
                        &files[at].path,
                        entry.span(),
                        "included here",
                    ),
                ),
            }
        }
        at += 1;
    }
}
