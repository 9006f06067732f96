//! Deadlines in working days, Asia/Shanghai: Monday to Friday, except the holidays and
//! the weekend days worked in exchange (调休) that the calendar lists.
use std::collections::HashMap;

const DAY_MS: i64 = 86_400_000;
const SHANGHAI_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of `YYYY-MM-DD`, if it is a real date.
pub fn parse_day(raw: &str) -> Option<i64> {
    let mut parts = raw.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > 31 {
        return None;
    }
    let n = days_from_civil(y, m, d);
    // 2月30日 and friends come back as another date.
    (crate::shell::civil_from_days(n) == (y, m, d)).then_some(n)
}

pub use crate::shell::day_of;

/// The last millisecond of a Shanghai day, in UTC.
pub fn end_of_day(day: i64) -> i64 {
    (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1
}

/// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Which days are worked.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    exceptions: HashMap<i64, bool>,
}

impl Calendar {
    /// From the calendar's exceptions: (`YYYY-MM-DD`, worked). Unreadable days are skipped.
    pub fn new(exceptions: impl IntoIterator<Item = (String, bool)>) -> Self {
        Calendar { exceptions: exceptions.into_iter().filter_map(|(d, w)| parse_day(&d).map(|n| (n, w))).collect() }
    }

    pub fn is_working(&self, day: i64) -> bool {
        self.exceptions.get(&day).copied().unwrap_or(weekday(day) < 5)
    }

    /// The end of the `n`-th working day after the day of `from_ms`: a letter received
    /// on Friday with 2 days to accept is due at the end of Tuesday.
    pub fn working_days_after(&self, from_ms: i64, n: i64) -> i64 {
        let mut day = day_of(from_ms);
        let mut left = n.max(1);
        while left > 0 {
            day += 1;
            if self.is_working(day) {
                left -= 1;
            }
        }
        end_of_day(day)
    }
}

/// The end of the day `n` calendar days after the day of `from_ms`.
pub fn days_after(from_ms: i64, n: i64) -> i64 {
    end_of_day(day_of(from_ms) + n.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::format_datetime_local;

    /// 2026-11-27 10:00 in Shanghai, a Friday.
    const FRIDAY_10AM: i64 = 1_795_744_800_000;

    #[test]
    fn days_parse_and_round_trip() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2026-11-27").map(end_of_day).map(format_datetime_local).as_deref(), Some("2026-11-27 23:59"));
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("昨天"), None);
        assert_eq!(format_datetime_local(FRIDAY_10AM), "2026-11-27 10:00");
        assert_eq!(weekday(day_of(FRIDAY_10AM)), 4);
    }

    #[test]
    fn working_days_skip_weekends() {
        let plain = Calendar::default();
        assert_eq!(format_datetime_local(plain.working_days_after(FRIDAY_10AM, 2)), "2026-12-01 23:59", "Friday + 2 working days = Tuesday");
        assert_eq!(format_datetime_local(plain.working_days_after(FRIDAY_10AM - 4 * DAY_MS, 2)), "2026-11-25 23:59", "Monday + 2 = Wednesday");
        assert_eq!(format_datetime_local(days_after(FRIDAY_10AM, 15)), "2026-12-12 23:59", "reply deadlines count every day");
    }

    #[test]
    fn holidays_and_exchanged_weekend_days_are_honoured() {
        // Monday 30 November a holiday, Saturday 28 November worked in exchange.
        let cal = Calendar::new([("2026-11-30".to_owned(), false), ("2026-11-28".to_owned(), true), ("bad".to_owned(), true)]);
        assert!(!cal.is_working(parse_day("2026-11-30").unwrap()));
        assert!(cal.is_working(parse_day("2026-11-28").unwrap()));
        assert_eq!(format_datetime_local(cal.working_days_after(FRIDAY_10AM, 2)), "2026-12-01 23:59", "Saturday and Tuesday");
        assert_eq!(format_datetime_local(cal.working_days_after(FRIDAY_10AM, 3)), "2026-12-02 23:59");
    }
}
