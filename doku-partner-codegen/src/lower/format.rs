//! Lower stage: DOKU's format notations (`AN(n)`, `ANS(n)`, `string(n)`, `int(n)`, ...).

use crate::diagnostic::did_you_mean;
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::Sp;
use crate::model::Format;

/// Help text listing the accepted formats.
pub const FORMAT_HELP: &str = "expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, \
     string, string(n), int(n) or text";

/// Why a format string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not one of the known formats; maybe a close spelling.
    Unknown {
        /// A corrected spelling, when the input differs only in case.
        suggestion: Option<String>,
    },
    /// A known format written wrongly (`ANS(abc)`, `ANS(50`, `AN`).
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// The length is 0 or larger than 65535.
    Length,
    /// A notation DOKU uses that the generator does not support (yet).
    #[allow(
        dead_code,
        reason = "no notation is refused this way today; the diagnostic is kept"
    )]
    Unsupported {
        /// Why, and what to do instead.
        reason: &'static str,
    },
}

/// Parses a DOKU format: `AN(n)`, `ANS(n)`, `N(n)` (spaces allowed: `ANS (50)`, n in
/// 1..=65535), `Numeric`, `boolean`, `date`, `timestamp`, `string`.
pub fn parse_format(text: &str) -> Result<Format, FormatError> {
    let t = text.trim();
    match t {
        "Numeric" => return Ok(Format::Numeric),
        "boolean" => return Ok(Format::Boolean),
        "date" => return Ok(Format::Date),
        "timestamp" => return Ok(Format::Timestamp),
        // DOKU's pages write both spellings.
        "string" | "String" => return Ok(Format::String),
        "text" => return Ok(Format::Text),
        "file" => return Ok(Format::File),
        _ => {}
    }
    let (head, rest) = match t.split_once('(') {
        Some((head, rest)) => (head.trim_end(), Some(rest)),
        None => (t, None),
    };
    let ctor: fn(u32) -> Format = match head {
        "AN" => Format::An,
        "ANS" => Format::Ans,
        "N" => Format::N,
        "string" | "String" => Format::Str,
        "int" => Format::Int,
        _ => {
            let lower = t.to_ascii_lowercase();
            let named = [
                "Numeric",
                "boolean",
                "date",
                "timestamp",
                "string",
                "text",
                "file",
            ];
            let suggestion = if let Some(n) = named.iter().find(|n| n.to_ascii_lowercase() == lower)
            {
                Some((*n).to_owned())
            } else if rest.is_none()
                && let Some(n) = did_you_mean(t, named.iter().copied())
            {
                Some(n.to_owned())
            } else if ["AN", "ANS", "N"].contains(&head.to_ascii_uppercase().as_str())
                && rest.is_some()
            {
                Some(format!(
                    "{}({}",
                    head.to_ascii_uppercase(),
                    rest.unwrap_or_default()
                ))
            } else if ["int", "string"].contains(&head.to_ascii_lowercase().as_str())
                && rest.is_some()
            {
                Some(format!(
                    "{}({}",
                    head.to_ascii_lowercase(),
                    rest.unwrap_or_default()
                ))
            } else {
                None
            };
            return Err(FormatError::Unknown { suggestion });
        }
    };
    let Some(rest) = rest else {
        return Err(FormatError::Malformed {
            reason: "missing length",
        });
    };
    let Some(inner) = rest.strip_suffix(')') else {
        return Err(FormatError::Malformed {
            reason: "missing `)`",
        });
    };
    let inner = inner.trim();
    if inner.is_empty() {
        return Err(FormatError::Malformed {
            reason: "missing length",
        });
    }
    if !inner.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormatError::Malformed {
            reason: "length must be a number",
        });
    }
    match inner.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(ctor(n)),
        _ => Err(FormatError::Length),
    }
}

/// Parses a format value and reports what is wrong with it.
pub fn lower_format(text: &Sp<String>, cx: &mut Ctxt<'_>) -> Option<Format> {
    match parse_format(&text.value) {
        Ok(f) => Some(f),
        Err(FormatError::Unknown { suggestion }) => {
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`? ({FORMAT_HELP})"),
                None => FORMAT_HELP.to_owned(),
            };
            cx.emit(
                Diagnostic::error(format!("unknown format \"{}\"", text.value))
                    .at(text.loc)
                    .label("not a DOKU format")
                    .help(help),
            );
            None
        }
        Err(FormatError::Malformed { reason }) => {
            cx.emit(
                Diagnostic::error(format!("malformed format \"{}\"", text.value))
                    .at(text.loc)
                    .label(reason)
                    .help(
                        "write AN(n), ANS(n), N(n), string(n) or int(n) with a length n in \
                         1..=65535, e.g. ANS(50)",
                    ),
            );
            None
        }
        Err(FormatError::Unsupported { reason }) => {
            cx.emit(
                Diagnostic::error(format!("format \"{}\" is not supported yet", text.value))
                    .at(text.loc)
                    .label("not supported")
                    .help(reason),
            );
            None
        }
        Err(FormatError::Length) => {
            cx.emit(
                Diagnostic::error(format!(
                    "zero or absurd length in format \"{}\"",
                    text.value
                ))
                .at(text.loc)
                .label("length must be in 1..=65535"),
            );
            None
        }
    }
}
