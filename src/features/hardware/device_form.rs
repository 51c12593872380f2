//! A device as a researcher or an admin describes it in a form: name, kind, power (or its
//! range), memory and the source of the figures; every problem by field.

use crate::web::forms::Errors;
use crate::web::i18n::{Lang, t};
use energy_model::DeviceKind;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AddForm {
    pub spelling: String,
    pub name: String,
    pub kind: String,
    pub tdp: String,
    pub tdp_max: String,
    pub memory_gb: String,
    pub source: String,
}

/// A new device for the catalogue, as a researcher describes it.
pub(super) struct NewDevice {
    pub slug: String,
    pub name: String,
    pub kind: DeviceKind,
    pub tdp: Option<f64>,
    pub tdp_max: Option<f64>,
    pub memory_gb: Option<f64>,
    pub source: String,
}

impl AddForm {
    /// The device, or every problem with the form by field.
    pub(super) fn device(&self, lang: Lang) -> Result<NewDevice, Errors> {
        let mut errors = Errors::default();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.add("name", t(lang, "hardware-name-invalid"));
        }
        let kind = DeviceKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", t(lang, "hardware-kind-invalid"));
        }
        let watts = |s: &str, field: &'static str, errors: &mut Errors| -> Option<f64> {
            let s = s
                .trim()
                .trim_end_matches(['W', 'w'])
                .trim()
                .replace(',', ".");
            if s.is_empty() {
                return None;
            }
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 && v <= 10_000.0 => Some(v),
                _ => {
                    errors.add(field, t(lang, "hardware-number-invalid"));
                    None
                }
            }
        };
        let tdp = watts(&self.tdp, "tdp", &mut errors);
        let tdp_max = watts(&self.tdp_max, "tdp_max", &mut errors);
        let memory_gb = watts(&self.memory_gb, "memory_gb", &mut errors);
        let source = self.source.trim();
        if !crate::features::measurements::rules::valid_url(source) {
            errors.add("source", t(lang, "hardware-source-invalid"));
        }
        let slug = energy_model::formats::slugify(name);
        match kind {
            Some(kind) if errors.is_empty() && !slug.is_empty() => Ok(NewDevice {
                slug,
                name: name.to_string(),
                kind,
                tdp,
                tdp_max: tdp_max.filter(|m| tdp.is_none_or(|t| *m > t)),
                memory_gb,
                source: source.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

impl NewDevice {
    /// The device as the catalogue holds it.
    pub(super) fn device(&self) -> energy_model::Device {
        energy_model::Device {
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: self.kind,
            tdp: self.tdp.map(energy_model::Power::from_watts),
            tdp_max: self.tdp_max.map(energy_model::Power::from_watts),
            memory_gb: self.memory_gb,
            source: self.source.clone(),
            aliases: Vec::new(),
        }
    }
}
