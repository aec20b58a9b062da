//! The library's error type and the exit classes it maps to.
//!
//! Library code returns [`Result`]. Where the class of a failure matters to the
//! caller (cron wants to tell a broken config from a missing export), the error is a
//! [`Failure`] with its [`Exit`] code; I/O, Polars and PDF errors carry the context
//! they happened in ([`ResultExt::context`]). The binary wraps [`Error`] in
//! `anyhow` and prints it once with its chain (`{:#}`): `context: cause`.

use std::fmt;

/// Documented process exit codes (README "Exit codes", `--help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Reports written.
    Ok = 0,
    /// The run failed: an input is missing or unreadable, an output cannot be written.
    RunFailed = 1,
    /// Usage or configuration error: bad flag, bad config, mapping that does not fit a file.
    Config = 2,
    /// Reports were written but a data-quality threshold was breached.
    Quality = 3,
    /// The output set is closed (signed off) and the run's numbers differ from it, or
    /// it is closed already (`close`).
    Closed = 4,
    /// Another run holds the output directory's lock (EX_TEMPFAIL).
    Locked = 75,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// An error with a known exit class. `message` is complete and printed as is
/// (possibly several lines: every config problem at once).
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(Exit::Config, message)
    }
    pub fn run(message: impl Into<String>) -> Self {
        Self::new(Exit::RunFailed, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A classified failure, printed as is.
    #[error(transparent)]
    Failure(#[from] Failure),
    /// An operating-system error (usually under a [`Error::Context`]).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// An error of polars (aggregation, Parquet).
    #[error(transparent)]
    Polars(#[from] polars::error::PolarsError),
    /// A PDF could not be rendered: fonts, labels, compression or the PDF writer.
    #[error("{0}")]
    Pdf(String),
    /// A JSON document (manifest) could not be read or written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// What was being done when `source` failed: printed as `context: source`.
    #[error("{context}")]
    Context {
        context: String,
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// The exit class: the first [`Failure`] in the chain decides, else 1.
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Error::Failure(f) => f.exit,
            Error::Context { source, .. } => source.exit(),
            _ => Exit::RunFailed,
        }
    }

    /// A run failure (exit 1) with this message.
    pub(crate) fn run(message: impl Into<String>) -> Self {
        Error::Failure(Failure::run(message))
    }
}

/// `Result` with the library's [`Error`].
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// `anyhow::Context` for the library's errors: a line of context over the cause.
pub(crate) trait ResultExt<T> {
    fn context<C: fmt::Display>(self, context: C) -> Result<T>;
    fn with_context<C: fmt::Display, F: FnOnce() -> C>(self, f: F) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn context<C: fmt::Display>(self, context: C) -> Result<T> {
        self.map_err(|e| Error::Context {
            context: context.to_string(),
            source: Box::new(e.into()),
        })
    }
    fn with_context<C: fmt::Display, F: FnOnce() -> C>(self, f: F) -> Result<T> {
        self.map_err(|e| Error::Context {
            context: f().to_string(),
            source: Box::new(e.into()),
        })
    }
}

/// The exit class of any error: an [`Error`] or [`Failure`] anywhere in the chain
/// decides, else 1.
pub fn exit_of(err: &(dyn std::error::Error + 'static)) -> Exit {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(e) = e.downcast_ref::<Error>() {
            return e.exit();
        }
        if let Some(f) = e.downcast_ref::<Failure>() {
            return f.exit;
        }
        cur = e.source();
    }
    Exit::RunFailed
}
