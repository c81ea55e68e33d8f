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
    /// A value is documented, but not allowed together with another parameter's value.
    NotAllowedWith {
        /// Wire name of the parameter.
        field: Cow<'static, str>,
        /// The value given.
        value: String,
        /// The parameter whose value decides ...
        when_field: &'static str,
        /// ... and that value.
        when_value: &'static str,
        /// What is allowed in that case.
        allowed: &'static [&'static str],
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Missing { field } => write!(f, "`{field}` is required"),
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
        }
    }
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
