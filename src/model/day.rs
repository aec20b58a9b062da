//! Days: a local date as a day number (days since 1970-01-01), the unit the counting
//! cells and the quota grid index by.

use chrono::NaiveDate;

/// Days since 1970-01-01 of a local date.
pub(crate) fn day_number(d: NaiveDate) -> i32 {
    d.signed_duration_since(NaiveDate::default()).num_days() as i32
}

pub(crate) fn date_of_day(day: i32) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(day as i64)
}
