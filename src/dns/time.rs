//! Time: RFC 1982 serial-number arithmetic for RRSIG timestamps, calendar conversions for
//! RRSIG timestamps and `--now` (RFC 3339, UTC only), and a monotonic clock for deadlines.

/// RFC 1982 serial number arithmetic on 32-bit timestamps: `a` is before or equal to `b`.
/// RRSIG inception and expiration are compared this way (RFC 4034 §3.1.5).
pub fn serial_le(a: u32, b: u32) -> bool {
    a == b || serial_lt(a, b)
}

/// RFC 1982 §3.2: `a < b` when the forward distance from a to b is below 2^31.
pub fn serial_lt(a: u32, b: u32) -> bool {
    a != b && b.wrapping_sub(a) < 0x8000_0000
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads unix seconds (`1767225600`) or RFC 3339 (`2026-01-01T00:00:00Z`, an offset such as
/// `+02:00`, or a bare date `2026-01-01`).
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = match text.split_once(['T', 't', ' ']) {
        Some((d, r)) => (d, Some(r)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let year = num(parts.next()?)?;
    let month = u32::try_from(num(parts.next()?)?).ok()?;
    let day = u32::try_from(num(parts.next()?)?).ok()?;
    // RFC 3339 §5.6: a four-digit year. Larger years would also overflow the day count.
    if parts.next().is_some()
        || !(0..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(rest) = rest {
        let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(i) = rest.rfind(['+', '-']) {
            let (c, o) = rest.split_at(i);
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let (oh, om) = o[1..].split_once(':')?;
            let (oh, om) = (num(oh)?, num(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            (c, sign * (oh * 3600 + om * 60))
        } else {
            return None;
        };
        let clock = clock.split('.').next()?;
        let mut hms = clock.split(':');
        let h = num(hms.next()?)?;
        let m = num(hms.next()?)?;
        let s = hms.next().map_or(Some(0), num)?;
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        seconds += h * 3600 + m * 60 + s - offset;
    }
    Some(seconds)
}

/// Milliseconds on a clock that only moves forward, for deadlines: `performance`-free
/// `Date.now()` in wasm (the same in a page, a Worker and Node), [`std::time::Instant`]
/// natively.
#[cfg(target_arch = "wasm32")]
pub fn monotonic_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds on a clock that only moves forward, for deadlines.
#[cfg(not(target_arch = "wasm32"))]
pub fn monotonic_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_parses() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_772_323_200), "2026-03-01T00:00:00Z");
        assert_eq!(parse_time("2026-03-01T00:00:00Z"), Some(1_772_323_200));
        assert_eq!(parse_time("2026-03-01T02:00:00+02:00"), Some(1_772_323_200));
        assert_eq!(parse_time("2026-03-01"), Some(1_772_323_200));
        assert_eq!(parse_time("1772323200"), Some(1_772_323_200));
        assert_eq!(parse_time("2026-13-01"), None);
        assert_eq!(parse_time("yesterday"), None);
        // Out-of-range fields are refused instead of overflowing the arithmetic.
        assert_eq!(parse_time("99999999999999999-01-01"), None);
        assert_eq!(parse_time("10000-01-01"), None);
        assert_eq!(parse_time("2026-01-01T00:00:00+99999999999999999:00"), None);
        assert_eq!(parse_time("2026-01-01T00:00:00+24:00"), None);
        assert_eq!(parse_time("9999-12-31T23:59:59Z"), Some(253_402_300_799));
        assert_eq!(parse_time(""), None);
    }
}
