//! DOKU's formats in one place: for each [`Format`] of the model, the Rust type a value of it
//! gets, the runtime's check of it, and the notation docs and `#[doku(format = "...")]` use.
//!
//! Every match here names every format (no `_` arm), so a new notation in the loader
//! (`lower::format`) fails to compile until each of these says what it means. The notation
//! is DOKU's own (`ANS(22)`, `N(3)`, `string(255)`, `Numeric`), read by the loader's one
//! parser ([`crate::lower::parse_format`]) wherever it appears, the response derive's
//! attribute included.

use doku_partner_support::FormatRule;
use doku_partner_support::format::Charset;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{DateTimeZone, Format};

/// The Rust type of a value of `format` sent as text: the runtime's checked newtype where the
/// format has a character set or length (`Ans<50>`), else `String` (or `bool`, a file part).
pub(crate) fn rust_type(format: Format, rt: &syn::Path) -> TokenStream {
    let n = |n: u32| Literal::u32_unsuffixed(n);
    match format {
        Format::An(len) => {
            let len = n(len);
            quote!(#rt::An<#len>)
        }
        Format::Ans(len) => {
            let len = n(len);
            quote!(#rt::Ans<#len>)
        }
        Format::N(len) | Format::Int(len) => {
            let len = n(len);
            quote!(#rt::Num<#len>)
        }
        Format::Str(len) => {
            let len = n(len);
            quote!(#rt::Text<#len>)
        }
        // `Num<0>`: the runtime's type for digits of no documented length.
        Format::Numeric => quote!(#rt::Num<0>),
        Format::Boolean => quote!(bool),
        Format::Date | Format::Timestamp | Format::String | Format::Text => {
            quote!(::std::string::String)
        }
        Format::File => quote!(#rt::multipart::FilePart),
        Format::CompactDateTime(zone) => {
            let zone = quote::format_ident!("{}", zone.marker());
            quote!(#rt::datetime::CompactDateTime<#rt::datetime::#zone>)
        }
    }
}

/// The notation a `yyyyMMddHHmmss` value of `zone` is checked against, as the runtime's
/// `Zone::NOTATION` writes it.
pub(crate) fn compact_notation(zone: DateTimeZone) -> &'static str {
    match zone {
        DateTimeZone::Utc7 => "yyyyMMddHHmmss UTC+7",
        DateTimeZone::Utc0 => "yyyyMMddHHmmss UTC+0",
        DateTimeZone::Unstated => "yyyyMMddHHmmss",
    }
}

/// Whether values of `format` get one of the runtime's checked newtypes.
pub(crate) fn has_newtype(format: Format) -> bool {
    match format {
        Format::An(_)
        | Format::Ans(_)
        | Format::N(_)
        | Format::Numeric
        | Format::Int(_)
        | Format::Str(_)
        | Format::CompactDateTime(_) => true,
        Format::Boolean
        | Format::Date
        | Format::Timestamp
        | Format::String
        | Format::Text
        | Format::File => false,
    }
}

/// What the runtime checks of a value of `format` (in a body or a response): its character
/// set and length, a date, or nothing beyond its JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// The runtime's `FormatRule`.
    Rule(FormatRule),
    /// A date or timestamp string.
    Date,
    /// A `yyyyMMddHHmmss` string, in its zone.
    CompactDate(DateTimeZone),
    /// Free text (`string`, `text`, a `boolean` sent as a string): any non-empty text.
    FreeText,
    /// Nothing: a file (checked by its own rule).
    None,
}

/// The check of `format`.
pub(crate) fn check(format: Format) -> Check {
    let len = |n: u32| n as usize;
    match format {
        Format::An(n) => Check::Rule(FormatRule::an(len(n))),
        Format::Ans(n) => Check::Rule(FormatRule::ans(len(n))),
        Format::N(n) | Format::Int(n) => Check::Rule(FormatRule::numeric(len(n))),
        Format::Numeric => Check::Rule(FormatRule::numeric_unbounded()),
        Format::Str(n) => Check::Rule(FormatRule::text(len(n))),
        Format::Date | Format::Timestamp => Check::Date,
        Format::CompactDateTime(zone) => Check::CompactDate(zone),
        // A boolean the spec sends as a string is checked as text that is there.
        Format::String | Format::Text | Format::Boolean => Check::FreeText,
        Format::File => Check::None,
    }
}

/// `rule` as an expression of the runtime's constructors (`FormatRule::ans(50)`,
/// `FormatRule::numeric_unbounded()`), under `rt`.
pub(crate) fn rule_tokens(rule: FormatRule, rt: &syn::Path) -> TokenStream {
    let Some(max) = rule.max_len else {
        return match rule.charset {
            Charset::Alphanumeric => quote!(#rt::FormatRule::an_unbounded()),
            Charset::AlphanumericSpecial => quote!(#rt::FormatRule::ans_unbounded()),
            Charset::Numeric => quote!(#rt::FormatRule::numeric_unbounded()),
            Charset::Any => quote!(#rt::FormatRule::text_unbounded()),
        };
    };
    let n = Literal::usize_unsuffixed(max);
    match rule.charset {
        Charset::Alphanumeric => quote!(#rt::FormatRule::an(#n)),
        Charset::AlphanumericSpecial => quote!(#rt::FormatRule::ans(#n)),
        Charset::Numeric => quote!(#rt::FormatRule::numeric(#n)),
        Charset::Any => quote!(#rt::FormatRule::text(#n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::parse_format;

    /// Each notation the loader reads maps to one type and one check, and reads back the same.
    #[test]
    fn every_notation_reads_back_as_itself() {
        for notation in [
            "AN(5)",
            "ANS(22)",
            "N(3)",
            "Numeric",
            "boolean",
            "date",
            "timestamp",
            "string",
            "string(255)",
            "int(4)",
            "text",
            "file",
            "yyyyMMddHHmmss",
            "yyyyMMddHHmmss UTC+7",
            "yyyyMMddHHmmss UTC+0",
        ] {
            let format = parse_format(notation).unwrap();
            assert_eq!(format.doku_notation(), notation);
        }
        assert_eq!(
            check(parse_format("Numeric").unwrap()),
            Check::Rule(FormatRule::numeric_unbounded())
        );
        for zone in [
            DateTimeZone::Utc7,
            DateTimeZone::Utc0,
            DateTimeZone::Unstated,
        ] {
            assert_eq!(
                compact_notation(zone),
                Format::CompactDateTime(zone).doku_notation()
            );
        }
        assert_eq!(
            check(parse_format("int(4)").unwrap()),
            check(parse_format("N(4)").unwrap())
        );
    }
}
