//! The protocol, run: sample every source through an idle baseline, the command, and a
//! cooldown; then each source's energy in each phase (counter differences, or sampled power
//! integrated), the run's energy in total and above idle, mean and peak power, and the
//! power timeline.

use crate::sources::{Info, Part, Reading, Source};
use energy_model::Text;
use energy_model::protocol::{Protocol, above_idle, integrate, thin};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// Points a timeline keeps: as many as the platform keeps.
pub const TIMELINE_POINTS: usize = energy_model::submission::TIMELINE_MAX;

/// One source's figures.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PartFigures {
    pub source: Info,
    pub idle_w: f64,
    pub run_j: f64,
    pub above_idle_j: f64,
    pub peak_w: f64,
    /// Reads that failed (the figures use the others).
    pub failed_reads: usize,
}

/// What a measured run gives.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub protocol: Protocol,
    pub started: time::OffsetDateTime,
    pub run_s: f64,
    pub exit_code: Option<i32>,
    pub parts: Vec<PartFigures>,
    pub total_j: f64,
    pub above_idle_j: f64,
    pub idle_w: f64,
    pub mean_w: f64,
    pub peak_w: f64,
    /// (seconds from the run's start, total watts); the baseline has negative times.
    pub timeline: Vec<(f64, f64)>,
    pub errors: Vec<Text>,
}

impl Outcome {
    /// Energy of one part, in joules (all sources of it together).
    pub fn part_j(&self, part: Part) -> Option<f64> {
        let of: Vec<f64> = self
            .parts
            .iter()
            .filter(|p| p.source.part == part)
            .map(|p| p.run_j)
            .collect();
        (!of.is_empty()).then(|| of.iter().sum())
    }

    /// The device a measurement names: the GPU when one was measured (with their count),
    /// else the CPU.
    pub fn device(&self) -> (String, usize) {
        let gpus: Vec<&PartFigures> = self
            .parts
            .iter()
            .filter(|p| p.source.part == Part::Gpu)
            .collect();
        match gpus.first() {
            Some(g) => (g.source.device.clone(), gpus.len()),
            None => (
                self.parts
                    .iter()
                    .find(|p| p.source.part == Part::Cpu)
                    .map_or("CPU".into(), |p| p.source.device.clone()),
                1,
            ),
        }
    }
}

struct Sample {
    t: f64,
    reads: Vec<Result<Reading, Text>>,
}

fn sample(sources: &mut [Box<dyn Source>], t0: Instant) -> Sample {
    Sample {
        t: t0.elapsed().as_secs_f64(),
        reads: sources.iter_mut().map(|s| s.read()).collect(),
    }
}

/// Samples at the protocol's rate until `done` says so; the last sample is taken after.
fn sample_while(
    sources: &mut [Box<dyn Source>],
    t0: Instant,
    hz: f64,
    out: &mut Vec<Sample>,
    mut done: impl FnMut() -> bool,
) {
    let tick = Duration::from_secs_f64(1.0 / hz);
    let mut next = Instant::now();
    while !done() {
        next += tick;
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        out.push(sample(sources, t0));
    }
}

/// Runs `command` under the protocol, sampling `sources` throughout.
pub fn measure(
    sources: &mut [Box<dyn Source>],
    protocol: Protocol,
    command: &mut Command,
) -> Result<Outcome, Text> {
    let started = time::OffsetDateTime::now_utc();
    let t0 = Instant::now();
    let mut samples = vec![sample(sources, t0)];
    let idle_until = t0 + Duration::from_secs_f64(protocol.idle_s);
    sample_while(sources, t0, protocol.sample_hz, &mut samples, || {
        Instant::now() >= idle_until
    });
    let run_from = samples.len() - 1;
    let mut child: Child = command.spawn().map_err(|e| {
        Text::new(
            format!("could not start the command: {e}"),
            format!("kon de opdracht niet starten: {e}"),
        )
    })?;
    let mut status: Option<ExitStatus> = None;
    sample_while(sources, t0, protocol.sample_hz, &mut samples, || {
        if status.is_none() {
            status = child.try_wait().ok().flatten();
        }
        status.is_some()
    });
    let run_to = samples.len() - 1;
    let cool_until = Instant::now() + Duration::from_secs_f64(protocol.cooldown_s);
    sample_while(sources, t0, protocol.sample_hz, &mut samples, || {
        Instant::now() >= cool_until
    });
    let infos: Vec<Info> = sources.iter().map(|s| s.info().clone()).collect();
    let mut outcome = figures(&infos, &samples, run_from, run_to, protocol);
    outcome.started = started;
    outcome.exit_code = status.and_then(|s| s.code());
    Ok(outcome)
}

/// Power of source `i` at each sample: sampled watts, or the counter's change since the
/// previous good read (`None` where there is nothing to tell).
fn power_at(samples: &[Sample], i: usize) -> Vec<Option<f64>> {
    let mut last: Option<(f64, f64)> = None;
    samples
        .iter()
        .map(|s| match &s.reads[i] {
            Ok(Reading::Watts(w)) => Some(*w),
            Ok(Reading::Joules(j)) => {
                let p = last
                    .filter(|(t, _)| s.t > *t)
                    .map(|(t, before)| (j - before) / (s.t - t));
                last = Some((s.t, *j));
                p
            }
            Err(_) => None,
        })
        .collect()
}

/// Energy of source `i` between two samples (inclusive).
fn energy(samples: &[Sample], i: usize, from: usize, to: usize) -> f64 {
    let window = &samples[from..=to];
    let joules: Vec<f64> = window
        .iter()
        .filter_map(|s| match s.reads[i] {
            Ok(Reading::Joules(j)) => Some(j),
            _ => None,
        })
        .collect();
    if let (Some(first), Some(last)) = (joules.first(), joules.last()) {
        return last - first;
    }
    let watts: Vec<(f64, f64)> = window
        .iter()
        .filter_map(|s| match s.reads[i] {
            Ok(Reading::Watts(w)) => Some((s.t, w)),
            _ => None,
        })
        .collect();
    integrate(&watts)
}

/// The figures of a sampled run: `run_from` is the sample taken as the command started,
/// `run_to` the one after it ended.
fn figures(
    infos: &[Info],
    samples: &[Sample],
    run_from: usize,
    run_to: usize,
    protocol: Protocol,
) -> Outcome {
    let idle_s = (samples[run_from].t - samples[0].t).max(f64::EPSILON);
    let run_start = samples[run_from].t;
    let run_s = (samples[run_to].t - run_start).max(0.0);
    let mut errors = Vec::new();
    let parts: Vec<PartFigures> = infos
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let failed: Vec<&Text> = samples
                .iter()
                .filter_map(|s| s.reads[i].as_ref().err())
                .collect();
            if let Some(first) = failed.first() {
                let (id, n) = (&info.id, failed.len());
                errors.push(Text::new(
                    format!("{id}: {n} reads failed, the first: {}", first.en),
                    format!("{id}: {n} metingen mislukten, de eerste: {}", first.nl),
                ));
            }
            let idle_w = energy(samples, i, 0, run_from) / idle_s;
            let run_j = energy(samples, i, run_from, run_to);
            let peak_w = power_at(samples, i)[run_from + 1..=run_to]
                .iter()
                .flatten()
                .fold(0.0, |a: f64, b| a.max(*b));
            PartFigures {
                source: info.clone(),
                idle_w,
                run_j,
                above_idle_j: above_idle(run_j, idle_w, run_s),
                peak_w,
                failed_reads: failed.len(),
            }
        })
        .collect();
    // The machine's power at each sample: the sum over sources.
    let series: Vec<Vec<Option<f64>>> = (0..infos.len()).map(|i| power_at(samples, i)).collect();
    let timeline: Vec<(f64, f64)> = samples
        .iter()
        .enumerate()
        .skip(1)
        .map(|(n, s)| {
            let total: f64 = series.iter().filter_map(|p| p[n]).sum();
            (s.t - run_start, total)
        })
        .collect();
    let run_peak = timeline
        .iter()
        .filter(|p| p.0 >= 0.0 && p.0 <= run_s)
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let total_j: f64 = parts.iter().map(|p| p.run_j).sum();
    let idle_w: f64 = parts.iter().map(|p| p.idle_w).sum();
    Outcome {
        protocol,
        started: time::OffsetDateTime::now_utc(),
        run_s,
        exit_code: None,
        total_j,
        above_idle_j: above_idle(total_j, idle_w, run_s),
        idle_w,
        mean_w: if run_s > 0.0 { total_j / run_s } else { 0.0 },
        peak_w: run_peak,
        timeline: thin(&timeline, TIMELINE_POINTS),
        parts,
        errors,
    }
}
