//! Times are stored as UTC milliseconds and shown in Asia/Shanghai (UTC+8, no daylight saving).

const SHANGHAI_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// Civil date (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The Shanghai day (days since 1970-01-01) a UTC instant falls on: daily caps and
/// deadlines count these.
pub fn day_of(utc_ms: i64) -> i64 {
    (utc_ms + SHANGHAI_OFFSET_MS).div_euclid(86_400_000)
}

/// The Monday of a Shanghai day's week (1970-01-01 was a Thursday).
pub fn monday_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// `2026-11-25` in Asia/Shanghai.
pub fn format_date_local(utc_ms: i64) -> String {
    let local = utc_ms + SHANGHAI_OFFSET_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2026-11-25 09:30` in Asia/Shanghai.
pub fn format_datetime_local(utc_ms: i64) -> String {
    // One `format!`: a forum page formats one of these per post.
    let local = utc_ms + SHANGHAI_OFFSET_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400_000));
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// Day count since 1970-01-01 of a civil date (the inverse of [`civil_from_days`]).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// UTC milliseconds of what a `datetime-local` input holds (`2026-11-25T09:30`, read as
/// Asia/Shanghai time); `None` when it is no such time.
pub fn parse_datetime_local(raw: &str) -> Option<i64> {
    let (date, time) = raw.trim().split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min) = (t.next()??, t.next()??);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(0..24).contains(&h) || !(0..60).contains(&min) {
        return None;
    }
    let days = days_from_civil(y, m as u32, day as u32);
    // Reject 2026-02-30 and the like: the day must come back unchanged.
    if day < 1 || civil_from_days(days) != (y, m as u32, day as u32) {
        return None;
    }
    Some(days * 86_400_000 + (h * 60 + min) * 60_000 - SHANGHAI_OFFSET_MS)
}

/// The value a `datetime-local` input shows for a time: `2026-11-25T09:30` in Asia/Shanghai.
pub fn datetime_local_input(utc_ms: i64) -> String {
    format_datetime_local(utc_ms).replacen(' ', "T", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_inputs_read_as_shanghai_time_and_round_trip() {
        assert_eq!(parse_datetime_local("2026-11-25T00:00"), Some(1_795_536_000_000));
        assert_eq!(datetime_local_input(1_795_536_000_000), "2026-11-25T00:00");
        assert_eq!(parse_datetime_local("2024-02-29T12:00").map(format_datetime_local).as_deref(), Some("2024-02-29 12:00"));
        assert_eq!(parse_datetime_local("2026-02-30T12:00"), None);
        assert_eq!(parse_datetime_local("2026-11-25T24:00"), None);
        assert_eq!(parse_datetime_local("明天"), None);
        assert_eq!(parse_datetime_local(""), None);
    }

    #[test]
    fn shanghai_is_eight_hours_ahead_of_utc_across_midnight() {
        // 2026-11-24 16:00 UTC is already 2026-11-25 00:00 in Shanghai.
        assert_eq!(format_datetime_local(1_795_536_000_000), "2026-11-25 00:00");
        assert_eq!(format_datetime_local(1_795_535_999_999), "2026-11-24 23:59");
    }

    #[test]
    fn dates_before_1970_and_leap_days_are_right() {
        assert_eq!(format_date_local(0), "1970-01-01");
        assert_eq!(format_date_local(-8 * 3600 * 1000 - 1), "1969-12-31");
        // 2024-02-29 12:00 UTC
        assert_eq!(format_date_local(1_709_208_000_000), "2024-02-29");
    }
}
