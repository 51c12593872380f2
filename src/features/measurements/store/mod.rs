//! The SQL of measurements, but for writing one ([`super::write`]): one with what its page
//! shows, its history and a member's own ([`rows`]), the API's ([`api`]), the moderation
//! queue ([`queue`]), uploads ([`uploads`]) and CodeCarbon's live API ([`live`]).

pub mod api;
pub mod live;
pub mod queue;
mod rows;
pub mod uploads;

pub use api::{MeasurementOut, Published, answered, published, remember_answer};
pub use rows::*;
