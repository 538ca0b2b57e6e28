//! Dates as monitors know them: a day, or only a month, or only a year; and spans that may be ongoing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar date known to day, month or year precision. Written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
///
/// Ordering is chronological by the earliest day the date can mean; a less precise date sorts before the more
/// precise dates inside it (`2025-09` < `2025-09-01`), so lists are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {0:?}")]
    Format(String),
    #[error("year {0} is outside 1900..=2100")]
    Year(u16),
    #[error("month {0} is outside 1..=12")]
    Month(u8),
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day { year: u16, month: u8, day: u8 },
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl PartialDate {
    pub fn year(year: u16) -> Result<Self, DateError> {
        if !(1900..=2100).contains(&year) {
            return Err(DateError::Year(year));
        }
        Ok(PartialDate {
            year,
            month: None,
            day: None,
        })
    }

    pub fn month(year: u16, month: u8) -> Result<Self, DateError> {
        let mut d = Self::year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        d.month = Some(month);
        Ok(d)
    }

    pub fn day(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        let mut d = Self::month(year, month)?;
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        d.day = Some(day);
        Ok(d)
    }

    pub fn get_year(&self) -> u16 {
        self.year
    }

    pub fn get_month(&self) -> Option<u8> {
        self.month
    }

    pub fn get_day(&self) -> Option<u8> {
        self.day
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day this date can mean, as `YYYY-MM-DD` (sorts and compares as text).
    pub fn first_day(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    /// The last day this date can mean, as `YYYY-MM-DD`.
    pub fn last_day(&self) -> String {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        format!("{:04}-{:02}-{:02}", self.year, month, day)
    }

    /// A text key that sorts like `Ord`: `2025-09` → `2025-09-00`, `2025` → `2025-00-00`.
    pub fn sort_key(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.year,
            self.month.unwrap_or(0),
            self.day.unwrap_or(0)
        )
    }

    /// `YYYY-MM` of a date known at least to the month.
    pub fn month_key(&self) -> Option<String> {
        self.month.map(|m| format!("{:04}-{:02}", self.year, m))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let bad = || DateError::Format(s.chars().take(40).collect());
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u16, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        match parts.as_slice() {
            [y] => Self::year(num(y, 4)?),
            [y, m] => Self::month(num(y, 4)?, num(m, 2)? as u8),
            [y, m, d] => Self::day(num(y, 4)?, num(m, 2)? as u8, num(d, 2)? as u8),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for PartialDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        s.parse()
    }
}

impl From<PartialDate> for String {
    fn from(d: PartialDate) -> String {
        d.to_string()
    }
}

/// How a span ends: on a date, or not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateEnd {
    On(PartialDate),
    Ongoing,
}

impl TryFrom<String> for DateEnd {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        if s.trim() == "ongoing" {
            Ok(DateEnd::Ongoing)
        } else {
            s.parse().map(DateEnd::On)
        }
    }
}

impl From<DateEnd> for String {
    fn from(e: DateEnd) -> String {
        match e {
            DateEnd::On(d) => d.to_string(),
            DateEnd::Ongoing => "ongoing".to_owned(),
        }
    }
}

/// "Sometime within": the months or days an event happened in when its own date is not known, e.g. the period a
/// monitoring digest covers (`2025-08` to `2026-01`). Unlike a span (`date` to `end_date`, "lasted until"), it
/// says nothing about duration: the event fell on some day inside it. `from` ends before `to` begins.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DatePeriod {
    pub from: PartialDate,
    pub to: PartialDate,
}

impl DatePeriod {
    /// A period whose `from` ends before its `to` begins (else it is a single date, or reversed).
    pub fn new(from: PartialDate, to: PartialDate) -> Result<DatePeriod, PeriodError> {
        let p = DatePeriod { from, to };
        p.check()?;
        Ok(p)
    }

    /// Whether `from` ends before `to` begins. A period that a single date covers is that date, not a period.
    pub fn check(&self) -> Result<(), PeriodError> {
        if self.from.last_day() < self.to.first_day() {
            Ok(())
        } else {
            Err(PeriodError {
                from: self.from,
                to: self.to,
            })
        }
    }

    /// `YYYY-MM` of the first and the last month the period can mean.
    pub fn months(&self) -> (String, String) {
        (first_month(&self.from), last_month(&self.to))
    }
}

impl fmt::Display for DatePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.from, self.to)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a period runs from an earlier date to a later one, got {from} to {to}")]
pub struct PeriodError {
    pub from: PartialDate,
    pub to: PartialDate,
}

/// `YYYY-MM` of the first month a date can mean (January for a year).
pub fn first_month(d: &PartialDate) -> String {
    format!("{:04}-{:02}", d.get_year(), d.get_month().unwrap_or(1))
}

/// `YYYY-MM` of the last month a date can mean (December for a year).
pub fn last_month(d: &PartialDate) -> String {
    format!("{:04}-{:02}", d.get_year(), d.get_month().unwrap_or(12))
}

/// The interval of days an item covers, as text `YYYY-MM-DD` bounds, for range filters.
/// An ongoing span has `9999-12-31` as its upper bound.
pub fn span_bounds(start: &PartialDate, end: Option<&DateEnd>) -> (String, String) {
    let hi = match end {
        None => start.last_day(),
        Some(DateEnd::On(d)) => d.last_day(),
        Some(DateEnd::Ongoing) => "9999-12-31".to_owned(),
    };
    (start.first_day(), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_three_precisions() {
        assert_eq!(
            "2025".parse::<PartialDate>().unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            "2025-09".parse::<PartialDate>().unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            "2025-09-26".parse::<PartialDate>().unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(
            "2025-02-29".parse::<PartialDate>(),
            Err(DateError::Day {
                year: 2025,
                month: 2,
                day: 29
            })
        );
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        assert_eq!("2025-13".parse::<PartialDate>(), Err(DateError::Month(13)));
        assert!(matches!(
            "25-01-01".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            "2025-1-01".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            "".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            "2025-01-01-01".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert_eq!("1800".parse::<PartialDate>(), Err(DateError::Year(1800)));
    }

    #[test]
    fn orders_by_time_then_precision() {
        let mut v: Vec<PartialDate> = [
            "2025-09-02",
            "2025",
            "2025-09",
            "2024-12-31",
            "2025-09-01",
            "2025-10",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            [
                "2024-12-31",
                "2025",
                "2025-09",
                "2025-09-01",
                "2025-09-02",
                "2025-10"
            ]
        );
        // The text sort key agrees with Ord.
        let mut keys: Vec<String> = v.iter().map(PartialDate::sort_key).collect();
        let sorted = keys.clone();
        keys.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn bounds_cover_the_whole_period() {
        let d: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(
            (d.first_day(), d.last_day()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        let y: PartialDate = "2025".parse().unwrap();
        assert_eq!(
            span_bounds(&y, None),
            ("2025-01-01".into(), "2025-12-31".into())
        );
        assert_eq!(span_bounds(&y, Some(&DateEnd::Ongoing)).1, "9999-12-31");
    }

    #[test]
    fn a_period_runs_forward_and_covers_months() {
        let p = DatePeriod::new("2025-08".parse().unwrap(), "2026-01".parse().unwrap()).unwrap();
        assert_eq!(p.months(), ("2025-08".into(), "2026-01".into()));
        assert_eq!(p.to_string(), "2025-08 – 2026-01");
        let days =
            DatePeriod::new("2025-12-01".parse().unwrap(), "2025-12-15".parse().unwrap()).unwrap();
        assert_eq!(days.months(), ("2025-12".into(), "2025-12".into()));
        let years = DatePeriod::new("2023".parse().unwrap(), "2024".parse().unwrap()).unwrap();
        assert_eq!(years.months(), ("2023-01".into(), "2024-12".into()));
        for (a, b) in [
            ("2026-01", "2025-08"),
            ("2025-12", "2025-12"),
            ("2025-12", "2025-12-15"),
        ] {
            assert!(
                DatePeriod::new(a.parse().unwrap(), b.parse().unwrap()).is_err(),
                "{a}..{b}"
            );
        }
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"from":"2025-08","to":"2026-01"}"#);
        assert_eq!(serde_json::from_str::<DatePeriod>(&json).unwrap(), p);
    }

    #[test]
    fn serde_is_the_text_form() {
        let d: PartialDate = serde_json::from_str("\"2025-12\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2025-12\"");
        assert!(serde_json::from_str::<PartialDate>("\"2025-12-32\"").is_err());
        let e: DateEnd = serde_json::from_str("\"ongoing\"").unwrap();
        assert_eq!(e, DateEnd::Ongoing);
    }
}
