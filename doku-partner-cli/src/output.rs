//! Writing to standard output and standard error without ever panicking.
//!
//! `println!` and `eprintln!` panic when the stream is gone (`doku-partner sign | head -0`
//! closes the pipe before anything is written; Rust ignores `SIGPIPE`, so the write fails with
//! `EPIPE` and `println!` turns that into exit 101). Every command writes through here instead:
//!
//! - a **closed standard output** (broken pipe) is not an error: what is left to print is
//!   dropped silently and the command exits with the status it would have had otherwise (a
//!   reader that closes the pipe, like `head`, has taken all it wanted);
//! - any **other** write error on standard output (a full disk, `> /dev/full`) is returned, so
//!   the command can report it and fail;
//! - standard error is best effort: there is nowhere left to report its own failures, so they
//!   are ignored.

use std::fmt;
use std::io::{self, Write as _};

/// Writes `text` to standard output and flushes it. A closed pipe counts as success (see the
/// [module docs](self)); any other error is returned.
pub fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to standard error, ignoring every error.
pub fn write_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Formats `args` and a line break.
pub fn line(args: fmt::Arguments<'_>) -> String {
    let mut text = args.to_string();
    text.push('\n');
    text
}

/// `println!` that never panics: `outln!(...)` is an `io::Result<()>`, `Ok` also when standard
/// output is a closed pipe.
macro_rules! outln {
    () => {
        $crate::output::write_stdout("\n")
    };
    ($($arg:tt)*) => {
        $crate::output::write_stdout(&$crate::output::line(format_args!($($arg)*)))
    };
}

/// `eprintln!` that never panics (errors writing to standard error are ignored).
macro_rules! errln {
    () => {
        $crate::output::write_stderr("\n")
    };
    ($($arg:tt)*) => {
        $crate::output::write_stderr(&$crate::output::line(format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};

/// The message for a write to standard output that failed for a reason other than a closed
/// pipe.
pub fn stdout_failed(error: &io::Error) -> String {
    format!("cannot write to standard output: {error}")
}
