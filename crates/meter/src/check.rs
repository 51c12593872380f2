//! The platform's own validation, run on the machine before anything is sent: the same
//! `energy-model` rules, the same messages.

use energy_model::submission::MeasurementIn;
use energy_model::validation::validate;
use energy_model::{Catalogue, Lang, RegionTable, Severity, ValidationContext};

/// Errors (the platform would refuse it) and flags (a moderator will look), in `lang`.
pub fn check(body: &MeasurementIn, lang: Lang) -> (Vec<String>, Vec<String>) {
    let catalogue = Catalogue::builtin();
    let regions = RegionTable::builtin();
    let mut raw = body.to_raw();
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
