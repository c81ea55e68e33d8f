//! DOKU's other date-time notation: `yyyyMMddHHmmss`, 14 digits with no separator, in the zone
//! a page names ("The expired date uses UTC+7 time") or in none.
//!
//! Checkout's `expired_date` and DOKU VA's `created_date` / `expired_date` are written this
//! way (`20240712104531`), beside the ISO 8601 UTC values of the rest of the API (`date`,
//! `timestamp`). A spec writes the notation as DOKU's page does, `yyyyMMddHHmmss UTC+7`, and
//! the generated type carries it: [`CompactDateTime<Wib>`]. The zone is a type parameter, so a
//! WIB wall-clock time cannot be mistaken for a UTC one, and only a value whose zone the page
//! states converts to an instant ([`CompactDateTime::unix_utc`]).
//!
//! A request holds a [`CompactDateTime`] (checked when built, and again in the body before
//! sending); a response holds [`OrInvalid<CompactDateTime<Z>>`]: a value DOKU sends that does
//! not fit is kept exactly as sent and listed by the conformance check, never a decoding error.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// The zone a `yyyyMMddHHmmss` value is written in, as a type: [`Wib`], [`Utc`] or
/// [`ZoneUnstated`].
pub trait Zone: 'static {
    /// The spec's notation, pattern and zone (`yyyyMMddHHmmss UTC+7`).
    const NOTATION: &'static str;
    /// The zone's offset from UTC in seconds, when the page states it.
    const UTC_OFFSET_SECONDS: Option<i64>;
}

/// A zone the page states, so its values convert to and from instants.
pub trait StatedZone: Zone {}

/// UTC+7 (WIB, Western Indonesian Time): `yyyyMMddHHmmss UTC+7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Wib;

/// UTC+0: `yyyyMMddHHmmss UTC+0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Utc;

/// No zone on the page (`yyyyMMddHHmmss` alone): the digits are checked, but the value names
/// no instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneUnstated;

impl Zone for Wib {
    const NOTATION: &'static str = "yyyyMMddHHmmss UTC+7";
    const UTC_OFFSET_SECONDS: Option<i64> = Some(7 * 3600);
}
impl StatedZone for Wib {}

impl Zone for Utc {
    const NOTATION: &'static str = "yyyyMMddHHmmss UTC+0";
    const UTC_OFFSET_SECONDS: Option<i64> = Some(0);
}
impl StatedZone for Utc {}

impl Zone for ZoneUnstated {
    const NOTATION: &'static str = "yyyyMMddHHmmss";
    const UTC_OFFSET_SECONDS: Option<i64> = None;
}

/// Why a text is not a `yyyyMMddHHmmss` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError {
    /// The text refused.
    pub value: String,
    /// The notation it was checked against (`yyyyMMddHHmmss UTC+7`).
    pub notation: &'static str,
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not {} (14 digits: year, month, day, hour 00-23, minute, second, a real \
             calendar date)",
            self.value, self.notation
        )
    }
}

impl std::error::Error for DateTimeError {}

/// The wall-clock seconds (as if UTC) of a `yyyyMMddHHmmss` text, or `None` when it is not
/// 14 ASCII digits naming a real date and time (month 01-12, a day of that month, leap years
/// counted, hour 00-23, minute and second 00-59).
pub fn parse_compact(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> i64 {
        b[r].iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
    };
    let (y, mo, d) = (num(0..4), num(4..6), num(6..8));
    let (h, mi, s) = (num(8..10), num(10..12), num(12..14));
    let month_len = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > month_len || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(crate::clock::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// A date-time in DOKU's `yyyyMMddHHmmss` notation, in the zone `Z` (a WIB one is
/// `CompactDateTime<Wib>`). Always 14 digits naming a real date and time: built by
/// [`parse`](Self::parse) (or `FromStr`, `TryFrom`), or from an instant with
/// [`from_unix_utc`](Self::from_unix_utc). Deserializing checks it too.
///
/// ```
/// use doku_partner_support::datetime::{CompactDateTime, Wib};
///
/// // Checkout's sample: 10:45:31 WIB is 03:45:31 UTC.
/// let expires: CompactDateTime<Wib> = "20240712104531".parse().unwrap();
/// assert_eq!(expires.unix_utc(), 1_720_755_931);
/// assert_eq!(CompactDateTime::<Wib>::from_unix_utc(1_720_755_931), expires);
/// assert!("2024-07-12T03:45:31Z".parse::<CompactDateTime<Wib>>().is_err());
/// ```
pub struct CompactDateTime<Z> {
    text: String,
    zone: PhantomData<Z>,
}

impl<Z: Zone> CompactDateTime<Z> {
    /// The notation values of this type follow (`yyyyMMddHHmmss UTC+7`).
    pub const NOTATION: &'static str = Z::NOTATION;

    /// Checks `text` (14 digits naming a real date and time).
    ///
    /// # Errors
    ///
    /// A [`DateTimeError`] naming the notation, when `text` does not fit it.
    pub fn parse(text: impl Into<String>) -> Result<Self, DateTimeError> {
        let text = text.into();
        if parse_compact(&text).is_some() {
            Ok(Self {
                text,
                zone: PhantomData,
            })
        } else {
            Err(DateTimeError {
                value: text,
                notation: Z::NOTATION,
            })
        }
    }

    /// The value as sent (`20240712104531`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The wall-clock reading in `Z`: year, month, day, hour, minute, second.
    pub fn fields(&self) -> (u16, u8, u8, u8, u8, u8) {
        let b = self.text.as_bytes();
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        let year = self.text[..4].parse().unwrap_or(0);
        (year, two(4), two(6), two(8), two(10), two(12))
    }
}

impl<Z: StatedZone> CompactDateTime<Z> {
    /// The instant, in Unix seconds (UTC): the wall clock minus the zone's offset.
    pub fn unix_utc(&self) -> i64 {
        parse_compact(&self.text).unwrap_or(0) - Z::UTC_OFFSET_SECONDS.unwrap_or(0)
    }

    /// The wall-clock reading in `Z` of the instant `unix` (Unix seconds, UTC).
    ///
    /// # Panics
    ///
    /// Never for years 0 to 9999; an instant outside them has no 4-digit year and is clamped
    /// to the nearest one (`00000101000000`, `99991231235959`).
    pub fn from_unix_utc(unix: i64) -> Self {
        const FIRST: i64 = -62_167_219_200; // 0000-01-01T00:00:00
        const LAST: i64 = 253_402_300_799; // 9999-12-31T23:59:59
        let local = (unix + Z::UTC_OFFSET_SECONDS.unwrap_or(0)).clamp(FIRST, LAST);
        let (y, m, d) = crate::clock::civil_from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        Self {
            text: format!(
                "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            ),
            zone: PhantomData,
        }
    }
}

// Manual impls: `Z` is a marker, so no bound on it is wanted.
impl<Z> Clone for CompactDateTime<Z> {
    fn clone(&self) -> Self {
        Self {
            text: self.text.clone(),
            zone: PhantomData,
        }
    }
}

impl<Z> PartialEq for CompactDateTime<Z> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<Z> Eq for CompactDateTime<Z> {}

impl<Z> std::hash::Hash for CompactDateTime<Z> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Same zone, so the digits order as the times do.
impl<Z> PartialOrd for CompactDateTime<Z> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<Z> Ord for CompactDateTime<Z> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl<Z: Zone> fmt::Debug for CompactDateTime<Z> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({})", self.text, Z::NOTATION)
    }
}

impl<Z> fmt::Display for CompactDateTime<Z> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<Z: Zone> FromStr for CompactDateTime<Z> {
    type Err = DateTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl<Z: Zone> TryFrom<&str> for CompactDateTime<Z> {
    type Error = DateTimeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl<Z: Zone> TryFrom<String> for CompactDateTime<Z> {
    type Error = DateTimeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl<Z> Serialize for CompactDateTime<Z> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// Deserializing checks: a value that breaks the notation is an error (a response field holds
/// [`OrInvalid`] instead, which keeps it).
impl<'de, Z: Zone> Deserialize<'de> for CompactDateTime<Z> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(text).map_err(de::Error::custom)
    }
}

/// A value as DOKU sent it in a response: `Valid` when it fits its documented notation, else
/// `Invalid`, kept exactly as sent (a conformance finding, never a decoding error).
///
/// ```
/// use doku_partner_support::datetime::{CompactDateTime, OrInvalid, Wib};
///
/// let sent: OrInvalid<CompactDateTime<Wib>> = serde_json::from_str("\"20230529100510\"").unwrap();
/// assert_eq!(sent.valid().map(CompactDateTime::unix_utc), Some(1_685_329_510));
/// let odd: OrInvalid<CompactDateTime<Wib>> = serde_json::from_str("\"2023-05-29\"").unwrap();
/// assert_eq!(odd.as_str(), "2023-05-29");
/// assert!(odd.valid().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrInvalid<T> {
    /// The value fits its notation.
    Valid(T),
    /// The value does not fit its notation, exactly as sent.
    Invalid(String),
}

impl<Z: Zone> OrInvalid<CompactDateTime<Z>> {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Valid(value) => value.as_str(),
            Self::Invalid(raw) => raw,
        }
    }

    /// The value, when it fits its notation.
    pub fn valid(&self) -> Option<&CompactDateTime<Z>> {
        match self {
            Self::Valid(value) => Some(value),
            Self::Invalid(_) => None,
        }
    }
}

impl<Z: Zone> From<&str> for OrInvalid<CompactDateTime<Z>> {
    fn from(text: &str) -> Self {
        CompactDateTime::parse(text).map_or_else(|e| Self::Invalid(e.value), Self::Valid)
    }
}

impl<Z: Zone> PartialEq<&str> for OrInvalid<CompactDateTime<Z>> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<Z: Zone> fmt::Display for OrInvalid<CompactDateTime<Z>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<Z: Zone> Serialize for OrInvalid<CompactDateTime<Z>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Any JSON string is accepted; one that breaks the notation is kept as `Invalid`.
impl<'de, Z: Zone> Deserialize<'de> for OrInvalid<CompactDateTime<Z>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match CompactDateTime::parse(text) {
            Ok(value) => Self::Valid(value),
            Err(e) => Self::Invalid(e.value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_digits_of_a_real_date_and_time() {
        for good in [
            "20240712104531",
            "20240229235959",
            "20000229000000",
            "19991231235959",
        ] {
            assert!(parse_compact(good).is_some(), "{good}");
        }
        for bad in [
            "",
            "2024071210453",   // 13 digits
            "202407121045311", // 15
            "20230229104531",  // 29 February of a common year
            "21000229104531",  // 2100 is no leap year
            "20241301104531",  // month 13
            "20240700104531",  // day 0
            "20240431104531",  // 31 April
            "20240712244531",  // hour 24
            "20240712106031",  // minute 60
            "20240712104560",  // second 60
            "2024-07-12T10:45",
            "2024071210453a",
            "２０２４０７１２１０４５３",
        ] {
            assert!(parse_compact(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_zone_is_the_offset_to_utc() {
        // F's logged response: created_date 20230529090510 beside created_date_utc
        // 2023-05-29T02:05:10Z.
        let wib: CompactDateTime<Wib> = "20230529090510".parse().unwrap();
        let utc = crate::clock::parse_timestamp("2023-05-29T02:05:10Z").unwrap();
        assert_eq!(wib.unix_utc(), utc);
        assert_eq!(CompactDateTime::<Wib>::from_unix_utc(utc), wib);
        assert_eq!(
            CompactDateTime::<Utc>::from_unix_utc(utc).as_str(),
            "20230529020510"
        );
        // Crossing midnight and a year.
        let new_year = crate::clock::parse_timestamp("2023-12-31T20:00:00Z").unwrap();
        assert_eq!(
            CompactDateTime::<Wib>::from_unix_utc(new_year).as_str(),
            "20240101030000"
        );
        assert_eq!(wib.fields(), (2023, 5, 29, 9, 5, 10));
    }

    #[test]
    fn errors_name_the_notation() {
        let e = "2023-05-29".parse::<CompactDateTime<Wib>>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"2023-05-29\" is not yyyyMMddHHmmss UTC+7 (14 digits: year, month, day, hour \
             00-23, minute, second, a real calendar date)"
        );
        let e = "x".parse::<CompactDateTime<ZoneUnstated>>().unwrap_err();
        assert_eq!(e.notation, "yyyyMMddHHmmss");
        assert!(serde_json::from_str::<CompactDateTime<Wib>>("\"20230229000000\"").is_err());
        assert_eq!(
            format!(
                "{:?}",
                CompactDateTime::<Wib>::parse("20230529090510").unwrap()
            ),
            "\"20230529090510\" (yyyyMMddHHmmss UTC+7)"
        );
    }
}
