//! The platform's own validation, run on the machine before anything is sent: the same
//! `energy-model` rules, the same messages.

use energy_model::validation::validate;
use energy_model::{Catalogue, Lang, RawMeasurement, RegionTable, Severity, ValidationContext};
use serde_json::Value;

/// The measurement as the validator reads it (every field as text, as a form sends it).
pub fn raw_of(body: &Value) -> RawMeasurement {
    let text = |k: &str| match &body[k] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    RawMeasurement {
        model: text("model"),
        task: text("task"),
        hardware: text("hardware"),
        device_count: text("device_count"),
        energy: text("energy"),
        duration: text("duration"),
        queries: text("queries"),
        output_tokens: text("output_tokens"),
        batch_size: text("batch_size"),
        precision: text("precision"),
        method: text("method"),
        region: text("region"),
        mean_power: text("mean_power"),
        measured_on: text("measured_on"),
        ..RawMeasurement::default()
    }
}

/// Errors (the platform would refuse it) and flags (a moderator will look), in `lang`.
pub fn check(body: &Value, lang: Lang) -> (Vec<String>, Vec<String>) {
    let catalogue = Catalogue::builtin();
    let regions = RegionTable::builtin();
    let mut raw = raw_of(body);
    // The device as the platform resolves it (the name as the driver wrote it).
    if let Some(found) = catalogue.resolve(&raw.hardware) {
        raw.hardware = found.device.slug.clone();
    }
    let ctx = ValidationContext {
        today: time::OffsetDateTime::now_utc().date(),
        hardware: &catalogue,
        regions: &regions,
        published_benchmark: false,
    };
    match validate(&raw, &ctx) {
        Ok(v) => (
            Vec::new(),
            v.flags.iter().map(|p| p.message(lang)).collect(),
        ),
        Err(problems) => {
            let (errors, flags): (Vec<_>, Vec<_>) = problems
                .iter()
                .partition(|p| p.severity() == Severity::Error);
            let say =
                |p: &&energy_model::Problem| format!("{}: {}", p.field.name(), p.message(lang));
            (
                errors.iter().map(say).collect(),
                flags.iter().map(say).collect(),
            )
        }
    }
}
