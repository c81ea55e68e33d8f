//! Timestamps and request ids, behind traits so tests can pin them.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The longest `Request-Id` DOKU accepts.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// A source of "now", in whole seconds since the Unix epoch (UTC).
pub trait Clock: Send + Sync + fmt::Debug {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now_unix(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock that always says the same time (tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_unix(&self) -> i64 {
        self.0
    }
}

/// A clock that stands still until told to move (tests that span hours in milliseconds: the
/// stand-in's KYB review, token expiry). Clones share one time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<std::sync::atomic::AtomicI64>);

impl ManualClock {
    /// A clock at `unix` seconds.
    pub fn new(unix: i64) -> Self {
        ManualClock(Arc::new(std::sync::atomic::AtomicI64::new(unix)))
    }

    /// Moves the clock forward by `by` (whole seconds; a fraction is dropped).
    pub fn advance(&self, by: std::time::Duration) {
        let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        let _ = self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |t| {
                Some(t.saturating_add(secs))
            });
    }

    /// Sets the clock to `unix` seconds.
    pub fn set(&self, unix: i64) {
        self.0.store(unix, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_unix(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Formats Unix seconds as DOKU's `Request-Timestamp`: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(doku_partner_support::clock::format_timestamp(1_597_135_542), "2020-08-11T08:45:42Z");
/// ```
pub fn format_timestamp(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hour, minute, second) = (secs / 3600, secs / 60 % 60, secs % 60);
    if !(0..=9999).contains(&y) {
        // Not four digits: as `format!` pads (a sign, or a fifth digit).
        return format!("{y:04}-{m:02}-{d:02}T{hour:02}:{minute:02}:{second:02}Z");
    }
    // Written digit by digit into a string of exactly 20 bytes (a signed request sends one per
    // attempt; `format!` grew its buffer three times, issue 27), so that it becomes a header
    // value without another allocation.
    let mut out = String::with_capacity(20);
    let mut digits = |value: i64, width: u32, then: char| {
        for place in (0..width).rev() {
            let digit = value / 10_i64.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(then);
    };
    digits(y, 4, '-');
    digits(m, 2, '-');
    digits(d, 2, 'T');
    digits(hour, 2, ':');
    digits(minute, 2, ':');
    digits(second, 2, 'Z');
    out
}

/// Parses DOKU's timestamp format (`YYYY-MM-DDTHH:MM:SSZ`, nothing else) into Unix seconds.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &s[range];
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let month_len = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > month_len || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

// Howard Hinnant's civil calendar algorithms (public domain), proleptic Gregorian.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A `Request-Id`: 1 to 128 visible ASCII characters (it travels in an HTTP header).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    /// A fresh UUID v4, as DOKU's samples use.
    pub fn new_v4() -> Self {
        // Encoded into a stack buffer and copied once (`to_string` grew a `String` four times).
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        RequestId(
            uuid::Uuid::new_v4()
                .hyphenated()
                .encode_lower(&mut text)
                .to_owned(),
        )
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Why a string is not a valid `Request-Id`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRequestId {
    /// Empty.
    #[error("a Request-Id cannot be empty")]
    Empty,
    /// Longer than 128 characters.
    #[error("a Request-Id is at most 128 characters; this one has {len}")]
    TooLong {
        /// Its length.
        len: usize,
    },
    /// Contains a character that cannot travel in an HTTP header unchanged.
    #[error(
        "a Request-Id may contain only visible ASCII characters; found {found:?} at position {position}"
    )]
    BadCharacter {
        /// The offending character.
        found: char,
        /// Its position (in characters).
        position: usize,
    },
}

impl TryFrom<String> for RequestId {
    type Error = InvalidRequestId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.is_empty() {
            return Err(InvalidRequestId::Empty);
        }
        if let Some((position, found)) = value
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_graphic())
        {
            return Err(InvalidRequestId::BadCharacter { found, position });
        }
        if value.len() > MAX_REQUEST_ID_LEN {
            return Err(InvalidRequestId::TooLong { len: value.len() });
        }
        Ok(RequestId(value))
    }
}

impl TryFrom<&str> for RequestId {
    type Error = InvalidRequestId;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        RequestId::try_from(value.to_owned())
    }
}

impl std::str::FromStr for RequestId {
    type Err = InvalidRequestId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestId::try_from(s)
    }
}

/// A source of fresh `Request-Id`s.
pub trait RequestIdSource: Send + Sync + fmt::Debug {
    /// The next id; each call must return a new one.
    fn next_id(&self) -> RequestId;
}

/// UUID v4 ids (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct UuidV4;

impl RequestIdSource for UuidV4 {
    fn next_id(&self) -> RequestId {
        RequestId::new_v4()
    }
}

/// `prefix-1`, `prefix-2`, ... (deterministic tests).
#[derive(Debug, Clone)]
pub struct SequentialIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl SequentialIds {
    /// Ids `prefix-1`, `prefix-2`, ...
    pub fn new(prefix: &str) -> Self {
        SequentialIds {
            prefix: prefix.into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl RequestIdSource for SequentialIds {
    fn next_id(&self) -> RequestId {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        RequestId(format!("{}-{n}", self.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_dokus_timestamp() {
        assert_eq!(format_timestamp(1_597_135_542), "2020-08-11T08:45:42Z");
        assert_eq!(parse_timestamp("2020-08-11T08:45:42Z"), Some(1_597_135_542));
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59Z");
        for t in [0, 1, 951_782_399, 1_700_000_000, 4_102_444_800, -86_401] {
            assert_eq!(parse_timestamp(&format_timestamp(t)), Some(t), "{t}");
        }
    }

    #[test]
    fn timestamps_are_written_as_format_pads_them_in_every_year() {
        let by_format = |unix: i64| {
            let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
            let secs = unix.rem_euclid(86_400);
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
        };
        let mut unix = -62_200_000_000_i64; // year -1
        while unix < 253_500_000_000 {
            // past year 10000
            for t in [unix, unix + 1, unix + 86_399] {
                let text = format_timestamp(t);
                assert_eq!(text, by_format(t), "{t}");
                if text.len() == 20 && !text.starts_with('-') {
                    assert_eq!(text.capacity(), 20, "{t}");
                }
            }
            unix += 9_876_543;
        }
        assert_eq!(format_timestamp(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(format_timestamp(253_402_300_800), "10000-01-01T00:00:00Z");
        assert_eq!(format_timestamp(-62_135_596_801), "0000-12-31T23:59:59Z");
        assert_eq!(format_timestamp(-62_167_219_201), "-001-12-31T23:59:59Z");
    }

    #[test]
    fn rejects_other_timestamp_shapes() {
        for bad in [
            "2020-08-11T08:45:42.000Z",
            "2020-08-11T08:45:42+07:00",
            "2020-08-11 08:45:42Z",
            "2020-02-30T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-13-01T00:00:00Z",
            "2020-08-11T24:00:00Z",
            "2020-08-11T08:60:00Z",
            "+020-08-11T08:45:42Z",
            "2020-08-11T08:45:4Z",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(1_700_000_000);
        let shared = clock.clone();
        assert_eq!(shared.now_unix(), 1_700_000_000);
        clock.advance(std::time::Duration::from_secs(12 * 3600));
        assert_eq!(shared.now_unix(), 1_700_000_000 + 43_200);
        clock.set(5);
        assert_eq!(shared.now_unix(), 5);
    }

    #[test]
    fn request_ids() {
        let id = RequestId::new_v4();
        assert_eq!(id.as_str().len(), 36);
        assert_eq!(id.as_str().as_bytes()[14], b'4');
        assert_ne!(RequestId::new_v4(), id);
        assert!(RequestId::try_from("x".repeat(128)).is_ok());
        assert_eq!(
            RequestId::try_from("x".repeat(129)),
            Err(InvalidRequestId::TooLong { len: 129 })
        );
        assert_eq!(RequestId::try_from(""), Err(InvalidRequestId::Empty));
        assert_eq!(
            RequestId::try_from("a b"),
            Err(InvalidRequestId::BadCharacter {
                found: ' ',
                position: 1
            })
        );
        assert!(RequestId::try_from("é").is_err());
        let seq = SequentialIds::new("t");
        assert_eq!(seq.next_id().as_str(), "t-1");
        assert_eq!(seq.next_id().as_str(), "t-2");
    }
}
