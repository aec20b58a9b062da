//! Error classes that decide the process exit code.
//!
//! Most code returns `anyhow::Result`; where the class of a failure matters to the
//! caller (cron wants to tell a broken config from a missing export), the error is
//! wrapped in [`Failure`] with its [`Exit`] code. Anything unclassified exits 1.

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

/// The exit class of any error: a [`Failure`] anywhere in the chain decides, else 1.
pub fn exit_of(err: &anyhow::Error) -> Exit {
    err.chain()
        .find_map(|e| e.downcast_ref::<Failure>())
        .map_or(Exit::RunFailed, |f| f.exit)
}
