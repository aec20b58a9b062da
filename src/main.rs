//! The `activity-quota` binary: parse arguments, set up logging, run, print one
//! error, exit with a documented code.

use std::process::ExitCode;

use activity_quota::{
    cli::{Cli, LogFormat},
    error,
};
use clap::Parser;

mod app;

/// Keep freed memory in the process: the workers allocate and free a chunk's cells and
/// entries every 4 MiB of input, and glibc would hand each large block back to the
/// kernel (mmap/trim) only to fault in freshly zeroed pages for the next chunk (10 % of
/// a 10M-row run's time went to the kernel clearing pages).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only adjusts glibc's allocation thresholds; it runs before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
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
    app::init_logging(&cli);
    let json = cli.log_format == LogFormat::Json;
    match app::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let code = error::exit_of(err.as_ref()).code();
            if json {
                tracing::error!(exit_code = code, "{err:#}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(code)
        }
    }
}
