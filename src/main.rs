//! The `activity-quota` binary: parse arguments, run, print one error, exit.

use std::process::ExitCode;

use activity_quota::{cli::Cli, error};
use clap::Parser;

mod app;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                error::Exit::Config.code()
            } else {
                0
            });
        }
    };
    match app::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(error::exit_of(&err).code())
        }
    }
}
