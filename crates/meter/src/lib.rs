//! greenai-meter: measures a command with a fixed protocol (idle baseline, run, cooldown)
//! from the machine's own counters, writes the result as the platform's API JSON and as a
//! CodeCarbon row, and can submit it. Shares `energy-model` with the platform, so a result
//! is validated the same way before it leaves the machine.

pub mod check;
pub mod measure;
pub mod output;
pub mod sources;
pub mod submit;
pub mod work;
