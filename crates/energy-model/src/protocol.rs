//! The measuring protocol of `greenai-meter`, and its arithmetic: an idle baseline, the run, a
//! cooldown; energy from hardware counters (which wrap around) or from sampled power; energy
//! reported in total and above idle; a power timeline thinned to a size a page can draw.

use crate::Text;
use serde::{Deserialize, Serialize};

/// The protocol's settings, recorded with every measurement made by it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Protocol {
    /// Seconds of idle measured before the run (the baseline).
    pub idle_s: f64,
    /// Seconds measured after the run, for the record (not counted in the run's energy).
    pub cooldown_s: f64,
    /// Power samples a second.
    pub sample_hz: f64,
}

impl Default for Protocol {
    fn default() -> Protocol {
        Protocol {
            idle_s: 10.0,
            cooldown_s: 5.0,
            sample_hz: 10.0,
        }
    }
}

impl Protocol {
    /// The settings a person may choose are bounded: a baseline of 1 s to 10 min, a cooldown
    /// of 0 to 10 min, 1 to 100 samples a second. Returns what is wrong, in both languages.
    pub fn check(&self) -> Result<(), Text> {
        if !(1.0..=600.0).contains(&self.idle_s) {
            return Err(Text::new(
                "the idle baseline must last 1 to 600 seconds",
                "de nulmeting moet 1 tot 600 seconden duren",
            ));
        }
        if !(0.0..=600.0).contains(&self.cooldown_s) {
            return Err(Text::new(
                "the cooldown must last 0 to 600 seconds",
                "het afkoelen moet 0 tot 600 seconden duren",
            ));
        }
        if !(1.0..=100.0).contains(&self.sample_hz) {
            return Err(Text::new(
                "sample 1 to 100 times a second",
                "meet 1 tot 100 keer per seconde",
            ));
        }
        Ok(())
    }
}

/// How far a counter moved from `previous` to `now`, when it counts up to `range` and then
/// starts again at zero (RAPL's `max_energy_range_uj`): at most one wrap between two reads,
/// which sampling several times a second guarantees. `range` 0 means it never wraps.
pub fn counter_delta(previous: u64, now: u64, range: u64) -> u64 {
    if now >= previous {
        now - previous
    } else if range > previous {
        range - previous + now
    } else {
        // A counter reset (driver reloaded): count from zero.
        now
    }
}

/// Energy in joules from power samples `(seconds, watts)` by the trapezoid rule.
pub fn integrate(samples: &[(f64, f64)]) -> f64 {
    samples
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).max(0.0) * (w[0].1 + w[1].1) / 2.0)
        .sum()
}

/// The run's energy above the idle baseline: the run's energy less the idle power over the
/// run's duration, never below zero.
pub fn above_idle(run_j: f64, idle_w: f64, run_s: f64) -> f64 {
    (run_j - idle_w * run_s).max(0.0)
}

/// A timeline thinned to at most `max` points, each the mean of the samples it stands for
/// (so a peak shortens but energy keeps its shape).
pub fn thin(samples: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if samples.len() <= max || max == 0 {
        return samples.to_vec();
    }
    let per = samples.len().div_ceil(max);
    samples
        .chunks(per)
        .map(|c| {
            let n = c.len() as f64;
            (
                c.iter().map(|p| p.0).sum::<f64>() / n,
                c.iter().map(|p| p.1).sum::<f64>() / n,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_wrap_once_and_resets_count_from_zero() {
        assert_eq!(counter_delta(100, 250, 1_000), 150);
        assert_eq!(counter_delta(900, 50, 1_000), 150, "wrapped at 1,000");
        assert_eq!(counter_delta(900, 50, 0), 50, "no range: a reset");
        assert_eq!(counter_delta(5, 5, 1_000), 0);
    }

    #[test]
    fn power_integrates_to_energy_and_idle_is_taken_off() {
        let flat: Vec<(f64, f64)> = (0..=10).map(|i| (i as f64, 200.0)).collect();
        assert!((integrate(&flat) - 2_000.0).abs() < 1e-9);
        let ramp = [(0.0, 0.0), (2.0, 100.0)];
        assert!((integrate(&ramp) - 100.0).abs() < 1e-9);
        assert!((above_idle(2_000.0, 50.0, 10.0) - 1_500.0).abs() < 1e-9);
        assert_eq!(above_idle(100.0, 50.0, 10.0), 0.0);
    }

    #[test]
    fn timelines_thin_to_their_mean() {
        let many: Vec<(f64, f64)> = (0..1_000)
            .map(|i| (i as f64, (i % 2) as f64 * 100.0))
            .collect();
        let few = thin(&many, 100);
        assert_eq!(few.len(), 100);
        assert!(few.iter().all(|p| (p.1 - 50.0).abs() < 1e-9));
        assert_eq!(thin(&many[..10], 100).len(), 10);
    }

    #[test]
    fn settings_are_bounded() {
        assert!(Protocol::default().check().is_ok());
        for bad in [
            Protocol {
                idle_s: 0.0,
                ..Protocol::default()
            },
            Protocol {
                cooldown_s: -1.0,
                ..Protocol::default()
            },
            Protocol {
                sample_hz: 1_000.0,
                ..Protocol::default()
            },
            Protocol {
                idle_s: f64::NAN,
                ..Protocol::default()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }
}
