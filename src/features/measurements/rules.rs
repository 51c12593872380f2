//! The rules of the measurements feature outside energy-model: the validation context of
//! today, what a source link may be, and the check every single submission (form, edit,
//! API) passes.

use crate::store::catalogue::{self, ModelRef, REGIONS};
use crate::web::error::FieldProblem;
use crate::web::i18n::{Lang, t};
use energy_model::formats::model_slug;
use energy_model::submission::{Details, MeterReport};
use energy_model::validation::{Severity, ValidMeasurement, validate};
use energy_model::{Catalogue, RawMeasurement, ValidationContext};
use sqlx::PgPool;

/// What validation needs, for today, with the catalogue as it stands now (the app's
/// [`catalogue::Hardware`]).
pub fn context(hardware: &Catalogue, published: bool) -> ValidationContext<'_> {
    ValidationContext {
        today: time::OffsetDateTime::now_utc().date(),
        hardware,
        regions: &REGIONS,
        published_benchmark: published,
    }
}

/// A source link: http(s), at most 500 characters.
pub fn valid_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 500
        && s.len() > 10
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}

/// What a submission by form or API turned out to be: energy-model's findings and the rules
/// outside it (a known model unless proposed, notes length, the source link), each tied to its
/// field in the submitter's language.
pub struct Checked {
    /// The measurement, when nothing is wrong with it (flags may remain).
    pub valid: Option<ValidMeasurement>,
    /// The catalogue's model, when it knows the name.
    pub model: Option<ModelRef>,
    pub errors: Vec<FieldProblem>,
    /// Unusual figures: stored pending, for a researcher to look at.
    pub flags: Vec<FieldProblem>,
    /// The tool's version and how it measured, as stored with the measurement.
    pub details: Option<Details>,
}

impl Checked {
    /// Adds what the submitter said of the tool: its version (at most 50 characters) and how
    /// it measured (`machine` or `process`), stored beside the measurement's method.
    pub fn with_tool(mut self, method: &str, version: &str, tracking: &str, lang: Lang) -> Checked {
        let (version, tracking) = (version.trim(), tracking.trim());
        if version.chars().count() > 50 || version.chars().any(char::is_control) {
            self.errors.push(FieldProblem::new(
                "tool_version",
                "too_long",
                t(lang, "measure-tool-version-invalid"),
            ));
        }
        if !matches!(tracking, "" | "machine" | "process") {
            self.errors.push(FieldProblem::new(
                "tracking_mode",
                "unknown_choice",
                t(lang, "measure-tracking-invalid"),
            ));
        }
        if !self.errors.is_empty() {
            self.valid = None;
            return self;
        }
        if !version.is_empty() || !tracking.is_empty() {
            let said = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
            self.details = Some(Details {
                tool: Some(method.trim().to_string()),
                tool_version: said(version),
                tracking_mode: said(tracking),
                ..Details::default()
            });
        }
        self
    }
}

impl Checked {
    /// Keeps the meter's protocol and timeline with the measurement, when they make sense;
    /// a report that does not is refused with the reason (nothing half-stored).
    pub fn with_meter(mut self, meter: Option<&MeterReport>, lang: Lang) -> Checked {
        let Some(meter) = meter else {
            return self;
        };
        if !meter.is_sound() {
            self.errors.push(FieldProblem::new(
                "meter",
                "invalid",
                t(lang, "measure-meter-invalid"),
            ));
            self.valid = None;
            return self;
        }
        if self.valid.is_none() {
            return self;
        }
        let details = self.details.take().unwrap_or_else(|| Details {
            tool: Some("greenai-meter".into()),
            ..Details::default()
        });
        self.details = Some(details.with_meter(meter));
        self
    }
}

/// Longest notes, in characters.
pub const NOTES_MAX: usize = 2000;

/// Checks a submission.
pub async fn check(
    db: &PgPool,
    hardware: &Catalogue,
    raw: &RawMeasurement,
    propose_model: bool,
    notes: &str,
    source_url: &str,
    lang: Lang,
) -> sqlx::Result<Checked> {
    let result = validate(raw, &context(hardware, false));
    let mut errors = Vec::new();
    let mut flags = Vec::new();
    let problems = match &result {
        Ok(v) => v.flags.as_slice(),
        Err(p) => p.as_slice(),
    };
    for p in problems {
        let problem = FieldProblem::new(p.field.name(), p.code(), p.message(lang));
        match p.severity() {
            Severity::Error => errors.push(problem),
            _ => flags.push(problem),
        }
    }
    let model = catalogue::find_model(db, &raw.model).await?;
    let named = !model_slug(&raw.model).is_empty();
    if model.is_none() && !raw.model.trim().is_empty() && !(propose_model && named) {
        errors.push(FieldProblem::new(
            "model",
            "unknown_model",
            t(lang, "measure-model-unknown"),
        ));
    }
    if notes.chars().count() > NOTES_MAX {
        errors.push(FieldProblem::new(
            "notes",
            "too_long",
            t(lang, "measure-notes-too-long"),
        ));
    }
    let url = source_url.trim();
    if !url.is_empty() && !valid_url(url) {
        errors.push(FieldProblem::new(
            "source_url",
            "invalid_url",
            t(lang, "measure-url-invalid"),
        ));
    }
    Ok(Checked {
        valid: result.ok().filter(|_| errors.is_empty()),
        model,
        errors,
        flags,
        details: None,
    })
}
