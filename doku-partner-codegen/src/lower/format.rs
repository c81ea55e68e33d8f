//! Lower stage: DOKU's format notations (`AN(n)`, `ANS(n)`, `string(n)`, `int(n)`, ...).

use crate::diagnostic::did_you_mean;
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::Sp;
use crate::model::{DateTimeZone, Format};

/// Help text listing the accepted formats.
pub const FORMAT_HELP: &str = "expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, \
     yyyyMMddHHmmss (with its zone: yyyyMMddHHmmss UTC+7), string, string(n), int(n) or text";

/// DOKU's compact date-time pattern, as its pages write it.
const COMPACT: &str = "yyyyMMddHHmmss";

/// `yyyyMMddHHmmss`, `yyyyMMddHHmmss UTC+7`, `yyyyMMddHHmmss UTC+0`; `None` when `t` is no
/// date-time pattern at all (it does not start with `yyyy`, in any case).
fn parse_compact(t: &str) -> Option<Result<Format, FormatError>> {
    if !t
        .get(..4)
        .is_some_and(|head| head.eq_ignore_ascii_case("yyyy"))
    {
        return None;
    }
    let (pattern, zone) = match t.split_once(char::is_whitespace) {
        Some((pattern, zone)) => (pattern, Some(zone.trim())),
        None => (t, None),
    };
    if pattern != COMPACT {
        let suggestion = pattern
            .eq_ignore_ascii_case(COMPACT)
            .then(|| zone.map_or_else(|| COMPACT.to_owned(), |z| format!("{COMPACT} {z}")));
        return Some(match suggestion {
            // `yyyymmddhhmmss`: `mm` is minutes and `hh` a 12-hour clock in DOKU's
            // (Java) pattern letters; the case is the meaning.
            Some(suggestion) => Err(FormatError::Unknown {
                suggestion: Some(suggestion),
            }),
            None => Err(FormatError::Unsupported {
                reason: "DOKU's compact date-time is written yyyyMMddHHmmss (14 digits); other \
                         patterns are not supported: use `date` for ISO 8601 values",
            }),
        });
    }
    Some(match zone {
        None => Ok(Format::CompactDateTime(DateTimeZone::Unstated)),
        Some("UTC+7") => Ok(Format::CompactDateTime(DateTimeZone::Utc7)),
        Some("UTC+0") => Ok(Format::CompactDateTime(DateTimeZone::Utc0)),
        // DOKU's prose says "UTC+7 (WIB)"; the notation names the offset.
        Some(zone) if zone.eq_ignore_ascii_case("WIB") => Err(FormatError::Unknown {
            suggestion: Some(format!("{COMPACT} UTC+7")),
        }),
        Some(zone)
            if zone.starts_with("UTC+") || zone.starts_with("UTC-") || zone.starts_with("GMT") =>
        {
            Err(FormatError::Unsupported {
                reason: "DOKU's pages name UTC+7 (WIB) and UTC+0: write yyyyMMddHHmmss UTC+7, \
                         yyyyMMddHHmmss UTC+0, or yyyyMMddHHmmss alone when the page names no zone",
            })
        }
        Some(_) => Err(FormatError::Malformed {
            reason: "the zone is written as DOKU's pages write it: UTC+7 or UTC+0",
        }),
    })
}

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
    if let Some(compact) = parse_compact(t) {
        return compact;
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
                    .help(if text.value.trim_start().starts_with(COMPACT) {
                        "write yyyyMMddHHmmss UTC+7 (or UTC+0), as the page names the zone"
                    } else {
                        "write AN(n), ANS(n), N(n), string(n) or int(n) with a length n in \
                         1..=65535, e.g. ANS(50)"
                    }),
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

/// A format for a header or a path or query parameter: as [`lower_format`], but DOKU's
/// compact date-time is refused there (no page sends one outside a JSON body; its type has
/// no string entry point of a parameter's kind).
pub fn lower_param_format(text: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) -> Option<Format> {
    let format = lower_format(text, cx)?;
    if matches!(format, Format::CompactDateTime(_)) {
        cx.emit(
            Diagnostic::error(format!(
                "format \"{}\" is not supported on a {what}",
                text.value
            ))
            .at(text.loc)
            .label("only in a body, a response or an event")
            .help(
                "DOKU sends yyyyMMddHHmmss values in JSON bodies only; write `string` and \
                 record the notation in `notes`",
            ),
        );
        return None;
    }
    Some(format)
}
