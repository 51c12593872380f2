//! CodeCarbon's live API, at `/api/codecarbon`: a tracker made with
//! `EmissionsTracker(save_to_api=True, api_endpoint="<site>/api/codecarbon",
//! api_key="<a personal API token>", experiment_id="<one of the member's experiments>")`
//! opens a run (`POST /runs`, answered 201 with its id) and sends the energy of each interval
//! (`POST /emissions`, deltas: summed into the run, the same interval sent twice counted
//! once). CodeCarbon never says a run ended, so a run that has been quiet for
//! `--codecarbon-quiet-secs` becomes one self-reported measurement, through the same path as
//! a row of an uploaded `emissions.csv` (the model, task and queries per run from the
//! experiment). A run of an experiment that is not the member's waits, listed on their
//! CodeCarbon page.

use super::rules;
use super::store::live::{self, Added, Ended, Interval};
use super::write::{Submission, Writer};
use crate::features::accounts::ApiUser;
use crate::store::states::RunState;
use crate::web::error::{AppError, AppResult, FieldProblem};
use crate::web::i18n::{Lang, Language, t};
use crate::web::ratelimit::{self, Limit};
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use energy_model::formats::codecarbon;
use energy_model::{Energy, Mass};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// Runs a member may open in an hour, and intervals they may send (a tracker sends one every
/// `api_call_interval` measurements: every two minutes by default).
pub const RUNS: Limit = Limit {
    name: "codecarbon-runs",
    max: 120,
    window_secs: 3600,
};
pub const INTERVALS: Limit = Limit {
    name: "codecarbon-intervals",
    max: 7200,
    window_secs: 3600,
};
/// Runs a member may have open at once.
const OPEN_RUNS: i64 = 20;
/// The longest text the tracker may send in a field.
const TEXT_MAX: usize = 200;

fn problem(field: &str, code: &str, message: &str) -> AppError {
    AppError::Problems(
        StatusCode::UNPROCESSABLE_ENTITY,
        vec![FieldProblem::new(field, code, message)],
    )
}

/// What `POST /runs` sends (CodeCarbon's `RunCreate`); fields it adds later are ignored. Kept
/// as sent, once bounded ([`RunIn::info`]).
#[derive(Deserialize, serde::Serialize)]
pub struct RunIn {
    #[serde(default)]
    timestamp: Option<String>,
    experiment_id: String,
    #[serde(default)]
    os: Option<String>,
    #[serde(default)]
    python_version: Option<String>,
    #[serde(default)]
    codecarbon_version: Option<String>,
    #[serde(default)]
    cpu_count: Option<f64>,
    #[serde(default)]
    cpu_model: Option<String>,
    #[serde(default)]
    gpu_count: Option<f64>,
    #[serde(default)]
    gpu_model: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    ram_total_size: Option<f64>,
    #[serde(default)]
    tracking_mode: Option<String>,
}

impl RunIn {
    /// What is kept of the machine, with every text bounded and every count sane.
    fn info(&self, lang: Lang) -> AppResult<serde_json::Value> {
        let texts = [
            ("timestamp", &self.timestamp),
            ("os", &self.os),
            ("python_version", &self.python_version),
            ("codecarbon_version", &self.codecarbon_version),
            ("cpu_model", &self.cpu_model),
            ("gpu_model", &self.gpu_model),
            ("region", &self.region),
            ("provider", &self.provider),
            ("tracking_mode", &self.tracking_mode),
        ];
        for (field, value) in texts {
            if value
                .as_deref()
                .is_some_and(|v| v.chars().count() > TEXT_MAX)
            {
                return Err(problem(
                    field,
                    "too_long",
                    t(lang, "codecarbon-text-too-long"),
                ));
            }
        }
        let counts = [
            ("cpu_count", self.cpu_count, 100_000.0),
            ("gpu_count", self.gpu_count, 100_000.0),
            ("ram_total_size", self.ram_total_size, 1e7),
        ];
        for (field, value, max) in counts {
            if value.is_some_and(|v| !v.is_finite() || !(0.0..=max).contains(&v)) {
                return Err(problem(
                    field,
                    "out_of_range",
                    t(lang, "codecarbon-number-invalid"),
                ));
            }
        }
        Ok(serde_json::to_value(self).unwrap_or_default())
    }
}

/// `POST /api/codecarbon/runs`: opens a run; 201 with its id.
pub async fn open_run(
    State(state): State<AppState>,
    user: ApiUser,
    Language(lang): Language,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    user.require_verified(lang)?;
    ratelimit::hit(&state.db, RUNS, &user.id.to_string()).await?;
    let run: RunIn = crate::web::forms::json_body(&body, lang)?;
    let experiment: Uuid = run.experiment_id.trim().parse().map_err(|_| {
        problem(
            "experiment_id",
            "invalid",
            t(lang, "codecarbon-experiment-invalid"),
        )
    })?;
    let info = run.info(lang)?;
    if live::open_runs(&state.db, user.id).await? >= OPEN_RUNS {
        return Err(problem(
            "",
            "too_many_open_runs",
            t(lang, "codecarbon-too-many-runs"),
        ));
    }
    let id = live::open_run(&state.db, user.id, experiment, &info).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "experiment_id": experiment, "timestamp": run.timestamp})),
    )
        .into_response())
}

/// What `POST /emissions` sends (CodeCarbon's `EmissionCreate`): one interval's delta, energy
/// in kWh, emissions in kg CO2e.
#[derive(Deserialize)]
pub struct EmissionIn {
    timestamp: String,
    run_id: String,
    duration: f64,
    energy_consumed: f64,
    #[serde(default)]
    emissions_sum: Option<f64>,
    #[serde(default)]
    cpu_energy: Option<f64>,
    #[serde(default)]
    gpu_energy: Option<f64>,
    #[serde(default)]
    ram_energy: Option<f64>,
}

impl EmissionIn {
    fn interval(&self, lang: Lang) -> AppResult<Interval<'_>> {
        let timestamp = self.timestamp.trim();
        if timestamp.is_empty() || timestamp.chars().count() > 64 {
            return Err(problem(
                "timestamp",
                "invalid",
                t(lang, "codecarbon-text-too-long"),
            ));
        }
        // An interval of at most a week and 1,000 kWh; parts of it no larger.
        let sane = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
        let numbers = [
            ("duration", Some(self.duration), 7.0 * 86_400.0),
            ("energy_consumed", Some(self.energy_consumed), 1000.0),
            ("emissions_sum", self.emissions_sum, 1000.0),
            ("cpu_energy", self.cpu_energy, 1000.0),
            ("gpu_energy", self.gpu_energy, 1000.0),
            ("ram_energy", self.ram_energy, 1000.0),
        ];
        for (field, value, max) in numbers {
            if value.is_some_and(|v| !sane(v, max)) {
                return Err(problem(
                    field,
                    "out_of_range",
                    t(lang, "codecarbon-number-invalid"),
                ));
            }
        }
        Ok(Interval {
            sent_at: timestamp,
            duration_s: self.duration,
            energy_kwh: self.energy_consumed,
            cpu_energy_kwh: self.cpu_energy,
            gpu_energy_kwh: self.gpu_energy,
            ram_energy_kwh: self.ram_energy,
            emissions_kg: self.emissions_sum,
        })
    }
}

/// `POST /api/codecarbon/emissions`: adds an interval to the member's open run; 201.
pub async fn add_emission(
    State(state): State<AppState>,
    user: ApiUser,
    Language(lang): Language,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    user.require_verified(lang)?;
    ratelimit::hit(&state.db, INTERVALS, &user.id.to_string()).await?;
    let emission: EmissionIn = crate::web::forms::json_body(&body, lang)?;
    let run: Uuid = emission
        .run_id
        .trim()
        .parse()
        .map_err(|_| problem("run_id", "invalid", t(lang, "codecarbon-run-unknown")))?;
    let interval = emission.interval(lang)?;
    match live::add_interval(&state.db, user.id, run, &interval).await? {
        Added::Counted => Ok((
            StatusCode::CREATED,
            Json(json!({"id": format!("{run}/{}", interval.sent_at), "run_id": run})),
        )
            .into_response()),
        Added::NoOpenRun => Err(AppError::Problems(
            StatusCode::NOT_FOUND,
            vec![FieldProblem::new(
                "run_id",
                "no_open_run",
                t(lang, "codecarbon-run-unknown"),
            )],
        )),
    }
}

/// `GET /api/codecarbon/auth/check`: whom the token belongs to.
pub async fn auth_check(user: ApiUser) -> Json<serde_json::Value> {
    Json(json!({"id": user.id, "name": user.display_name}))
}

/// `GET /api/codecarbon/experiments/{id}`: one of the member's experiments.
pub async fn experiment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let e = live::experiment(&state.db, user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(json!({
        "id": e.id, "name": e.name, "description": format!("{} · {}", e.model, e.task),
        "timestamp": e.created_at.unix_timestamp(), "on_cloud": false,
    }))
    .into_response())
}

/// Runs the finisher every few seconds (at most every half quiet period).
pub fn spawn_finisher(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let quiet = state.config.codecarbon_quiet_secs.max(1);
        let every = std::time::Duration::from_secs((quiet / 2).clamp(1, 30));
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = finish_quiet(&state, quiet as i64).await {
                tracing::warn!(error = %format!("{e:#}"), "finishing CodeCarbon runs failed; again soon");
            }
        }
    })
}

/// Turns each run quiet for `quiet_secs` into a measurement (or says why it cannot be one).
pub async fn finish_quiet(state: &AppState, quiet_secs: i64) -> anyhow::Result<usize> {
    let mut done = 0;
    for id in live::quiet_runs(&state.db, quiet_secs, 100).await? {
        if finish(state, id).await? {
            done += 1;
        }
    }
    Ok(done)
}

/// Finishes one run in one transaction with its measurement; false when another server has
/// it.
async fn finish(state: &AppState, id: Uuid) -> anyhow::Result<bool> {
    let mut writer = Writer::begin(&state.db).await?;
    let Some(run) = live::take(writer.tx(), id).await? else {
        return Ok(false);
    };
    let lang = Lang::from_code(&run.language).unwrap_or_default();
    let (Some(model), Some(task)) = (run.model.clone(), run.task.clone()) else {
        live::end(writer.tx(), id, RunState::Unnamed, None, None).await?;
        writer.commit().await?;
        return Ok(true);
    };
    if run.intervals == 0 || run.energy_kwh <= 0.0 {
        live::end(
            writer.tx(),
            id,
            RunState::Refused,
            None,
            Some(t(lang, "codecarbon-no-energy")),
        )
        .await?;
        writer.commit().await?;
        return Ok(true);
    }
    let row = row_of(&run);
    let queries = run.queries_per_run.clone().unwrap_or_default();
    let raw = row.to_raw(&model, &task, &queries);
    // The tool's version and mode pass the API's rule too.
    let checked = rules::check(&state.db, &state.hardware.now(), &raw, false, "", "", lang)
        .await?
        .with_tool(
            "codecarbon",
            row.codecarbon_version.as_deref().unwrap_or_default(),
            row.tracking_mode.as_deref().unwrap_or_default(),
            lang,
        );
    let Some(valid) = checked.valid.as_ref() else {
        let why: Vec<String> = checked
            .errors
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        live::end(
            writer.tx(),
            id,
            RunState::Refused,
            None,
            Some(&why.join(" ")),
        )
        .await?;
        writer.commit().await?;
        return Ok(true);
    };
    let details = row.details();
    let submission = Submission {
        raw: &raw,
        valid,
        model: checked.model.as_ref(),
        submitter: run.user_id,
        notes: "",
        source_url: "",
        details: Some(&details),
    };
    let stored = writer.submit(&submission, None).await?;
    let measurement = stored.map(|(m, _)| m);
    live::end(writer.tx(), id, RunState::Stored, measurement, None).await?;
    writer.commit().await?;
    Ok(true)
}

/// The run as a row of CodeCarbon's `emissions.csv`, so it is read by the same rules as an
/// uploaded file's (device, count, tool details).
fn row_of(run: &Ended) -> codecarbon::Row {
    let text = |key: &str| {
        run.info[key]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    codecarbon::Row {
        tool: codecarbon::Tool::CodeCarbon,
        line: 0,
        timestamp: text("timestamp").or_else(|| {
            run.started_at
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        }),
        project_name: None,
        run_id: Some(run.id.to_string()),
        experiment_id: None,
        duration_s: run.duration_s,
        energy_kwh: run.energy_kwh,
        emissions: run.emissions_kg.map(Mass::from_kg),
        cpu_energy: run.cpu_energy_kwh.map(Energy::from_kwh),
        gpu_energy: run.gpu_energy_kwh.map(Energy::from_kwh),
        ram_energy: run.ram_energy_kwh.map(Energy::from_kwh),
        country_name: None,
        country_iso_code: None,
        region: None,
        cloud_provider: None,
        cloud_region: None,
        cpu_model: text("cpu_model"),
        gpu_model: text("gpu_model"),
        gpu_count: run.info["gpu_count"].as_f64(),
        pue: None,
        codecarbon_version: text("codecarbon_version"),
        tracking_mode: text("tracking_mode"),
        water_l: None,
        method: None,
    }
}
