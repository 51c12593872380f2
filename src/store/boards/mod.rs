//! The boards: aggregates kept current in the transaction that changes a measurement, the
//! lines read from them (or computed for filtered views), and the app's cache of both.

pub mod aggregate;
pub mod cache;
pub mod lines;

pub use aggregate::{commit, known_task, refresh};
pub use cache::{Boards, Version, WholePage};
pub use lines::{Entry, Filters, HardwareFilter, MinTier, ModelKey, SourceFilter};
