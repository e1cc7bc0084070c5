//! The library's error: what stopped the making of the site, with the file
//! it concerns and what to do. Stages return it; [`crate::pipeline`] turns
//! it into the [`Diagnostic`] the user reads.

use crate::model::Diagnostic;

/// What stopped a stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template could not render a page: the page, and tera's chain of
    /// causes (which names the template and the line).
    #[error("rendering {page}: {cause}")]
    Template {
        /// The page's path in the output (`reports/<slug>.html`).
        page: String,
        /// Tera's error and its causes on one line, `: `-separated.
        cause: String,
    },
    /// The templates could not be loaded: tera's chain of causes.
    #[error("template error: {cause}")]
    Templates {
        /// Tera's error and its causes on one line, `: `-separated.
        cause: String,
    },
    /// Data the site holds could not be encoded (a table's rows, an
    /// export): the file, and why.
    #[error("writing {file}: {cause}")]
    Data {
        /// The file or family of files being written (`data/figures`).
        file: String,
        /// The encoder's message.
        cause: String,
    },
    /// `serve` could not listen, watch or serve: what, and what to do.
    #[error("{what}")]
    Serve {
        /// The message the user reads (`cannot listen on …: …; choose another
        /// port with --port N`).
        what: String,
    },
    /// A problem with a file of the input or the output, as the user reads
    /// it (file, line, what to do).
    #[error("{}", .0.message)]
    Diagnostic(Box<Diagnostic>),
}

impl Error {
    /// A [`Error::Data`] for `file` from any error.
    pub fn data(file: impl Into<String>, cause: impl std::fmt::Display) -> Self {
        Error::Data {
            file: file.into(),
            cause: cause.to_string(),
        }
    }

    /// The error as the user reads it.
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            Error::Diagnostic(d) => *d,
            Error::Template { .. } | Error::Templates { .. } => Diagnostic::error("templates", self.to_string()).help(
                "correct the template named above; a file in the site's templates/ replaces the built-in one of its name",
            ),
            Error::Serve { what } => Diagnostic::error("serve", what),
            Error::Data { ref file, .. } => Diagnostic::error(file.clone(), self.to_string())
                .help("this is a bug of baogao: please report it with the file named above"),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Diagnostic(Box::new(d))
    }
}
