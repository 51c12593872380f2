//! From a raw measurement, as typed in a form or sent to the API, to a [`ValidMeasurement`]
//! — or to the complete list of what is wrong with it.
//!
//! Hard errors reject the measurement. Soft findings ([`Severity::Flag`]) let it through
//! but send it to moderation. Every problem names its field, has a stable machine code and
//! a message in Dutch and English. Each field is checked on its own, so that one bad field
//! never hides another's error.

use crate::carbon::{self, DEFAULT_PUE, Region, RegionTable};
use crate::hardware::{Catalogue, Device, split_count};
use crate::lang::{Lang, format_number};
use crate::quantity::{
    CarbonIntensity, Duration, Energy, Mass, Power, QuantityError, parse_count, parse_number,
};
use crate::task::{FunctionalUnit, Task};
use serde::{Deserialize, Serialize};
use time::Date;

/// A measurement as a person typed it: every field a string, units included
/// (`energy: "3,4 Wh"`). Empty strings mean "not given" (and are left out when stored).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawMeasurement {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub task: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hardware: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub device_count: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub energy: String,
    /// The energy of the rated part alone (the GPUs', or the CPU's), where the tool that
    /// wrote the file reports it: the power check compares this, not the whole machine's, with
    /// the part's TDP. Never typed by a person; not stored as the measurement's energy.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub component_energy: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub duration: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub queries: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output_tokens: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub batch_size: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub precision: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optimisations: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub method: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pue: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub grid_intensity: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mean_power: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub measured_on: String,
}

/// What validation needs from outside: today's date and the catalogues.
#[derive(Clone, Copy, Debug)]
pub struct ValidationContext<'a> {
    pub today: Date,
    pub hardware: &'a Catalogue,
    pub regions: &'a RegionTable,
    /// The figures come from a published benchmark, which reports energy per query without
    /// a measurement window: the duration may be absent.
    pub published_benchmark: bool,
}

/// The fields of a measurement, named as the form and the API name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Model,
    Task,
    Hardware,
    DeviceCount,
    Energy,
    Duration,
    Queries,
    OutputTokens,
    BatchSize,
    Precision,
    Optimisations,
    Method,
    Region,
    Pue,
    GridIntensity,
    MeanPower,
    MeasuredOn,
}

impl Field {
    /// The form field name, such as `device_count`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Model => "model",
            Field::Task => "task",
            Field::Hardware => "hardware",
            Field::DeviceCount => "device_count",
            Field::Energy => "energy",
            Field::Duration => "duration",
            Field::Queries => "queries",
            Field::OutputTokens => "output_tokens",
            Field::BatchSize => "batch_size",
            Field::Precision => "precision",
            Field::Optimisations => "optimisations",
            Field::Method => "method",
            Field::Region => "region",
            Field::Pue => "pue",
            Field::GridIntensity => "grid_intensity",
            Field::MeanPower => "mean_power",
            Field::MeasuredOn => "measured_on",
        }
    }
}

/// Whether a problem rejects the measurement or sends it to moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Flag,
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    Required,
    Quantity {
        error: QuantityError,
    },
    NotPositive,
    TooLong {
        max: usize,
    },
    OutOfRange {
        min: f64,
        max: f64,
    },
    InvalidDate,
    FutureDate,
    UnknownTask,
    UnknownHardware,
    UnknownRegion,
    UnknownChoice {
        allowed: Vec<&'static str>,
    },
    NoneWithOthers,
    ZeroQueries,
    DeviceCountConflict {
        in_hardware: u32,
    },
    // Flags from here on.
    PowerAboveTdp {
        implied_w: f64,
        tdp_w: f64,
    },
    PowerBelowTdp {
        implied_w: f64,
        tdp_w: f64,
    },
    ImplausibleEnergy {
        value: f64,
        low: f64,
        high: f64,
        per_run: bool,
    },
    ShortWindow {
        seconds: f64,
    },
    PowerMismatch {
        stated_w: f64,
        implied_w: f64,
    },
}

/// One problem of a measurement: the field, what is wrong, and how bad it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub field: Field,
    pub issue: Issue,
}

impl Problem {
    fn new(field: Field, issue: Issue) -> Problem {
        Problem { field, issue }
    }

    /// A stable machine code, such as `future_date` or `power_above_tdp`.
    pub fn code(&self) -> &'static str {
        match &self.issue {
            Issue::Required => "required",
            Issue::Quantity { error } => error.code(),
            Issue::NotPositive => "not_positive",
            Issue::TooLong { .. } => "too_long",
            Issue::OutOfRange { .. } => "out_of_range",
            Issue::InvalidDate => "invalid_date",
            Issue::FutureDate => "future_date",
            Issue::UnknownTask => "unknown_task",
            Issue::UnknownHardware => "unknown_hardware",
            Issue::UnknownRegion => "unknown_region",
            Issue::UnknownChoice { .. } => "unknown_choice",
            Issue::NoneWithOthers => "none_with_others",
            Issue::ZeroQueries => "zero_queries",
            Issue::DeviceCountConflict { .. } => "device_count_conflict",
            Issue::PowerAboveTdp { .. } => "power_above_tdp",
            Issue::PowerBelowTdp { .. } => "power_below_tdp",
            Issue::ImplausibleEnergy { .. } => "implausible_energy",
            Issue::ShortWindow { .. } => "short_window",
            Issue::PowerMismatch { .. } => "power_mismatch",
        }
    }

    pub fn severity(&self) -> Severity {
        match self.issue {
            Issue::UnknownHardware
            | Issue::UnknownRegion
            | Issue::PowerAboveTdp { .. }
            | Issue::PowerBelowTdp { .. }
            | Issue::ImplausibleEnergy { .. }
            | Issue::ShortWindow { .. }
            | Issue::PowerMismatch { .. } => Severity::Flag,
            _ => Severity::Error,
        }
    }

    /// What is wrong and what to do, in the person's language.
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: f64| format_number(v, 3, lang);
        let w = |v: f64| Power::from_watts(v).format(lang);
        let en = lang == Lang::En;
        match &self.issue {
            Issue::Required => lang.pick("Please fill this in.", "Vul dit in.").into(),
            Issue::Quantity { error } => error.message(lang),
            Issue::NotPositive => lang
                .pick("This must be more than zero.", "Dit moet meer dan nul zijn.")
                .into(),
            Issue::TooLong { max } if en => format!("Use at most {max} characters."),
            Issue::TooLong { max } => format!("Gebruik hoogstens {max} tekens."),
            Issue::OutOfRange { min, max } if en => {
                format!("This must lie between {} and {}.", n(*min), n(*max))
            }
            Issue::OutOfRange { min, max } => {
                format!("Dit moet tussen {} en {} liggen.", n(*min), n(*max))
            }
            Issue::InvalidDate => lang
                .pick(
                    "Type a date as year-month-day, such as 2025-03-14.",
                    "Typ een datum als jaar-maand-dag, zoals 2025-03-14.",
                )
                .into(),
            Issue::FutureDate => lang
                .pick(
                    "This date lies in the future. When was it measured?",
                    "Deze datum ligt in de toekomst. Wanneer is er gemeten?",
                )
                .into(),
            Issue::UnknownTask => lang
                .pick("Choose a task from the list.", "Kies een taak uit de lijst.")
                .into(),
            Issue::UnknownHardware => lang
                .pick(
                    "We do not know this device yet, so its power could not be checked against a TDP. It is kept as you typed it; a researcher will add it to the catalogue.",
                    "Dit apparaat kennen we nog niet, dus het vermogen kon niet met een TDP worden vergeleken. Het blijft staan zoals je het typte; een onderzoeker voegt het aan de catalogus toe.",
                )
                .into(),
            Issue::UnknownRegion => lang
                .pick(
                    "We do not know this region, so the world average grid is used for CO2e. Use a country code such as NL if you can.",
                    "Deze regio kennen we niet, dus voor de CO2e geldt het wereldgemiddelde. Gebruik zo mogelijk een landcode zoals NL.",
                )
                .into(),
            Issue::UnknownChoice { allowed } if en => {
                format!("Choose one of: {}.", allowed.join(", "))
            }
            Issue::UnknownChoice { allowed } => format!("Kies een van: {}.", allowed.join(", ")),
            Issue::NoneWithOthers => lang
                .pick(
                    "“None” cannot be combined with other techniques.",
                    "“Geen” kan niet samen met andere technieken.",
                )
                .into(),
            Issue::ZeroQueries => lang
                .pick(
                    "Give the number of queries measured (at least 1); energy per query needs it.",
                    "Geef het aantal gemeten vragen (minstens 1); energie per vraag heeft het nodig.",
                )
                .into(),
            Issue::DeviceCountConflict { in_hardware } if en => format!(
                "The hardware names {in_hardware} devices, but the device count differs."
            ),
            Issue::DeviceCountConflict { in_hardware } => format!(
                "De hardware noemt {in_hardware} apparaten, maar het aantal apparaten wijkt af."
            ),
            Issue::PowerAboveTdp { implied_w, tdp_w } if en => format!(
                "Energy ÷ duration gives {} per device: more than 1.5 × the {} this device is rated for (its TDP in our hardware catalogue). Check the energy, duration and device count.",
                w(*implied_w),
                w(*tdp_w)
            ),
            Issue::PowerAboveTdp { implied_w, tdp_w } => format!(
                "Energie ÷ duur geeft {} per apparaat: meer dan 1,5 × de {} waarvoor dit apparaat ontworpen is (zijn TDP in onze hardwarecatalogus). Controleer energie, duur en aantal apparaten.",
                w(*implied_w),
                w(*tdp_w)
            ),
            Issue::PowerBelowTdp { implied_w, tdp_w } if en => format!(
                "Energy ÷ duration gives {} per device: under 2 % of the {} this device is rated for (its TDP in our hardware catalogue). Check the units.",
                w(*implied_w),
                w(*tdp_w)
            ),
            Issue::PowerBelowTdp { implied_w, tdp_w } => format!(
                "Energie ÷ duur geeft {} per apparaat: minder dan 2 % van de {} waarvoor dit apparaat ontworpen is (zijn TDP in onze hardwarecatalogus). Controleer de eenheden.",
                w(*implied_w),
                w(*tdp_w)
            ),
            Issue::ImplausibleEnergy {
                value,
                low,
                high,
                per_run,
            } => {
                let unit = if *per_run {
                    lang.pick("kWh per run", "kWh per run")
                } else {
                    lang.pick("Wh per query", "Wh per vraag")
                };
                if en {
                    format!(
                        "{} {unit} is outside the usual range for this task ({} to {}). A moderator will look at it.",
                        n(*value),
                        n(*low),
                        n(*high)
                    )
                } else {
                    format!(
                        "{} {unit} valt buiten het gebruikelijke bereik voor deze taak ({} tot {}). Een moderator kijkt ernaar.",
                        n(*value),
                        n(*low),
                        n(*high)
                    )
                }
            }
            Issue::ShortWindow { seconds } if en => format!(
                "A measurement window of {} s is too short to measure reliably; measure for at least a second.",
                n(*seconds)
            ),
            Issue::ShortWindow { seconds } => format!(
                "Een meetvenster van {} s is te kort om betrouwbaar te meten; meet minstens een seconde.",
                n(*seconds)
            ),
            Issue::PowerMismatch {
                stated_w,
                implied_w,
            } if en => format!(
                "The stated mean power of {} does not match energy ÷ duration = {}.",
                w(*stated_w),
                w(*implied_w)
            ),
            Issue::PowerMismatch {
                stated_w,
                implied_w,
            } => format!(
                "Het opgegeven gemiddelde vermogen van {} past niet bij energie ÷ duur = {}.",
                w(*stated_w),
                w(*implied_w)
            ),
        }
    }
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $slug:literal, $en:literal, $nl:literal, [$($alias:literal),*];)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable slug.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),* }
            }

            /// The name for people.
            pub fn name(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($en, $nl)),* }
            }

            /// From a slug or a common other spelling, case-insensitively.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim().to_lowercase();
                $(if s == $slug $(|| s == $alias)* { return Some($name::$variant); })*
                None
            }

            fn slugs() -> Vec<&'static str> {
                vec![$($slug),*]
            }
        }
    };
}

choice!(
    /// Numeric precision the model ran in.
    Precision {
        Fp32 = "fp32", "FP32", "FP32", ["float32", "f32", "32-bit"];
        Fp16 = "fp16", "FP16", "FP16", ["float16", "f16", "half"];
        Bf16 = "bf16", "BF16", "BF16", ["bfloat16"];
        Fp8 = "fp8", "FP8", "FP8", ["float8", "e4m3", "8-bit float"];
        Int8 = "int8", "INT8", "INT8", ["8-bit", "q8", "q8_0"];
        Int4 = "int4", "INT4 / 4-bit", "INT4 / 4-bit", ["4-bit", "q4", "q4_0", "q4_k_m", "nf4", "awq", "gptq", "mxfp4"];
        Mixed = "mixed", "Mixed precision", "Gemengde precisie", ["amp"];
    }
);

choice!(
    /// An optimisation technique applied to the model.
    Optimisation {
        Pruning = "pruning", "Pruning", "Pruning (snoeien)", [];
        Quantization = "quantization", "Quantisation", "Kwantisatie", ["quantisation"];
        Distillation = "distillation", "Distillation", "Distillatie", [];
        FineTuning = "fine-tuning", "Task-specific fine-tuning", "Taakspecifieke fine-tuning", ["finetuning", "task-specific-fine-tuning"];
        None = "none", "None", "Geen", ["geen"];
    }
);

choice!(
    /// How the energy was measured.
    Method {
        Nvml = "nvml", "NVML / Zeus (GPU counters)", "NVML / Zeus (GPU-tellers)", ["zeus", "nvidia-smi"];
        CodeCarbon = "codecarbon", "CodeCarbon", "CodeCarbon", [];
        Eco2ai = "eco2ai", "eco2ai", "eco2ai", [];
        Rapl = "rapl", "RAPL (CPU counters)", "RAPL (CPU-tellers)", [];
        WallMeter = "wall-meter", "Wall-socket meter", "Meter in het stopcontact", ["wall-socket", "meter", "wattmeter"];
        CloudReport = "cloud-report", "Cloud provider report", "Rapport van de cloudaanbieder", ["cloud"];
        Estimate = "estimate", "Estimate", "Schatting", ["estimated"];
        GreenaiMeter = "greenai-meter", "greenai-meter (fixed protocol: idle baseline, run, cooldown)", "greenai-meter (vast protocol: nulmeting, run, afkoelen)", ["meter-protocol"];
    }
);

/// A measurement that passed validation. Nothing downstream checks it again: every number
/// in it is finite, positive where it must be, and in its canonical unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidMeasurement {
    pub model: String,
    pub task: Task,
    pub device: Device,
    pub device_count: u32,
    pub energy: Energy,
    /// The measurement window; absent only for published benchmarks that do not state it.
    pub duration: Option<Duration>,
    pub queries: Option<u64>,
    pub output_tokens: Option<u64>,
    pub batch_size: Option<u32>,
    pub precision: Option<Precision>,
    pub optimisations: Vec<Optimisation>,
    pub method: Method,
    pub region: Option<Region>,
    pub pue: Option<f64>,
    /// A grid intensity the submitter stated, overriding the region's.
    pub grid_intensity: Option<CarbonIntensity>,
    pub mean_power: Option<Power>,
    pub measured_on: Date,
    /// Soft findings that send the measurement to moderation.
    pub flags: Vec<Problem>,
}

/// A measurement expressed in its task's functional unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Normalised {
    pub wh_per_1000_queries: Option<f64>,
    pub j_per_output_token: Option<f64>,
    pub wh_per_1000_output_tokens: Option<f64>,
    pub kwh_per_run: Option<f64>,
}

impl ValidMeasurement {
    /// The figures leaderboards rank by.
    pub fn normalised(&self) -> Normalised {
        let per_query = self
            .queries
            .filter(|q| *q > 0)
            .map(|q| self.energy.wh() * 1000.0 / q as f64);
        let per_token = self
            .output_tokens
            .filter(|t| *t > 0)
            .map(|t| self.energy.joules() / t as f64);
        match self.task.functional_unit() {
            FunctionalUnit::PerThousandQueries => Normalised {
                wh_per_1000_queries: per_query,
                j_per_output_token: per_token,
                wh_per_1000_output_tokens: per_token.map(|j| j * 1000.0 / 3600.0),
                kwh_per_run: None,
            },
            FunctionalUnit::PerRun => Normalised {
                kwh_per_run: Some(self.energy.kwh()),
                ..Normalised::default()
            },
        }
    }

    /// Mean power per device: energy ÷ duration ÷ device count, when the duration is known.
    pub fn power_per_device(&self) -> Option<Power> {
        self.duration
            .map(|d| Power::from_watts((self.energy / d).watts() / f64::from(self.device_count)))
    }

    /// The grid intensity that applies: the stated one, else the region's, else `fallback`.
    pub fn intensity(&self, fallback: CarbonIntensity) -> CarbonIntensity {
        self.grid_intensity
            .or(self.region.as_ref().map(|r| r.intensity))
            .unwrap_or(fallback)
    }

    /// CO2e of the whole measurement, at the intensity that applies (`fallback` when the
    /// measurement names none, such as the world average).
    pub fn carbon(&self, fallback: CarbonIntensity) -> Mass {
        carbon::emissions(
            self.energy,
            self.pue.unwrap_or(DEFAULT_PUE),
            self.intensity(fallback),
        )
    }
}

const MODEL_MAX_CHARS: usize = 200;
const MAX_DEVICES: u64 = 100_000;

/// Validates a raw measurement, reporting every problem at once. `Ok` carries the flags in
/// [`ValidMeasurement::flags`]; `Err` carries all errors and flags found.
pub fn validate(
    raw: &RawMeasurement,
    ctx: &ValidationContext<'_>,
) -> Result<ValidMeasurement, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut report = |field, issue| problems.push(Problem::new(field, issue));

    let model = raw.model.trim();
    if model.is_empty() {
        report(Field::Model, Issue::Required);
    } else if model.chars().count() > MODEL_MAX_CHARS {
        report(
            Field::Model,
            Issue::TooLong {
                max: MODEL_MAX_CHARS,
            },
        );
    }

    let task = required(&raw.task, Field::Task, &mut report).and_then(|t| {
        let task = Task::from_slug(t);
        if task.is_none() {
            report(Field::Task, Issue::UnknownTask);
        }
        task
    });
    let per_run = task.is_some_and(|t| t.functional_unit() == FunctionalUnit::PerRun);

    let (count_in_hardware, _) = split_count(&raw.hardware);
    let device = required(&raw.hardware, Field::Hardware, &mut report).map(|h| {
        match ctx.hardware.resolve(h) {
            Some(r) => r.device.clone(),
            // Never a reason to refuse: kept as typed, flagged for a researcher.
            None => {
                report(Field::Hardware, Issue::UnknownHardware);
                Device::unknown(h)
            }
        }
    });

    let device_count = if raw.device_count.trim().is_empty() {
        Some(count_in_hardware.unwrap_or(1))
    } else {
        positive_count(&raw.device_count, Field::DeviceCount, &mut report).and_then(|c| {
            if c > MAX_DEVICES {
                report(
                    Field::DeviceCount,
                    Issue::OutOfRange {
                        min: 1.0,
                        max: MAX_DEVICES as f64,
                    },
                );
                return None;
            }
            let c = c as u32;
            match count_in_hardware {
                Some(h) if h != c => {
                    report(
                        Field::DeviceCount,
                        Issue::DeviceCountConflict { in_hardware: h },
                    );
                    None
                }
                _ => Some(c),
            }
        })
    };
    let device_count = device_count.filter(|c| *c > 0);

    let energy = required(&raw.energy, Field::Energy, &mut report)
        .and_then(|e| quantity(Energy::parse(e), Field::Energy, &mut report))
        .and_then(|e| positive(e, e.joules(), Field::Energy, &mut report));
    let duration = if ctx.published_benchmark && raw.duration.trim().is_empty() {
        None
    } else {
        required(&raw.duration, Field::Duration, &mut report)
    }
    .and_then(|d| quantity(Duration::parse(d), Field::Duration, &mut report))
    .and_then(|d| positive(d, d.seconds(), Field::Duration, &mut report));

    let queries = if raw.queries.trim().is_empty() {
        if !per_run {
            report(Field::Queries, Issue::Required);
        }
        None
    } else {
        match parse_count(&raw.queries) {
            Ok(0) if !per_run => {
                report(Field::Queries, Issue::ZeroQueries);
                None
            }
            Ok(0) => None,
            Ok(q) => Some(q),
            Err(error) => {
                report(Field::Queries, Issue::Quantity { error });
                None
            }
        }
    };
    let output_tokens = optional(&raw.output_tokens)
        .and_then(|t| positive_count(t, Field::OutputTokens, &mut report));
    let batch_size = optional(&raw.batch_size)
        .and_then(|b| positive_count(b, Field::BatchSize, &mut report))
        .and_then(|b| match u32::try_from(b) {
            Ok(b) if u64::from(b) <= MAX_BATCH_SIZE => Some(b),
            _ => {
                report(
                    Field::BatchSize,
                    Issue::OutOfRange {
                        min: 1.0,
                        max: MAX_BATCH_SIZE as f64,
                    },
                );
                None
            }
        });

    let precision = optional(&raw.precision).and_then(|p| {
        let parsed = Precision::parse(p);
        if parsed.is_none() {
            report(
                Field::Precision,
                Issue::UnknownChoice {
                    allowed: Precision::slugs(),
                },
            );
        }
        parsed
    });

    let mut optimisations = Vec::new();
    for o in raw.optimisations.iter().filter(|o| !o.trim().is_empty()) {
        match Optimisation::parse(o) {
            Some(o) if !optimisations.contains(&o) => optimisations.push(o),
            Some(_) => {}
            None => {
                report(
                    Field::Optimisations,
                    Issue::UnknownChoice {
                        allowed: Optimisation::slugs(),
                    },
                );
            }
        }
    }
    if optimisations.contains(&Optimisation::None) && optimisations.len() > 1 {
        report(Field::Optimisations, Issue::NoneWithOthers);
    }

    let method = required(&raw.method, Field::Method, &mut report).and_then(|m| {
        let parsed = Method::parse(m);
        if parsed.is_none() {
            report(
                Field::Method,
                Issue::UnknownChoice {
                    allowed: Method::slugs(),
                },
            );
        }
        parsed
    });

    let region = optional(&raw.region).and_then(|r| {
        let found = ctx.regions.lookup(r).cloned();
        if found.is_none() {
            report(Field::Region, Issue::UnknownRegion);
        }
        found
    });

    let pue = optional(&raw.pue).and_then(|p| match parse_number(p) {
        Ok(v) if (1.0..=3.0).contains(&v) => Some(v),
        Ok(_) => {
            report(Field::Pue, Issue::OutOfRange { min: 1.0, max: 3.0 });
            None
        }
        Err(error) => {
            report(Field::Pue, Issue::Quantity { error });
            None
        }
    });

    let grid_intensity = optional(&raw.grid_intensity).and_then(|g| {
        let parsed = match CarbonIntensity::parse(g) {
            Err(QuantityError::MissingUnit { .. }) => CarbonIntensity::parse(&format!("{g} g/kWh")),
            other => other,
        };
        match parsed {
            // No grid is free of carbon (the cleanest are tens of grams), and zero, negative
            // zero or a denormal would make a measurement's CO2e vanish.
            Ok(ci) if (1.0..=2000.0).contains(&ci.grams_per_kwh()) => Some(ci),
            Ok(_) => {
                report(
                    Field::GridIntensity,
                    Issue::OutOfRange {
                        min: 1.0,
                        max: 2000.0,
                    },
                );
                None
            }
            Err(error) => {
                report(Field::GridIntensity, Issue::Quantity { error });
                None
            }
        }
    });

    let mean_power = optional(&raw.mean_power)
        .and_then(|p| quantity(Power::parse(p), Field::MeanPower, &mut report))
        .and_then(|p| positive(p, p.watts(), Field::MeanPower, &mut report));

    let measured_on = required(&raw.measured_on, Field::MeasuredOn, &mut report).and_then(|d| {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match Date::parse(d, &format) {
            Ok(date) if date > ctx.today => {
                report(Field::MeasuredOn, Issue::FutureDate);
                None
            }
            Ok(date) if date.year() < 1990 => {
                report(Field::MeasuredOn, Issue::InvalidDate);
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                report(Field::MeasuredOn, Issue::InvalidDate);
                None
            }
        }
    });

    // Soft findings need the values they relate; each is judged only when those parsed.
    if let (Some(e), Some(d)) = (energy, duration) {
        // The rated part's own energy where the file says it (a GPU's TDP says nothing of
        // the CPU and memory beside it), else the whole measurement's.
        let judged = Energy::parse(raw.component_energy.trim())
            .ok()
            .filter(|c| c.joules() > 0.0 && c.joules().is_finite())
            .unwrap_or(e);
        let total_w = (judged / d).watts();
        if let (Some(device), Some(n)) = (&device, device_count)
            && let Some(tdp) = device.tdp.map(Power::watts).filter(|t| *t > 0.0)
        {
            let implied_w = total_w / f64::from(n);
            // A part with a power range (a laptop GPU) is judged against the top of it.
            let highest = device.tdp_max.map_or(tdp, Power::watts).max(tdp);
            if implied_w > 1.5 * highest {
                report(
                    Field::Energy,
                    Issue::PowerAboveTdp {
                        implied_w,
                        tdp_w: highest,
                    },
                );
            } else if implied_w < 0.02 * tdp {
                report(
                    Field::Energy,
                    Issue::PowerBelowTdp {
                        implied_w,
                        tdp_w: tdp,
                    },
                );
            }
        }
        if d.seconds() < 1.0 {
            report(
                Field::Duration,
                Issue::ShortWindow {
                    seconds: d.seconds(),
                },
            );
        }
        if let Some(stated) = mean_power {
            let stated_w = stated.watts();
            if (stated_w - total_w).abs() > 0.25 * stated_w {
                report(
                    Field::MeanPower,
                    Issue::PowerMismatch {
                        stated_w,
                        implied_w: total_w,
                    },
                );
            }
        }
    }
    if let (Some(task), Some(e)) = (task, energy) {
        let (low, high) = task.plausible_band();
        let value = match task.functional_unit() {
            FunctionalUnit::PerRun => Some(e.kwh()),
            FunctionalUnit::PerThousandQueries => queries.map(|q| e.wh() / q as f64),
        };
        if let Some(value) = value.filter(|v| *v < low || *v > high) {
            report(
                Field::Energy,
                Issue::ImplausibleEnergy {
                    value,
                    low,
                    high,
                    per_run,
                },
            );
        }
    }

    let has_errors = problems.iter().any(|p| p.severity() == Severity::Error);
    match (
        has_errors,
        task,
        device,
        device_count,
        energy,
        method,
        measured_on,
    ) {
        (
            false,
            Some(task),
            Some(device),
            Some(device_count),
            Some(energy),
            Some(method),
            Some(measured_on),
        ) => Ok(ValidMeasurement {
            model: model.to_string(),
            task,
            device,
            device_count,
            energy,
            duration,
            queries,
            output_tokens,
            batch_size,
            precision,
            optimisations,
            method,
            region,
            pue,
            grid_intensity,
            mean_power,
            measured_on,
            flags: problems,
        }),
        _ => Err(problems),
    }
}

fn required<'a>(
    value: &'a str,
    field: Field,
    report: &mut impl FnMut(Field, Issue),
) -> Option<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        report(field, Issue::Required);
        None
    } else {
        Some(v)
    }
}

fn optional(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

fn quantity<T>(
    parsed: Result<T, QuantityError>,
    field: Field,
    report: &mut impl FnMut(Field, Issue),
) -> Option<T> {
    parsed
        .map_err(|error| report(field, Issue::Quantity { error }))
        .ok()
}

fn positive<T>(
    value: T,
    canonical: f64,
    field: Field,
    report: &mut impl FnMut(Field, Issue),
) -> Option<T> {
    if canonical > 0.0 {
        Some(value)
    } else {
        report(field, Issue::NotPositive);
        None
    }
}

/// The largest batch size accepted: far beyond any real batch, and within the stored column
/// (a 32-bit signed integer), so a value that passes is stored as typed.
pub const MAX_BATCH_SIZE: u64 = 1_000_000;

fn positive_count(value: &str, field: Field, report: &mut impl FnMut(Field, Issue)) -> Option<u64> {
    match parse_count(value) {
        Ok(0) => {
            report(field, Issue::NotPositive);
            None
        }
        Ok(c) => Some(c),
        Err(error) => {
            report(field, Issue::Quantity { error });
            None
        }
    }
}

#[cfg(test)]
mod tests;
