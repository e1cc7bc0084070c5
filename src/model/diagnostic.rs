//! A problem found in the input, with where it is and what to do
//! (printed by [`crate::printer`]).

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the build goes on (`--strict` makes it an error).
    Warning,
    /// The build fails and writes nothing.
    Error,
}

/// A problem found in the input, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Whether it fails the build.
    pub severity: Severity,
    /// The file, relative to the content folder (or as given).
    pub file: String,
    /// Where in the file, when known.
    #[serde(flatten)]
    pub span: Option<Box<SourceSpan>>,
    /// What is wrong, in a sentence (`no year found`).
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// A place in a source file, with the line shown under the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of that line, shown under the message.
    pub source_line: String,
}

impl Diagnostic {
    /// An error about `file`, with no place and no help yet.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning about `file`, with no place and no help yet.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line and column of `text`, showing the line.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_owned();
        self.span = Some(Box::new(SourceSpan {
            line,
            column,
            source_line,
        }));
        self
    }

    /// Adds what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The 1-based line it points at, if it points at one.
    pub fn line(&self) -> Option<usize> {
        self.span.as_ref().map(|s| s.line)
    }

    /// The 1-based column, in characters, it points at, if it points at one.
    pub fn column(&self) -> Option<usize> {
        self.span.as_ref().map(|s| s.column)
    }
}

/// For serde's "unknown field `yaer`, expected one of `title`, `year`, …":
/// the expected field nearest to the unknown one (at most two edits away),
/// as advice.
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split("expected one of").nth(1)?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| (strsim::levenshtein(unknown, name), name))
        .min()?;
    (best.0 <= 2).then(|| format!("did you mean `{}`?", best.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_the_nearest_field() {
        let msg = "unknown field `yaer`, expected one of `title`, `year`, `date`";
        assert_eq!(did_you_mean(msg).as_deref(), Some("did you mean `year`?"));
        let msg = "unknown field `colour`, expected one of `title`, `base_url`";
        assert_eq!(did_you_mean(msg), None);
    }
}
