//! `doku-partner`: check specs, generate bindings, print field tables, sign and verify DOKU
//! requests. Each subcommand lives in its own module.

mod check;
mod generate;
mod sign;

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
    /// Write the code `#[derive(Endpoint)]` generates for a spec, as a formatted Rust file (for checked-in bindings).
    Generate(generate::GenerateArgs),
    /// Print a spec's field table as Markdown.
    Docs(generate::DocsArgs),
    /// Print the signed headers of a request to DOKU. Key from DOKU_SECRET_KEY or --secret-key-file, never an argument.
    Sign(sign::SignArgs),
    /// Verify an HTTP notification from DOKU (headers and body copied from a log). Exits 0 if authentic, 1 if not.
    VerifyNotification(sign::VerifyNotificationArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run_generate(args),
        Command::Docs(args) => generate::run_docs(args),
        Command::Sign(args) => sign::run_sign(args),
        Command::VerifyNotification(args) => sign::run_verify_notification(args),
    }
}
