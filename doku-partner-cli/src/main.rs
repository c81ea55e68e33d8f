//! `doku-partner`: check specs, generate bindings, print field tables, sign and verify DOKU
//! requests. Each subcommand lives in its own module.

mod check;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The doku-partner command line.
#[derive(Debug, Parser)]
#[command(name = "doku-partner", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load specs and print their diagnostics, or a one-line summary each. Exits 0 only when all are valid.
    Check(check::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
    }
}
