//! Reading the files and standard input the commands are given: every read is capped, an
//! empty standard input is an error, and the bytes of a key file are wiped on every path.
//!
//! The caps (documented in each command's `--help`):
//!
//! | input | cap |
//! | --- | --- |
//! | a request or notification body (`--body`, `--body-file`) | [`BODY_LIMIT`] (8 MiB) |
//! | a headers file, a secret key file | [`SMALL_LIMIT`] (64 KiB) |
//!
//! At most cap + 1 bytes are read: one byte past the cap is enough to know the input is too
//! large, so `/dev/zero` or an endless pipe is refused at once instead of filling memory.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use zeroize::Zeroizing;

/// The largest JSON body accepted, in bytes (8 MiB; no JSON body of the Partner API comes near).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The largest headers file or secret key file accepted, in bytes (64 KiB).
pub const SMALL_LIMIT: usize = 64 * 1024;

/// A reason a command could not do its work with what it was given (exit code 2).
///
/// Messages name files and options, never the secret key nor the contents of a key file.
#[derive(Debug)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An [`InputError`] with this message.
pub fn input_error(message: impl Into<String>) -> InputError {
    InputError(message.into())
}

/// `true` for the path `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `8 MiB`, `64 KiB` or `N bytes`, for messages.
pub fn describe_limit(limit: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("{} MiB", limit / MIB)
    } else if limit >= 1024 && limit.is_multiple_of(1024) {
        format!("{} KiB", limit / 1024)
    } else {
        format!("{limit} bytes")
    }
}

/// Reads FILE, or standard input for `-`, up to `limit` bytes; `option` names the input in
/// messages (`--body-file`).
///
/// Errors (all [`InputError`]s): the input cannot be opened or read; it holds more than
/// `limit` bytes (reading stops at `limit + 1`); standard input yields no byte at all (a
/// closed or forgotten standard input, not a value), with `if_empty` appended to the message
/// when it is not empty (how to give an empty value on purpose). An empty *file* is returned
/// as it is.
pub fn read_input(
    path: &Path,
    option: &str,
    limit: usize,
    if_empty: &str,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    read_into(path, option, limit, if_empty, true, &mut bytes)?;
    Ok(bytes)
}

/// Reads a secret key file like [`read_input`] (cap [`SMALL_LIMIT`]), into a buffer allocated
/// once (no reallocation leaves a copy of the key behind) and wiped when dropped, on every
/// path. Messages name the path, never a byte of the contents.
pub fn read_secret(path: &Path, option: &str) -> Result<Zeroizing<Vec<u8>>, InputError> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(SMALL_LIMIT + 1));
    // A key pasted where its file's path belongs must not be printed back in the error.
    read_into(path, option, SMALL_LIMIT, "", false, &mut bytes)?;
    Ok(bytes)
}

/// [`read_input`] into `bytes` (which keeps what was read, for the caller to wipe). Messages
/// name the path only when `show_path`.
fn read_into(
    path: &Path,
    option: &str,
    limit: usize,
    if_empty: &str,
    show_path: bool,
    bytes: &mut Vec<u8>,
) -> Result<(), InputError> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let (name, result) = if is_stdin(path) {
        (
            format!("{option} - (standard input)"),
            io::stdin().lock().take(cap).read_to_end(bytes),
        )
    } else {
        let name = format!("{option} {}", path.display());
        let result = File::open(path).and_then(|file| file.take(cap).read_to_end(bytes));
        (name, result)
    };
    if let Err(e) = result {
        // A key pasted where its file's path belongs is no file: the path is named only once
        // the file was read.
        let name = if show_path || is_stdin(path) {
            name
        } else {
            format!(
                "{option} (the path given, {} characters, not shown in case it is a key)",
                path.as_os_str().len()
            )
        };
        return Err(input_error(format!("{name}: cannot read: {e}")));
    }
    if bytes.len() > limit {
        return Err(input_error(format!(
            "{name}: larger than the {} limit ({limit} bytes)",
            describe_limit(limit)
        )));
    }
    if bytes.is_empty() && is_stdin(path) {
        let hint = if if_empty.is_empty() {
            String::new()
        } else {
            format!("; {if_empty}")
        };
        return Err(input_error(format!(
            "{name}: standard input is empty (closed, or nothing was piped in){hint}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_text() {
        assert_eq!(describe_limit(BODY_LIMIT), "8 MiB");
        assert_eq!(describe_limit(SMALL_LIMIT), "64 KiB");
        assert_eq!(describe_limit(100), "100 bytes");
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let dir = std::env::temp_dir().join(format!("doku-cli-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let at = dir.join("at");
        std::fs::write(&at, vec![b'x'; 10]).unwrap();
        assert_eq!(read_input(&at, "--x", 10, "").unwrap().len(), 10);
        let e = read_input(&at, "--x", 9, "").unwrap_err();
        assert!(e.0.contains("larger than the 9 bytes limit"), "{e}");
        let empty = dir.join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(read_input(&empty, "--x", 10, "").unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
