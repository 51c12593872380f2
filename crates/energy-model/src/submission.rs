//! A measurement as a client submits it and as the platform keeps what the tool reported: one
//! set of types for both sides of the API. `greenai-meter` builds a [`MeasurementIn`] and
//! sends it; the server reads the same type, validates its [`RawMeasurement`] and keeps the
//! tool's report as [`Details`].

use crate::RawMeasurement;
use crate::protocol::Protocol;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Points of a power timeline a measurement keeps (a page draws it; the record stays small).
pub const TIMELINE_MAX: usize = 600;

/// A measurement as `POST /api/v1/measurements` takes it: quantities as strings with units
/// ("3.4 Wh", "90 s"), counts as numbers or strings (a bad one is a problem of its field, not
/// an unreadable body).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeasurementIn {
    /// Model name or id, any spelling ("meta-llama/Llama-3.1-8B-Instruct").
    pub model: String,
    /// Add the model to the catalogue (pending moderation) when it is unknown.
    #[serde(skip_serializing_if = "is_false")]
    pub propose_model: bool,
    /// Task slug, such as `text-generation`.
    pub task: String,
    /// Hardware name as tools write it ("1 x NVIDIA A100 80GB PCIe") or its slug.
    pub hardware: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    #[serde(skip_serializing_if = "Value::is_null")]
    pub device_count: Value,
    /// Energy with its unit: J, kJ, MJ, Wh, kWh, MWh.
    pub energy: String,
    /// Measurement window with its unit: s, min, h.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub duration: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    #[serde(skip_serializing_if = "Value::is_null")]
    pub queries: Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    #[serde(skip_serializing_if = "Value::is_null")]
    pub output_tokens: Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    #[serde(skip_serializing_if = "Value::is_null")]
    pub batch_size: Value,
    /// fp32, fp16, bf16, fp8, int8, int4, mixed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub precision: String,
    /// pruning, quantization, distillation, fine-tuning, none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optimisations: Vec<String>,
    /// nvml, codecarbon, rapl, wall-meter, greenai-meter, cloud-report, estimate.
    pub method: String,
    /// Country or region code (NL, US-CA) or country name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    #[serde(skip_serializing_if = "Value::is_null")]
    pub pue: Value,
    /// Grid intensity override, such as "350 g/kWh".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub grid_intensity: String,
    /// Stated mean power, such as "300 W".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mean_power: String,
    /// YYYY-MM-DD.
    pub measured_on: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_url: String,
    /// The measuring tool's version, such as CodeCarbon's "3.0.7" (at most 50 characters).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tool_version: String,
    /// How the tool measured: `machine` (power measured) or `process` (estimated).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tracking_mode: String,
    /// What greenai-meter measured beside the totals (its protocol and power timeline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meter: Option<MeterReport>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// A count or a figure as text, the way validation reads every field.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl MeasurementIn {
    /// The fields as validation reads them (every one as text, as a form sends it).
    pub fn to_raw(&self) -> RawMeasurement {
        RawMeasurement {
            model: self.model.clone(),
            task: self.task.clone(),
            hardware: self.hardware.clone(),
            device_count: text(&self.device_count),
            energy: self.energy.clone(),
            // The API states the whole measurement's energy only.
            component_energy: String::new(),
            duration: self.duration.clone(),
            queries: text(&self.queries),
            output_tokens: text(&self.output_tokens),
            batch_size: text(&self.batch_size),
            precision: self.precision.clone(),
            optimisations: self.optimisations.clone(),
            method: self.method.clone(),
            region: self.region.clone(),
            pue: text(&self.pue),
            grid_intensity: self.grid_intensity.clone(),
            mean_power: self.mean_power.clone(),
            measured_on: self.measured_on.clone(),
        }
    }
}

/// What greenai-meter reports beside the totals: its protocol, the energy above the idle
/// baseline, idle, mean and peak power, and the power timeline (seconds from the run's start,
/// watts). The platform keeps the protocol, the figures and the timeline ([`Details`]); the
/// rest is for the person reading the meter's own output.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeterReport {
    /// The meter's version.
    pub version: String,
    /// The run's id (also the submission's idempotency key).
    pub run_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub protocol: Option<Protocol>,
    pub energy_total_j: Option<f64>,
    pub energy_above_idle_j: Option<f64>,
    pub idle_w: Option<f64>,
    pub mean_w: Option<f64>,
    pub peak_w: Option<f64>,
    /// At most [`TIMELINE_MAX`] points of (seconds, watts).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<f64>>))]
    pub timeline: Vec<(f64, f64)>,
    /// The measured command's exit code.
    pub exit_code: Option<i32>,
    /// Energy by source (for the person; not kept).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub parts: Value,
    /// What could not be read during the run (for the person; not kept).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub errors: Value,
}

impl MeterReport {
    /// Whether the report can be kept as it is: a protocol within its bounds, finite figures
    /// in range, at most [`TIMELINE_MAX`] points of finite time and power.
    pub fn is_sound(&self) -> bool {
        let figure = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && (0.0..1e12).contains(&v));
        self.protocol.is_some_and(|p| p.check().is_ok())
            && figure(self.energy_above_idle_j)
            && figure(self.idle_w)
            && figure(self.peak_w)
            && self.timeline.len() <= TIMELINE_MAX
            && self.timeline.iter().all(|(t, w)| {
                t.is_finite() && t.abs() < 1e9 && w.is_finite() && (0.0..1e9).contains(w)
            })
    }
}

/// What a measurement keeps of what the measuring tool reported beside the totals: the tool
/// and its version, how it measured, energy by part, water, and for greenai-meter its
/// protocol, the energy above idle, idle and peak power and the power timeline. Stored as
/// JSON with the measurement; every field may be missing.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Details {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// `machine` or `process` (CodeCarbon's tracking modes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_energy_j: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_energy_j: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ram_energy_j: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub water_l: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub energy_above_idle_j: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_w: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_w: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<(f64, f64)>,
}

impl Details {
    /// Nothing reported.
    pub fn is_empty(&self) -> bool {
        *self == Details::default()
    }

    /// What a sound meter report adds: its protocol, figures and timeline.
    pub fn with_meter(mut self, meter: &MeterReport) -> Details {
        self.protocol = meter.protocol;
        self.energy_above_idle_j = meter.energy_above_idle_j;
        self.idle_w = meter.idle_w;
        self.peak_w = meter.peak_w;
        self.timeline = meter.timeline.clone();
        self
    }

    /// As stored: a JSON object (`{}` when nothing was reported).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| Value::Object(Default::default()))
    }

    /// As read back from storage; what cannot be read is nothing reported.
    pub fn from_json(value: &Value) -> Details {
        serde_json::from_value(value.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_meter_sends_is_what_the_server_reads() {
        let sent = MeasurementIn {
            model: "Qwen/Qwen3-8B".into(),
            task: "text-generation".into(),
            hardware: "NVIDIA H100 80GB HBM3".into(),
            device_count: 2.into(),
            energy: "12.5 Wh".into(),
            queries: 100.into(),
            method: "greenai-meter".into(),
            measured_on: "2026-12-01".into(),
            meter: Some(MeterReport {
                protocol: Some(Protocol::default()),
                timeline: vec![(0.0, 80.0), (1.0, 300.0)],
                ..MeterReport::default()
            }),
            ..MeasurementIn::default()
        };
        let wire = serde_json::to_string(&sent).unwrap();
        let read: MeasurementIn = serde_json::from_str(&wire).unwrap();
        assert_eq!(read.to_raw().device_count, "2");
        assert_eq!(read.to_raw().queries, "100");
        assert_eq!(read.to_raw().pue, "");
        assert!(read.meter.as_ref().unwrap().is_sound());
        // Counts as text are read the same way.
        let text: MeasurementIn = serde_json::from_str(r#"{"queries": "1000"}"#).unwrap();
        assert_eq!(text.to_raw().queries, "1000");
    }

    #[test]
    fn an_unsound_report_is_told_apart() {
        let too_long = MeterReport {
            protocol: Some(Protocol::default()),
            timeline: vec![(0.0, 1.0); TIMELINE_MAX + 1],
            ..MeterReport::default()
        };
        assert!(!too_long.is_sound());
        let no_protocol = MeterReport::default();
        assert!(!no_protocol.is_sound());
        let nan = MeterReport {
            protocol: Some(Protocol::default()),
            peak_w: Some(f64::NAN),
            ..MeterReport::default()
        };
        assert!(!nan.is_sound());
    }

    #[test]
    fn details_read_back_what_was_stored_before_they_were_typed() {
        let stored = serde_json::json!({
            "tool": "codecarbon", "tool_version": "3.0.7", "tracking_mode": "machine",
            "gpu_energy_j": 3600.0, "unknown": "ignored"
        });
        let d = Details::from_json(&stored);
        assert_eq!(d.tool.as_deref(), Some("codecarbon"));
        assert_eq!(d.gpu_energy_j, Some(3600.0));
        assert_eq!(
            d.to_json(),
            serde_json::json!({"tool": "codecarbon", "tool_version": "3.0.7",
                               "tracking_mode": "machine", "gpu_energy_j": 3600.0})
        );
        assert_eq!(Details::default().to_json(), serde_json::json!({}));
        assert!(Details::from_json(&serde_json::json!("nonsense")).is_empty());
    }
}
