//! The member's CodeCarbon page (`/measurements/codecarbon`): how to point a tracker at the
//! platform, their experiments (model, task, queries per run), and what became of their
//! runs.

use super::store::live::{self, Experiment, Listed, NewExperiment};
use crate::store::states::RunState;
use crate::web::error::AppResult;
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::session::{Member, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::Task;
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "measurements/codecarbon.html")]
struct Page {
    layout: Layout,
    /// The address a tracker's `api_endpoint` is set to.
    endpoint: String,
    experiments: Vec<Experiment>,
    runs: Vec<Listed>,
    tasks: Vec<(&'static str, &'static str)>,
    models: Vec<String>,
    form: ExperimentForm,
    errors: Errors,
}

impl Page {
    fn state_name(&self, run: &Listed) -> &'static str {
        t(self.layout.lang, run.state.key())
    }

    fn energy(&self, run: &Listed) -> String {
        energy_model::Energy::from_kwh(run.energy_kwh).format(self.layout.lang)
    }

    fn date(&self, run: &Listed) -> String {
        crate::web::format::date(run.started_at)
    }
}

async fn page_with(
    state: &AppState,
    layout: Layout,
    user: Uuid,
    form: ExperimentForm,
    errors: Errors,
) -> AppResult<Page> {
    let lang: Lang = layout.lang;
    Ok(Page {
        endpoint: format!(
            "{}/api/codecarbon",
            state.config.base_url.trim_end_matches('/')
        ),
        experiments: live::experiments_of(&state.db, user).await?,
        runs: live::runs_of(&state.db, user).await?,
        tasks: Task::ALL.iter().map(|t| (t.slug(), t.name(lang))).collect(),
        models: crate::store::catalogue::model_names(&state.db).await?,
        layout,
        form,
        errors,
    })
}

pub async fn page(
    State(state): State<AppState>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    let layout = visitor.layout_with_form().await?;
    render(
        &page_with(
            &state,
            layout,
            user.id,
            ExperimentForm::default(),
            Errors::default(),
        )
        .await?,
    )
}

pub async fn create(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<ExperimentForm>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    match add_experiment(&state.db, user.id, &form, visitor.lang).await? {
        Ok(_) => {
            visitor.flash("codecarbon-experiment-added").await?;
            Ok(Redirect::to("/measurements/codecarbon").into_response())
        }
        Err(errors) => {
            let layout = visitor.layout_with_form().await?;
            unprocessable(&page_with(&state, layout, user.id, form, errors).await?)
        }
    }
}

/// The experiment form's fields.
#[derive(Deserialize, Default)]
pub struct ExperimentForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub queries: String,
}

/// Adds an experiment for the member once its fields are sound; the problems otherwise.
pub async fn add_experiment(
    db: &PgPool,
    user: Uuid,
    form: &ExperimentForm,
    lang: Lang,
) -> AppResult<Result<Uuid, crate::web::forms::Errors>> {
    let mut errors = crate::web::forms::Errors::default();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", t(lang, "codecarbon-name-invalid"));
    }
    if energy_model::Task::from_slug(form.task.trim()).is_none() {
        errors.add("task", t(lang, "codecarbon-task-invalid"));
    }
    let model = form.model.trim();
    let known = !model.is_empty()
        && model.chars().count() <= 200
        && crate::store::catalogue::find_model(db, model)
            .await?
            .is_some();
    if !known {
        errors.add("model", t(lang, "measure-model-unknown"));
    }
    let queries = form.queries.trim();
    if !queries.is_empty()
        && queries
            .parse::<u64>()
            .map_or(true, |q| q == 0 || q > 1_000_000_000_000)
    {
        errors.add("queries", t(lang, "codecarbon-queries-invalid"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let id = live::add_experiment(
        db,
        user,
        &NewExperiment {
            name,
            model,
            task: form.task.trim(),
            queries_per_run: queries,
        },
    )
    .await?;
    Ok(Ok(id))
}
