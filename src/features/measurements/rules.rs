//! The rules of the measurements feature outside energy-model: the validation context of
//! today, and what a source link may be.

use crate::store::catalogue::{HARDWARE, REGIONS};
use energy_model::ValidationContext;

/// What validation needs, for today.
pub fn context(published: bool) -> ValidationContext<'static> {
    ValidationContext {
        today: time::OffsetDateTime::now_utc().date(),
        hardware: &HARDWARE,
        regions: &REGIONS,
        published_benchmark: published,
    }
}

/// A source link: http(s), at most 500 characters.
pub fn valid_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 500
        && s.len() > 10
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}
