//! The measurement form's fields as typed, and how they become (and come back from) a
//! `RawMeasurement`: a value with its unit ("3,4" and "Wh"), optimisations as tick boxes.

use energy_model::RawMeasurement;
use serde::Deserialize;

/// The form's fields, as typed.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct MeasurementForm {
    pub model: String,
    pub propose_model: Option<String>,
    pub task: String,
    pub hardware: String,
    pub device_count: String,
    pub energy_value: String,
    pub energy_unit: String,
    pub duration_value: String,
    pub duration_unit: String,
    pub queries: String,
    pub output_tokens: String,
    pub batch_size: String,
    pub precision: String,
    pub opt_pruning: Option<String>,
    pub opt_quantization: Option<String>,
    pub opt_distillation: Option<String>,
    pub opt_fine_tuning: Option<String>,
    pub opt_none: Option<String>,
    pub method: String,
    pub region: String,
    pub pue: String,
    pub grid_intensity: String,
    pub mean_power: String,
    pub measured_on: String,
    pub notes: String,
    pub source_url: String,
    pub tool_version: String,
    pub tracking_mode: String,
    pub confirm_flags: Option<String>,
}

/// "3,4" and "Wh" → "3,4 Wh"; a value with its own unit is kept as it is.
fn with_unit(value: &str, unit: &str) -> String {
    let v = value.trim();
    if v.is_empty() || v.ends_with(|c: char| c.is_alphabetic()) {
        v.to_string()
    } else {
        format!("{v} {}", unit.trim())
    }
}

impl MeasurementForm {
    pub fn to_raw(&self) -> RawMeasurement {
        let mut optimisations = Vec::new();
        for (on, slug) in [
            (&self.opt_pruning, "pruning"),
            (&self.opt_quantization, "quantization"),
            (&self.opt_distillation, "distillation"),
            (&self.opt_fine_tuning, "fine-tuning"),
            (&self.opt_none, "none"),
        ] {
            if on.is_some() {
                optimisations.push(slug.to_string());
            }
        }
        RawMeasurement {
            model: self.model.clone(),
            task: self.task.clone(),
            hardware: self.hardware.clone(),
            device_count: self.device_count.clone(),
            energy: with_unit(&self.energy_value, &self.energy_unit),
            // A person states the whole measurement's energy.
            component_energy: String::new(),
            duration: with_unit(&self.duration_value, &self.duration_unit),
            queries: self.queries.clone(),
            output_tokens: self.output_tokens.clone(),
            batch_size: self.batch_size.clone(),
            precision: self.precision.clone(),
            optimisations,
            method: self.method.clone(),
            region: self.region.clone(),
            pue: self.pue.clone(),
            grid_intensity: self.grid_intensity.clone(),
            mean_power: self.mean_power.clone(),
            measured_on: self.measured_on.clone(),
        }
    }

    /// The form as it was submitted, for editing.
    pub fn from_stored(
        raw: &RawMeasurement,
        notes: Option<&str>,
        source_url: Option<&str>,
    ) -> MeasurementForm {
        let on = |slug: &str| {
            raw.optimisations
                .iter()
                .any(|o| o == slug)
                .then(|| "on".to_string())
        };
        MeasurementForm {
            model: raw.model.clone(),
            task: raw.task.clone(),
            hardware: raw.hardware.clone(),
            device_count: raw.device_count.clone(),
            energy_value: raw.energy.clone(),
            duration_value: raw.duration.clone(),
            queries: raw.queries.clone(),
            output_tokens: raw.output_tokens.clone(),
            batch_size: raw.batch_size.clone(),
            precision: raw.precision.clone(),
            opt_pruning: on("pruning"),
            opt_quantization: on("quantization"),
            opt_distillation: on("distillation"),
            opt_fine_tuning: on("fine-tuning"),
            opt_none: on("none"),
            method: raw.method.clone(),
            region: raw.region.clone(),
            pue: raw.pue.clone(),
            grid_intensity: raw.grid_intensity.clone(),
            mean_power: raw.mean_power.clone(),
            measured_on: raw.measured_on.clone(),
            notes: notes.unwrap_or_default().to_string(),
            source_url: source_url.unwrap_or_default().to_string(),
            ..MeasurementForm::default()
        }
    }

    pub fn checked(&self, slug: &str) -> bool {
        match slug {
            "pruning" => self.opt_pruning.is_some(),
            "quantization" => self.opt_quantization.is_some(),
            "distillation" => self.opt_distillation.is_some(),
            "fine-tuning" => self.opt_fine_tuning.is_some(),
            "none" => self.opt_none.is_some(),
            _ => false,
        }
    }
}
