//! `doku-partner`: check specs, generate bindings, print field tables, call DOKU's Partner API,
//! sign and verify DOKU requests. Each subcommand lives in its own module; [`input`] and
//! [`output`] are what they all read and write through.

mod call;
mod check;
mod diff;
mod generate;
mod input;
mod listen;
mod output;
mod serve;
mod sign;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Shown after `doku-partner --help`.
const AFTER_HELP: &str = "\
Exit status: 0 success; 1 the command's own failure (an invalid spec, a stale file, a rejected
signature, a failed call); 2 a usage or input error (see each command's --help).

A closed standard output (`doku-partner ... | head -0`) is never an error nor a crash: the rest
of the output is dropped and the exit status is the one the command would have had otherwise.
Inputs read from files or standard input are capped (8 MiB for bodies, 64 KiB for headers and
key files).";

/// The doku-partner command line.
#[derive(Debug, Parser)]
#[command(name = "doku-partner", version, about, after_help = AFTER_HELP)]
struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Load specs and print their diagnostics, or a one-line summary each. Exits 0 only when all are valid.
    Check(check::Args),
    /// Write the code `#[derive(Endpoint)]` generates for a spec, as a formatted Rust file (for checked-in bindings).
    Generate(generate::GenerateArgs),
    /// Print a spec's field table as Markdown.
    Docs(generate::DocsArgs),
    /// Call an endpoint (DOKU's sandbox, production, any base URL, or --stand-in for the local stand-in) and print the typed reply as JSON.
    Call(call::CallArgs),
    /// Print the signed headers of a request to DOKU. Key from DOKU_SECRET_KEY or --secret-key-file, never an argument.
    Sign(sign::SignArgs),
    /// Verify an HTTP notification from DOKU (headers and body copied from a log). Exits 0 if authentic, 1 if not.
    VerifyNotification(sign::VerifyNotificationArgs),
    /// Review a spec change: each change with its severity (breaking, additive, docs), rule, spec location and the Rust items it touches, and the semver bump.
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::Args),
    /// Receive DOKU's notifications locally as the library does: verify, deduplicate, answer; print each accepted event once as a JSON line.
    Listen(listen::ListenArgs),
    /// Run the stateful Partner API stand-in on 127.0.0.1 for clients in any language: DOKU's paths and door checks, KYB reviews with signed callbacks, an admin API under /__stand-in.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run_generate(args),
        Command::Docs(args) => generate::run_docs(args),
        Command::Call(args) => call::run(args),
        Command::Sign(args) => sign::run_sign(args),
        Command::VerifyNotification(args) => sign::run_verify_notification(args),
        Command::Diff(args) => diff::run(args),
        Command::Listen(args) => listen::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
