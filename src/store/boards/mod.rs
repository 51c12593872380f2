//! The boards: aggregates kept current right after every change of measurements, the
//! lines read from them (or computed for filtered views), and the app's cache of both.

pub mod aggregate;
pub mod cache;
pub mod filters;
pub mod lines;

pub use aggregate::{commit, known_task, mark, settle, spawn_sweeper};
pub use cache::{Boards, Version, WholePage};
pub use filters::{Filters, HardwareFilter, MinTier, SourceFilter};
pub use lines::{Entry, ModelKey, devices_of, models_per_task};
