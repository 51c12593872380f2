//! The pure domain model of Green AI Hub.
//!
//! Every number that reaches a leaderboard passes through this crate: it parses what people
//! type (`3,4 Wh`), validates a measurement and reports *all* problems at once in Dutch and
//! English, normalises to a task's functional unit, computes CO2e and relatable equivalents,
//! ranks with robust statistics, and reads the real file formats that measurements come in
//! (CodeCarbon, AI Energy Score, ML.ENERGY) and the hardware and grid tables it relies on.
//!
//! No I/O beyond parsing what it is handed, no web, no database.
//!
//! ```
//! use energy_model::{Energy, Lang};
//! let e: Energy = "3,4 Wh".parse().unwrap();
//! assert_eq!(e.joules(), 3.4 * 3600.0);
//! assert_eq!(e.format(Lang::Nl), "3,4 Wh");
//! ```

pub mod carbon;
pub mod equivalence;
pub mod formats;
pub mod hardware;
mod lang;
pub mod places;
pub mod protocol;
pub mod quantity;
pub mod stats;
pub mod submission;
pub mod task;
pub mod text;
pub mod validation;

pub use carbon::{Region, RegionTable};
pub use hardware::{Catalogue, Device, DeviceClass, DeviceKind};
pub use lang::{Lang, Text};
pub use places::{Decision, Places};
pub use quantity::{CarbonIntensity, Duration, Energy, Mass, Power, QuantityError};
pub use task::{FunctionalUnit, Task};
pub use validation::{
    Field, Method, Optimisation, Precision, Problem, RawMeasurement, Severity, ValidMeasurement,
    ValidationContext,
};

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
