//! Dates: parsing `updated`, reading file times, and the forms templates and feeds need.

use jiff::Timestamp;
use serde::Serialize;
use std::time::SystemTime;

/// How dates are written in the site's language: the theme's `date_day` and
/// `date_month` patterns (`{day} {month} {year}`) and `month_1` to `month_12`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWords {
    day: String,
    month: String,
    months: Vec<String>,
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Default for DateWords {
    /// English: `7 April 2017`, `April 2017`.
    fn default() -> Self {
        DateWords {
            day: "{day} {month} {year}".into(),
            month: "{month} {year}".into(),
            months: ENGLISH_MONTHS.iter().map(|m| (*m).to_owned()).collect(),
        }
    }
}

impl DateWords {
    /// The date words of a theme's strings (`crate::theme::Strings`), English for any that are missing.
    pub fn from_strings(strings: &std::collections::BTreeMap<String, String>) -> Self {
        let english = DateWords::default();
        let get = |key: &str, or: &str| strings.get(key).cloned().unwrap_or_else(|| or.to_owned());
        DateWords {
            day: get("date_day", &english.day),
            month: get("date_month", &english.month),
            months: (1..=12)
                .map(|m| get(&format!("month_{m}"), &english.months[m - 1]))
                .collect(),
        }
    }

    /// `month` (1 to 12) of `year`, as `April 2017`.
    fn month_of(&self, year: i16, month: i8) -> String {
        self.month
            .replace("{month}", self.month_name(month))
            .replace("{year}", &year.to_string())
    }

    /// A day, as `7 April 2017`.
    fn day_of(&self, d: jiff::civil::Date) -> String {
        self.day
            .replace("{day}", &d.day().to_string())
            .replace("{month}", self.month_name(d.month()))
            .replace("{year}", &d.year().to_string())
    }

    fn month_name(&self, month: i8) -> &str {
        usize::try_from(month - 1)
            .ok()
            .and_then(|i| self.months.get(i))
            .map_or("", String::as_str)
    }
}

/// A date written as `2017`, `2017-04` or `2017-04-07`, in the form pages show dates
/// (`2017`, `April 2017`, `7 April 2017` in English); `None` when it is none of those.
pub fn display_partial(written: &str, words: &DateWords) -> Option<String> {
    let w = written.trim();
    let parts: Vec<&str> = w.split('-').collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits || parts[0].len() != 4 {
        return None;
    }
    match parts.len() {
        1 => Some(w.to_owned()),
        2 if parts[1].len() == 2 => {
            let d: jiff::civil::Date = format!("{w}-01").parse().ok()?;
            Some(words.month_of(d.year(), d.month()))
        }
        3 => {
            let d: jiff::civil::Date = w.parse().ok()?;
            Some(words.day_of(d))
        }
        _ => None,
    }
}

/// A moment a page was last updated, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(Timestamp);

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(Date(ts));
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    d.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| Date(z.timestamp()))
}

/// A length of time between reviews (`review_every`): years, months and days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// Whole years.
    pub years: i16,
    /// Whole months.
    pub months: i32,
    /// Whole days (a week is seven).
    pub days: i32,
}

/// A period written as a number and a unit: `3y`, `18m`, `6w`, `90d`, or in words
/// (`3 years`, `1 year`, `6 months`, `2 weeks`, `30 days`); `None` for anything else,
/// and for zero.
pub fn parse_period(s: &str) -> Option<Period> {
    let s = s.trim().to_ascii_lowercase();
    let digits = s.find(|c: char| !c.is_ascii_digit())?;
    let n: i32 = s[..digits]
        .parse()
        .ok()
        .filter(|&n| (1..=100).contains(&n))?;
    let unit = s[digits..].trim();
    let period = match unit {
        "y" | "year" | "years" => Period {
            years: n as i16,
            ..Period::default()
        },
        "m" | "month" | "months" => Period {
            months: n,
            ..Period::default()
        },
        "w" | "week" | "weeks" => Period {
            days: n * 7,
            ..Period::default()
        },
        "d" | "day" | "days" => Period {
            days: n,
            ..Period::default()
        },
        _ => return None,
    };
    Some(period)
}

impl Date {
    /// From seconds since 1970.
    pub fn from_unix(secs: i64) -> Option<Date> {
        Timestamp::from_second(secs).ok().map(Date)
    }

    /// From a file's modification time.
    pub fn from_system_time(t: SystemTime) -> Option<Date> {
        Timestamp::try_from(t).ok().map(Date)
    }

    /// Now.
    pub fn now() -> Date {
        Date(Timestamp::now())
    }

    /// Today for the review checks: the day `SOURCE_DATE_EPOCH` names when it is set
    /// (the reproducible-builds convention, also how tests fix the day), else now.
    pub fn today() -> Date {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(Date::from_unix)
            .unwrap_or_else(Date::now)
    }

    /// This date `period` later (on the last day of the month when the day does not
    /// exist there: 29 February plus a year is 28 February).
    pub fn after(self, period: Period) -> Option<Date> {
        let day = self.0.to_zoned(jiff::tz::TimeZone::UTC).date();
        let span = jiff::Span::new()
            .try_years(period.years)
            .and_then(|s| s.try_months(period.months))
            .and_then(|s| s.try_days(period.days))
            .ok()?;
        let later = day.checked_add(span).ok()?;
        later
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| Date(z.timestamp()))
    }

    /// `2026-11-23`.
    pub fn iso_date(self) -> String {
        self.0.strftime("%Y-%m-%d").to_string()
    }

    /// `23 November 2026` in English, or as `words` write a day.
    pub fn display(self, words: &DateWords) -> String {
        words.day_of(self.0.to_zoned(jiff::tz::TimeZone::UTC).date())
    }

    /// `2026-11-23T10:00:00Z`, for Atom and sitemaps.
    pub fn rfc3339(self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The view templates get, its date written as `words` write a day.
    pub fn view(self, words: &DateWords) -> DateView {
        DateView {
            iso: self.iso_date(),
            display: self.display(words),
        }
    }
}

/// A date as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    /// `2026-11-23`, for `<time datetime>`.
    pub iso: String,
    /// `23 November 2026`, for people.
    pub display: String,
}

#[cfg(test)]
mod period_tests {
    use super::*;

    #[test]
    fn periods_in_letters_and_words() {
        let y = |years| Period {
            years,
            ..Period::default()
        };
        let m = |months| Period {
            months,
            ..Period::default()
        };
        let d = |days| Period {
            days,
            ..Period::default()
        };
        for (text, want) in [
            ("3y", y(3)),
            ("1 year", y(1)),
            (" 2 Years ", y(2)),
            ("18m", m(18)),
            ("6 months", m(6)),
            ("2w", d(14)),
            ("90d", d(90)),
        ] {
            assert_eq!(parse_period(text), Some(want), "{text}");
        }
        for bad in [
            "",
            "y",
            "3",
            "0y",
            "3x",
            "three years",
            "-1y",
            "3.5y",
            "101y",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_period_later_keeps_the_day_or_takes_the_months_last() {
        let after = |from: &str, p: &str| {
            parse_date(from)
                .and_then(|d| d.after(parse_period(p).unwrap()))
                .map(Date::iso_date)
        };
        assert_eq!(after("2025-03-01", "3y").as_deref(), Some("2028-03-01"));
        assert_eq!(after("2024-02-29", "1y").as_deref(), Some("2025-02-28"));
        assert_eq!(after("2025-01-31", "1m").as_deref(), Some("2025-02-28"));
        assert_eq!(after("2025-12-25", "2w").as_deref(), Some("2026-01-08"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_take_the_one_format_of_the_site() {
        assert_eq!(
            display_partial("2017-04-07", &DateWords::default()).as_deref(),
            Some("7 April 2017")
        );
        assert_eq!(
            display_partial("2017-02", &DateWords::default()).as_deref(),
            Some("February 2017")
        );
        assert_eq!(
            display_partial(" 2015 ", &DateWords::default()).as_deref(),
            Some("2015")
        );
        for not_a_date in [
            "2017-13",
            "2017-02-30",
            "spring 2017",
            "17-02",
            "2017-2-1",
            "",
        ] {
            assert_eq!(
                display_partial(not_a_date, &DateWords::default()),
                None,
                "{not_a_date}"
            );
        }
    }

    #[test]
    fn parses_dates_and_datetimes() {
        let d = parse_date("2024-05-01").unwrap();
        assert_eq!(d.iso_date(), "2024-05-01");
        assert_eq!(d.display(&DateWords::default()), "1 May 2024");
        let mut welsh = std::collections::BTreeMap::new();
        welsh.insert("month_5".into(), "Mai".into());
        welsh.insert("date_day".into(), "{day} {month} {year}".into());
        assert_eq!(d.display(&DateWords::from_strings(&welsh)), "1 Mai 2024");
        assert_eq!(d.rfc3339(), "2024-05-01T00:00:00Z");
        assert!(parse_date("2024-05-01T10:00:00Z").is_some());
        assert!(parse_date("May 2024").is_none());
        assert!(parse_date("2024-13-01").is_none());
    }
}
