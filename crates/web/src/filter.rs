//! The day and time-of-day filters of the resident's search, which the nearby search does not
//! have: "today", a weekday, and a part of the day, each read in the listing's own time zone.
//! Meetings match on their weekly day and start time; services when their hours say open at
//! some moment of that day and part of the day. Services whose hours are not listed are kept:
//! a resident should still see that they exist.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use chrono_tz::Tz;
use recovery_domain::agency::ServiceHit;
use recovery_domain::agency::schedule::{Schedule, open_within};
use recovery_domain::nearby::NearbyItem;
use recovery_domain::schedule::{TimeOfDay, resolve_local};

use super::form::{SearchForm, TimeBand, When};

/// The day and time filters of a search, and the moment they are read from.
#[derive(Debug, Clone, Copy)]
pub struct DayFilter {
    /// Which day.
    pub when: When,
    /// Which part of the day.
    pub time: TimeBand,
    /// Now.
    pub at: DateTime<Utc>,
}

impl DayFilter {
    /// The filter of `form` at `at`; `None` when it keeps everything (any day and time, or only
    /// "soon", which the nearby search answers itself).
    pub fn of(form: &SearchForm, at: DateTime<Utc>) -> Option<DayFilter> {
        let day_filtered = matches!(form.when, When::Today | When::Day(_));
        (day_filtered || form.time != TimeBand::Any).then_some(DayFilter { when: form.when, time: form.time, at })
    }

    /// Whether `item` matches.
    pub fn keeps(&self, item: &NearbyItem, fallback_tz: Tz) -> bool {
        match item {
            NearbyItem::Meeting(hit) => {
                let data = &hit.meeting.data;
                let day = match self.when {
                    When::Today => self.at.with_timezone(&data.timezone).weekday().num_days_from_sunday() as u8,
                    When::Day(d) => d,
                    When::Any | When::Soon => data.day.index(),
                };
                data.day.index() == day && self.time.contains(data.time.minutes())
            }
            NearbyItem::Service(hit) => {
                let (hours, tz) = hours_of(hit, fallback_tz);
                hours.is_empty() || self.service_open(hours, tz)
            }
        }
    }

    /// Whether the rows say open at some moment of the asked days and part of the day.
    fn service_open(&self, hours: &[Schedule], tz: Tz) -> bool {
        let today = self.at.with_timezone(&tz).date_naive();
        let dates: Vec<_> = match self.when {
            When::Today => vec![today],
            When::Day(d) => {
                today.iter_days().take(7).filter(|date| date.weekday().num_days_from_sunday() == u32::from(d)).collect()
            }
            When::Any | When::Soon => today.iter_days().take(7).collect(),
        };
        let (start, minutes) = self.time.span_minutes().unwrap_or((0, 24 * 60));
        let Some(start_time) = TimeOfDay::from_minutes(start) else { return true };
        dates.into_iter().any(|date| {
            let from = resolve_local(tz, date, start_time).with_timezone(&Utc);
            let until = from + TimeDelta::minutes(i64::from(minutes));
            // Today, only what is still ahead counts.
            let from = if self.when == When::Today { from.max(self.at) } else { from };
            until > from && open_within(hours, tz, from, u32::try_from((until - from).num_minutes()).unwrap_or(0))
        })
    }
}

/// The rows that say when a service is open at the hit's location, and the zone they are read
/// in (see [`ServiceHit::hours`]).
pub fn hours_of(hit: &ServiceHit, fallback_tz: Tz) -> (&[Schedule], Tz) {
    (hit.hours(), hit.zone(fallback_tz))
}
