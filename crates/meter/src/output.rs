//! What a measured run is written as: the measurement in the API's own JSON (with the meter's
//! protocol, parts and timeline beside it), and a CodeCarbon-compatible `emissions.csv` row.

use crate::measure::Outcome;
use crate::sources::Part;
use energy_model::submission::{MeasurementIn, MeterReport};
use serde_json::{Value, json};

/// What the person says about the run (the meter cannot know it).
#[derive(Clone, Debug, Default)]
pub struct About {
    pub model: String,
    pub task: String,
    pub queries: Option<u64>,
    pub output_tokens: Option<u64>,
    pub batch_size: Option<u64>,
    pub precision: String,
    pub region: String,
    /// A plug-in meter's reading for the run, in Wh: it replaces the counters' energy.
    pub wall_meter_wh: Option<f64>,
    /// The run's id (also the submission's idempotency key).
    pub run_id: String,
}

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The measurement as `POST /api/v1/measurements` takes it: the platform's own type.
pub fn measurement(o: &Outcome, about: &About) -> MeasurementIn {
    let (device, count) = o.device();
    let (energy_j, method) = match about.wall_meter_wh {
        Some(wh) => (wh * 3600.0, "wall-meter"),
        None => (o.total_j, "greenai-meter"),
    };
    let mean_power = if about.wall_meter_wh.is_none() && o.run_s > 0.0 {
        format!("{:.1} W", energy_j / o.run_s / count as f64)
    } else {
        String::new()
    };
    let count_of = |n: Option<u64>| n.map_or(Value::Null, Value::from);
    MeasurementIn {
        model: about.model.clone(),
        task: about.task.clone(),
        hardware: device,
        device_count: count.into(),
        energy: format!("{energy_j:.3} J"),
        duration: format!("{:.3} s", o.run_s),
        queries: count_of(about.queries),
        output_tokens: count_of(about.output_tokens),
        batch_size: count_of(about.batch_size),
        precision: about.precision.clone(),
        method: method.into(),
        region: about.region.clone(),
        mean_power,
        measured_on: o.started.date().to_string(),
        notes: notes(o, about),
        tool_version: VERSION.into(),
        tracking_mode: "machine".into(),
        meter: Some(MeterReport {
            version: VERSION.into(),
            run_id: about.run_id.clone(),
            protocol: Some(o.protocol),
            energy_total_j: Some(o.total_j),
            energy_above_idle_j: Some(o.above_idle_j),
            idle_w: Some(o.idle_w),
            mean_w: Some(o.mean_w),
            peak_w: Some(o.peak_w),
            timeline: o.timeline.clone(),
            exit_code: o.exit_code,
            parts: json!(o.parts),
            errors: json!(o.errors),
        }),
        ..MeasurementIn::default()
    }
}

/// The protocol in words, for the measurement's notes.
fn notes(o: &Outcome, about: &About) -> String {
    let mut s = format!(
        "Measured with greenai-meter {VERSION}: {:.0} s idle baseline ({:.1} W), run {:.1} s, {:.0} s cooldown, {} samples/s. Energy above idle: {:.1} J. Peak {:.1} W.",
        o.protocol.idle_s,
        o.idle_w,
        o.run_s,
        o.protocol.cooldown_s,
        o.protocol.sample_hz,
        o.above_idle_j,
        o.peak_w
    );
    if let Some(wh) = about.wall_meter_wh {
        s.push_str(&format!(" Energy from a plug-in meter: {wh} Wh."));
    }
    s
}

/// CodeCarbon's columns, in its order (the ones the meter can fill).
pub const CSV_HEADER: [&str; 20] = [
    "timestamp",
    "project_name",
    "run_id",
    "duration",
    "emissions",
    "emissions_rate",
    "cpu_power",
    "gpu_power",
    "ram_power",
    "cpu_energy",
    "gpu_energy",
    "ram_energy",
    "energy_consumed",
    "country_iso_code",
    "codecarbon_version",
    "cpu_model",
    "gpu_count",
    "gpu_model",
    "tracking_mode",
    "pue",
];

/// The run as a row of CodeCarbon's `emissions.csv` (energies in kWh, powers in W;
/// emissions left empty: the platform computes CO2e from the region).
pub fn csv_row(o: &Outcome, about: &About) -> Vec<String> {
    let kwh = |j: Option<f64>| j.map_or(String::new(), |j| format!("{}", j / 3.6e6));
    let watts = |j: Option<f64>| {
        j.filter(|_| o.run_s > 0.0)
            .map_or(String::new(), |j| format!("{}", j / o.run_s))
    };
    let (gpu, cpu, ram) = (
        o.part_j(Part::Gpu),
        o.part_j(Part::Cpu),
        o.part_j(Part::Ram),
    );
    let total = about.wall_meter_wh.map_or(o.total_j, |wh| wh * 3600.0);
    let gpus: Vec<&str> = o
        .parts
        .iter()
        .filter(|p| p.source.part == Part::Gpu)
        .map(|p| p.source.device.as_str())
        .collect();
    let cpu_model = o
        .parts
        .iter()
        .find(|p| p.source.part == Part::Cpu)
        .map_or("", |p| p.source.device.as_str());
    vec![
        o.started
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        "greenai-meter".into(),
        about.run_id.clone(),
        format!("{}", o.run_s),
        String::new(),
        String::new(),
        watts(cpu),
        watts(gpu),
        watts(ram),
        kwh(cpu),
        kwh(gpu),
        kwh(ram),
        format!("{}", total / 3.6e6),
        about.region.clone(),
        format!("greenai-meter {VERSION}"),
        cpu_model.to_string(),
        if gpus.is_empty() {
            String::new()
        } else {
            gpus.len().to_string()
        },
        match gpus.first() {
            Some(name) => format!("{} x {name}", gpus.len()),
            None => String::new(),
        },
        "machine".into(),
        "1.0".into(),
    ]
}

/// Appends the row to `path`, writing the header first when the file is new or empty.
pub fn append_csv(path: &std::path::Path, row: &[String]) -> std::io::Result<()> {
    let fresh = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let mut w = csv::Writer::from_writer(file);
    if fresh {
        w.write_record(CSV_HEADER)?;
    }
    w.write_record(row)?;
    w.flush()
}
