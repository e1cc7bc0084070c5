//! How the commands print diagnostics: rustc style (`error: …`,
//! ` --> file:line:column`, the line with a caret, `= help: …`), with the
//! files of the content folder named by their path from the current folder
//! so that editors and terminals can open them.

use crate::model::{Diagnostic, Severity, SourceSpan};
use std::fmt;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthChar;

/// Prints diagnostics to stderr.
#[derive(Debug, Clone, Default)]
pub struct Printer {
    /// The content folder: report files are named relative to it in
    /// diagnostics and shown with it in front.
    pub content: Option<PathBuf>,
    /// Print errors only.
    pub quiet: bool,
}

impl Printer {
    /// One diagnostic as text, ending with a newline.
    pub fn render(&self, d: &Diagnostic) -> String {
        match self.shown_path(d) {
            Some(path) => Diagnostic {
                file: path,
                ..d.clone()
            }
            .to_string(),
            None => d.to_string(),
        }
    }

    /// All diagnostics as one text (errors and warnings, in order).
    pub fn render_all(&self, diagnostics: &[Diagnostic]) -> String {
        diagnostics
            .iter()
            .map(|d| self.render(d))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Prints each diagnostic (only errors when quiet), a blank line between.
    pub fn print(&self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if self.quiet && d.severity != Severity::Error {
                continue;
            }
            eprintln!("{}", self.render(d));
        }
    }

    /// The file a diagnostic names, as the user can open it.
    pub fn shown_file(&self, d: &Diagnostic) -> String {
        self.shown_path(d).unwrap_or_else(|| d.file.clone())
    }

    /// The path of a report file as the user can open it.
    fn shown_path(&self, d: &Diagnostic) -> Option<String> {
        let content = self.content.as_ref()?;
        let rel = Path::new(&d.file);
        if rel.is_absolute() || !content.join(rel).is_file() {
            return None;
        }
        let joined = content.join(rel);
        let joined = joined.strip_prefix(".").unwrap_or(&joined);
        Some(joined.to_string_lossy().replace('\\', "/"))
    }
}

/// Counts errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A size in bytes as people read it: `512 B`, `3.4 KiB`, `76.0 MiB`,
/// `1.32 GiB`; a limit that is a round number of (decimal) gigabytes, as
/// hosts state theirs, as `1 GB`.
pub fn bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    const GB: u64 = 1_000_000_000;
    let x = n as f64;
    if n >= GB && n % GB == 0 {
        format!("{} GB", n / GB)
    } else if x >= KIB * KIB * KIB {
        format!("{:.2} GiB", x / (KIB * KIB * KIB))
    } else if x >= KIB * KIB {
        format!("{:.1} MiB", x / (KIB * KIB))
    } else if x >= KIB {
        format!("{:.1} KiB", x / KIB)
    } else {
        format!("{n} B")
    }
}

/// The line `build` ends with about the site's size: its bytes, files and
/// largest file.
pub fn site_size(site: &crate::pipeline::SiteSize) -> String {
    let largest = match &site.largest {
        Some((path, size)) => format!("; largest file {path} ({})", bytes(*size)),
        None => String::new(),
    };
    format!(
        "site: {} in {}{largest}",
        bytes(site.bytes),
        plural(site.files, "file")
    )
}

impl fmt::Display for Diagnostic {
    /// rustc-style: `error: message`, ` --> file:line:col`, the line with a
    /// caret under the column, `= help: what to do`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        let Some(span) = &self.span else {
            writeln!(f, "  --> {}", self.file)?;
            return help_line(f, self, 2);
        };
        let SourceSpan {
            line,
            column,
            source_line,
        } = span.as_ref();
        let gutter = line.to_string().len();
        writeln!(f, "{:gutter$}--> {}:{line}:{column}", "", self.file)?;
        let (source_line, column) = excerpt(source_line, *column);
        let pad: usize = source_line
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| c.width().unwrap_or(1))
            .sum();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{line} | {source_line}")?;
        writeln!(f, "{:gutter$} | {:pad$}^", "", "")?;
        help_line(f, self, gutter)
    }
}

/// The `= help: …` line, aligned with the gutter.
fn help_line(f: &mut fmt::Formatter<'_>, d: &Diagnostic, gutter: usize) -> fmt::Result {
    if let Some(help) = &d.help {
        writeln!(f, "{:gutter$} = help: {help}", "")?;
    }
    Ok(())
}

/// Characters of a long source line shown before and after the column: a
/// paragraph is often one line of a thousand characters.
const EXCERPT_BEFORE: usize = 24;
const EXCERPT_AFTER: usize = 40;

/// The part of `line` around `column` (1-based, characters) that is shown,
/// with `...` where it was cut, and the column within it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_BEFORE + EXCERPT_AFTER {
        return (line.to_owned(), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(EXCERPT_BEFORE);
    let end = (at + EXCERPT_AFTER).min(chars.len());
    let mut shown = String::new();
    let mut column = at - start + 1;
    if start > 0 {
        shown.push_str("...");
        column += 3;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(3 * 1024 + 400), "3.4 KiB");
        assert_eq!(bytes(25 * 1024 * 1024), "25.0 MiB");
        assert_eq!(bytes(1_000_000_000), "1 GB");
        assert_eq!(bytes(1_417_674_752), "1.32 GiB");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "字".repeat(100);
        let (shown, column) = excerpt(&line, 50);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(shown.chars().nth(column - 1), Some('字'));
        assert_eq!(column, EXCERPT_BEFORE + 4);
        assert_eq!(excerpt("短", 1), ("短".to_owned(), 1));
    }

    #[test]
    fn the_caret_stands_under_the_column_of_chinese_text() {
        let d = Diagnostic::error("a.txt", "bad").at("一二三x", 1, 4);
        let text = d.to_string();
        assert!(text.contains("1 | 一二三x\n  |       ^\n"), "{text}");
    }
}
