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
