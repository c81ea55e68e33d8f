//! Lower: the path template (`/partner/v1.0/business/{client_id}`), parsed once into
//! literal and parameter segments; its placeholders feed the cross-reference checks.

use crate::diagnostic::{Ctxt, Diagnostic, Loc};
use crate::load::Sp;
use crate::model::{PathSegment, PathTemplate};

/// A path template that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The headline.
    pub message: String,
    /// The underline label.
    pub label: &'static str,
    /// The offending part of the path.
    pub loc: Loc,
}

/// Placeholder names of a path template, in order, with their positions.
pub type Placeholders = Vec<(String, Loc)>;

/// Parses a path template into literal and `{placeholder}` pieces, with the position of each
/// placeholder.
pub fn parse_path_template(
    path: &Sp<String>,
) -> Result<(PathTemplate, Placeholders), TemplateError> {
    let fail = |message: String, label: &'static str, loc: Loc| {
        Err(TemplateError {
            message,
            label,
            loc,
        })
    };
    let raw = path.value.as_str();
    if !raw.starts_with('/') {
        return fail(
            format!("path `{raw}` does not start with `/`"),
            "expected `/...`",
            path.sub_loc(0, 1),
        );
    }
    let mut segments = Vec::new();
    let mut placeholders = Vec::new();
    let mut literal = String::new();
    let mut open: Option<(usize, String)> = None;
    for (i, c) in raw.chars().enumerate() {
        if c.is_whitespace() || c == '?' || c == '#' {
            let what = if c.is_whitespace() {
                "whitespace"
            } else {
                "a query string or fragment"
            };
            return fail(
                format!("path `{raw}` contains {what}"),
                "not allowed in a path template",
                path.sub_loc(i, 1),
            );
        }
        match (&mut open, c) {
            (None, '{') => open = Some((i, String::new())),
            (None, '}') => {
                return fail(
                    format!("unmatched `}}` in path `{raw}`"),
                    "no `{` before it",
                    path.sub_loc(i, 1),
                );
            }
            (None, c) => literal.push(c),
            (Some((start, _)), '{') => {
                return fail(
                    format!("nested `{{` in path `{raw}`"),
                    "placeholder opened again",
                    path.sub_loc(*start, i - *start + 1),
                );
            }
            (Some((start, name)), '}') => {
                if name.is_empty() {
                    return fail(
                        format!("empty placeholder `{{}}` in path `{raw}`"),
                        "name the path parameter here",
                        path.sub_loc(*start, 2),
                    );
                }
                if !literal.is_empty() {
                    segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                }
                placeholders.push((name.clone(), path.sub_loc(*start, i - *start + 1)));
                segments.push(PathSegment::Param(std::mem::take(name)));
                open = None;
            }
            (Some((_, name)), c) => name.push(c),
        }
    }
    if let Some((start, _)) = open {
        return fail(
            format!("unclosed `{{` in path `{raw}`"),
            "placeholder never closed",
            path.sub_loc(start, raw.chars().count() - start),
        );
    }
    if !literal.is_empty() {
        segments.push(PathSegment::Literal(literal));
    }
    Ok((
        PathTemplate {
            raw: raw.to_owned(),
            segments,
        },
        placeholders,
    ))
}

/// The path template, and its placeholders when it parses (a malformed one is reported here).
pub(super) fn lower_path(
    raw: Option<&Sp<String>>,
    cx: &mut Ctxt<'_>,
) -> (PathTemplate, Option<Placeholders>) {
    let Some(p) = raw else {
        let empty = PathTemplate {
            raw: String::new(),
            segments: Vec::new(),
        };
        return (empty, None);
    };
    match parse_path_template(p) {
        Ok((template, placeholders)) => (template, Some(placeholders)),
        Err(err) => {
            cx.emit(
                Diagnostic::error(err.message)
                    .at(err.loc)
                    .label(err.label)
                    .help("write the path as `/literal/{param}/...`"),
            );
            let template = PathTemplate {
                raw: p.value.clone(),
                segments: Vec::new(),
            };
            (template, None)
        }
    }
}
