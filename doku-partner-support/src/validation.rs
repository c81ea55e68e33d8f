//! Request validation errors: every violation at once, before any network I/O.

use std::borrow::Cow;
use std::fmt;

use crate::format::FormatError;

/// One reason a request cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A required parameter is missing or empty.
    Missing {
        /// Wire name of the parameter.
        field: Cow<'static, str>,
    },
    /// A value breaks its documented format.
    Format(FormatError),
    /// A value is not one of the parameter's documented values.
    UnknownValue {
        /// Wire name of the parameter.
        field: Cow<'static, str>,
        /// The value given.
        value: String,
        /// The documented values.
        expected: &'static [&'static str],
    },
    /// A value of an enum whose documented list is cut off (`enum_cut_off`) that is not a
    /// listed value and cannot be one the list lost ([`crate::or_other`]).
    NotAnOtherValue {
        /// JSON path of the value.
        field: Cow<'static, str>,
        /// The value given.
        value: String,
        /// Every problem, in words (a listed value in another case, characters the listed
        /// values do not use).
        problems: Vec<String>,
    },
    /// A value is documented, but not allowed together with another parameter's value.
    NotAllowedWith {
        /// Wire name of the parameter (a JSON path such as `business.legal_entity` in a body).
        field: Cow<'static, str>,
        /// The value given.
        value: String,
        /// The parameter whose value decides ...
        when_field: Cow<'static, str>,
        /// ... and that value.
        when_value: &'static str,
        /// What is allowed in that case.
        allowed: &'static [&'static str],
    },
    /// A body field is missing although another field's value requires it (the spec's
    /// `require:` rules).
    RequiredWhen {
        /// JSON path of the missing field (`code`).
        field: Cow<'static, str>,
        /// The field whose value requires it ...
        when_field: Cow<'static, str>,
        /// ... and that value.
        when_value: &'static str,
    },
    /// Not exactly one of a set of body fields is present (the spec's `one_of:` rules).
    ExactlyOne {
        /// JSON paths of the fields, one of which must be present.
        fields: Vec<String>,
        /// How many of them are present.
        present: usize,
    },
    /// A body value differs from another one the spec says it is the same as (`same:`).
    /// The values are not printed: they may be personal data.
    NotSame {
        /// JSON path of the differing value (`business.brands[0].name`).
        field: Cow<'static, str>,
        /// JSON path of the value it must equal (`business.name`).
        same_as: Cow<'static, str>,
        /// The deciding field and its value, when the rule has one.
        when: Option<(Cow<'static, str>, &'static str)>,
    },
    /// A total differs from the sum of its items (`total:` with `sum_of:`).
    TotalMismatch {
        /// JSON path of the total (`order.amount`).
        field: Cow<'static, str>,
        /// The total given.
        value: i128,
        /// JSON path of the array summed (`order.line_items`).
        items: Cow<'static, str>,
        /// The keys multiplied in each element (`price`, `quantity`).
        factors: Vec<&'static str>,
        /// The sum of the items.
        sum: i128,
    },
    /// A body value over a limit that holds only while another field has a value
    /// (`max_length:` / `max_value:` with `when:`; Checkout: `order.invoice_number` is at most
    /// 30 characters when `payment.payment_method_types` includes `CREDIT_CARD`). The value
    /// itself is not printed (it may be personal data): its length or number is.
    OverLimitWhen {
        /// JSON path of the value (`order.invoice_number`).
        field: Cow<'static, str>,
        /// The limit that holds then.
        limit: Limit,
        /// The value's length in characters ([`Limit::MaxLength`]) or the number
        /// ([`Limit::MaxValue`]).
        found: i128,
        /// The field whose value decides ...
        when_field: Cow<'static, str>,
        /// ... and that value.
        when_value: &'static str,
        /// `when_field` is an array, which decides when it includes `when_value`.
        when_list: bool,
    },
    /// A body value has the wrong JSON type (`"1"` where a number is documented).
    WrongType {
        /// JSON path of the value (`business.brands[0].name`).
        field: Cow<'static, str>,
        /// The documented JSON type (`string`, `integer`, `object`, ...).
        expected: &'static str,
        /// The JSON type given.
        found: &'static str,
    },
    /// A body key the spec does not document: DOKU would not read it, so it is refused rather
    /// than sent.
    UnknownField {
        /// JSON path of the key.
        field: Cow<'static, str>,
        /// The keys documented at that level.
        expected: Vec<&'static str>,
    },
    /// A file part that is not what the endpoint accepts (its type or its size).
    File {
        /// The part's name.
        field: Cow<'static, str>,
        /// What is wrong, with the limit.
        problem: String,
    },
    /// A value documented as a date (`date`, `timestamp`) that is not one.
    NotADate {
        /// JSON path of the value.
        field: Cow<'static, str>,
        /// The value given.
        value: String,
        /// The documented format (`date`: ISO 8601, `2023-03-16T10:00:41Z`; `timestamp`:
        /// exactly `YYYY-MM-DDTHH:MM:SSZ`; `yyyyMMddHHmmss UTC+7` and the like: DOKU's other
        /// notation, see [`crate::datetime`]).
        format: &'static str,
    },
    /// The body is not JSON at all.
    NotJson {
        /// What the JSON parser said, with line and column.
        message: String,
    },
    /// A caller-supplied header value that cannot be sent (a control character, or non-ASCII).
    InvalidHeader {
        /// The header name.
        name: &'static str,
        /// What is wrong with the value.
        problem: &'static str,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Missing { field } => write!(f, "`{field}` is required"),
            Violation::NotADate {
                field,
                value,
                format,
            } if format.starts_with("yyyyMMddHHmmss") => write!(
                f,
                "`{field}` = {value:?} is not a date-time in {format} (14 digits of a real date \
                 and time, e.g. 20240712104531)"
            ),
            Violation::NotADate {
                field,
                value,
                format,
            } => write!(
                f,
                "`{field}` = {value:?} is not a {format} (ISO 8601 UTC, e.g. 2023-03-16T10:00:41Z)"
            ),
            Violation::Format(e) => fmt::Display::fmt(e, f),
            Violation::UnknownValue {
                field,
                value,
                expected,
            } => {
                write!(
                    f,
                    "`{field}` = {value:?} is not a documented value; expected one of: {}",
                    expected.join(", ")
                )
            }
            Violation::NotAnOtherValue {
                field,
                value,
                problems,
            } => write!(
                f,
                "`{field}` = {value:?} is not a listed value, nor one the page's cut-off list \
                 could have lost: {}",
                problems.join("; ")
            ),
            Violation::NotAllowedWith {
                field,
                value,
                when_field,
                when_value,
                allowed,
            } => write!(
                f,
                "`{field}` = {value:?} is not allowed when `{when_field}` is {when_value}; allowed: {}",
                allowed.join(", ")
            ),
            Violation::RequiredWhen {
                field,
                when_field,
                when_value,
            } => write!(
                f,
                "`{field}` is required when `{when_field}` is {when_value}"
            ),
            Violation::ExactlyOne { fields, present } => {
                let names: Vec<String> = fields.iter().map(|p| format!("`{p}`")).collect();
                write!(
                    f,
                    "exactly one of {} must be given; {present} given",
                    names.join(", ")
                )
            }
            Violation::NotSame {
                field,
                same_as,
                when,
            } => {
                write!(f, "`{field}` must be the same as `{same_as}`")?;
                if let Some((when_field, when_value)) = when {
                    write!(f, " when `{when_field}` is {when_value}")?;
                }
                Ok(())
            }
            Violation::TotalMismatch {
                field,
                value,
                items,
                factors,
                sum,
            } => write!(
                f,
                "`{field}` is {value}, but the sum of {} over `{items}` is {sum}",
                factors
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" × ")
            ),
            Violation::OverLimitWhen {
                field,
                limit,
                found,
                when_field,
                when_value,
                when_list,
            } => {
                match limit {
                    Limit::MaxLength(max) => write!(
                        f,
                        "`{field}` is {found} characters long, more than the {max} allowed"
                    )?,
                    Limit::MaxValue(max) => {
                        write!(f, "`{field}` is {found}, more than the {max} allowed")?
                    }
                }
                let verb = if *when_list { "includes" } else { "is" };
                write!(f, " when `{when_field}` {verb} {when_value}")
            }
            Violation::WrongType {
                field,
                expected,
                found,
            } => write!(f, "`{field}` must be a JSON {expected}, found {found}"),
            Violation::UnknownField { field, expected } => {
                write!(f, "`{field}` is not a documented field")?;
                if !expected.is_empty() {
                    write!(f, "; documented here: {}", expected.join(", "))?;
                }
                Ok(())
            }
            Violation::NotJson { message } => write!(f, "the body is not JSON: {message}"),
            Violation::File { field, problem } => write!(f, "file `{field}` {problem}"),
            Violation::InvalidHeader { name, problem } => {
                write!(f, "header `{name}` {problem}")
            }
        }
    }
}

/// A limit that holds only under a condition ([`Violation::OverLimitWhen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// At most this many characters (a JSON string).
    MaxLength(usize),
    /// At most this number (a JSON number).
    MaxValue(i128),
}

/// Every violation found in one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestErrors {
    /// The violations, in parameter order.
    pub violations: Vec<Violation>,
}

impl RequestErrors {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// `Ok(value)` when nothing was recorded, else `Err(self)`.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.violations.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }

    /// `true` when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }
}

impl fmt::Display for RequestErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {} problem(s)", self.violations.len())?;
        for v in &self.violations {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RequestErrors {}

/// A string that is not one of an enum's documented values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnumValue {
    /// The Rust enum (`BusinessType`).
    pub enum_name: &'static str,
    /// The value given.
    pub value: String,
    /// The documented wire values.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {} value; expected one of: {}",
            self.value,
            self.enum_name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownEnumValue {}

impl UnknownEnumValue {
    /// The same problem as a request [`Violation`] on `field`.
    pub fn into_violation(self, field: &'static str) -> Violation {
        Violation::UnknownValue {
            field: Cow::Borrowed(field),
            value: self.value,
            expected: self.expected,
        }
    }
}
