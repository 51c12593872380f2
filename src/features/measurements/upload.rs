//! CodeCarbon upload: an `emissions.csv` of any version (≤ 10 MB, ≤ 100,000 rows). The file
//! names no model, so the uploader picks model, task and queries per run; a preview shows
//! what will be stored and which rows are rejected, then the uploader commits — in one
//! transaction, all or nothing. A run already imported (same `run_id`) is skipped.

use super::bulk::{Choice, MAX_BYTES, Prepared, import_as, prepare};
use super::store::uploads;
use crate::store::catalogue;
use crate::store::states::UploadState;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::same_origin;
use crate::web::forms::{Errors, has_control_characters};
use crate::web::i18n::{Lang, figure, t};
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::Task;
use sqlx::PgPool;
pub use uploads::expire;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "measurements/upload.html")]
struct UploadPage {
    layout: Layout,
    tasks: Vec<(&'static str, &'static str)>,
    models: Vec<String>,
    errors: Errors,
    /// What the uploader chose, kept when the form comes back (a browser never keeps the file).
    kept: Kept,
    preview: Option<PreviewView>,
}

/// The choices of an upload form that came back.
#[derive(Default)]
pub struct Kept {
    pub model: String,
    pub task: String,
    pub queries: String,
    pub propose: bool,
}

pub struct PreviewView {
    pub id: Uuid,
    pub file_name: String,
    pub rows: usize,
    /// Valid runs not stored before: what the commit adds.
    pub to_store: usize,
    /// Of those, the ones moderators will look at.
    pub flagged: usize,
    /// Valid runs already stored (by an earlier upload, or earlier in this file): skipped.
    pub duplicates: usize,
    pub total_energy: String,
    /// The first 200 messages about refused rows.
    pub rejected: Vec<String>,
    /// Messages left out of `rejected`.
    pub more_rejected: usize,
    /// Rows refused, each once.
    pub rejected_rows: usize,
    /// Rows folded into the run they repeat (a file CodeCarbon appended to as the run grew).
    pub repeated: usize,
    /// The catalogue key of the per-unit column: per 1,000 queries, or per run.
    pub unit_key: &'static str,
    pub sample: Vec<(String, String, String, String)>,
}

async fn page_with(
    state: &AppState,
    visitor: &Visitor,
    errors: Errors,
    kept: Kept,
    preview: Option<PreviewView>,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&UploadPage {
        layout: visitor.layout_with_form().await?,
        tasks: Task::ALL
            .iter()
            .map(|t| (t.slug(), t.name(visitor.lang)))
            .collect(),
        models: catalogue::model_names(&state.db).await?,
        errors,
        kept,
        preview,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    Member(visitor, _): Member,
) -> AppResult<Response> {
    page_with(&state, &visitor, Errors::default(), Kept::default(), None).await
}

/// The upload form as posted.
#[derive(Default)]
struct UploadForm {
    csrf: String,
    model: String,
    task: String,
    queries: String,
    propose: bool,
    file_name: String,
    content: Option<Vec<u8>>,
    too_large: bool,
}

impl UploadForm {
    /// Reads the multipart body (its size is bounded by the route's body limit).
    async fn read(mut multipart: Multipart) -> AppResult<UploadForm> {
        // A body over the route's limit is 413, whatever part of it was being read.
        let bad = |e: axum::extract::multipart::MultipartError| {
            AppError::unreadable_body(e.status(), e.to_string())
        };
        let mut form = UploadForm::default();
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or("").to_string();
            if name == "file" {
                form.file_name = field
                    .file_name()
                    .unwrap_or("emissions.csv")
                    .chars()
                    .take(200)
                    .collect();
                let bytes = field.bytes().await.map_err(bad)?;
                form.too_large = bytes.len() > MAX_BYTES;
                form.content = Some(bytes.to_vec());
                continue;
            }
            let value = field.text().await.map_err(bad)?;
            match name.as_str() {
                "csrf_token" => form.csrf = value,
                "model" => form.model = value,
                "task" => form.task = value,
                "queries_per_run" => form.queries = value,
                "propose_model" => form.propose = true,
                _ => {}
            }
        }
        Ok(form)
    }

    /// What is wrong with the form itself, before its file is read.
    async fn errors(&self, db: &PgPool, verified: bool, lang: Lang) -> AppResult<Errors> {
        let mut errors = Errors::default();
        if !verified {
            errors.add("file", t(lang, "measure-unverified-text"));
        }
        if self.content.as_ref().is_none_or(|c| c.is_empty()) {
            errors.add("file", t(lang, "upload-no-file"));
        }
        if self.too_large {
            errors.add("file", t(lang, "upload-too-large"));
        }
        if self.model.trim().is_empty() {
            errors.add("model", t(lang, "upload-model-required"));
        } else if !self.propose && catalogue::find_model(db, &self.model).await?.is_none() {
            errors.add("model", t(lang, "measure-model-unknown"));
        }
        if Task::from_slug(&self.task).is_none() {
            errors.add("task", t(lang, "upload-task-required"));
        }
        // What the form's fields may hold is what every form's may (the file's rows are
        // checked row by row).
        for (field, value) in [
            ("model", &self.model),
            ("queries_per_run", &self.queries),
            ("file", &self.file_name),
        ] {
            if has_control_characters(value) {
                errors.add(field, t(lang, "error-control-characters"));
            }
        }
        Ok(errors)
    }

    fn choice(&self, catalogue: std::sync::Arc<energy_model::Catalogue>) -> Choice<'_> {
        Choice {
            model: &self.model,
            task: &self.task,
            queries: &self.queries,
            propose: self.propose,
            catalogue,
        }
    }

    fn kept(&self) -> Kept {
        // Kept to show again: bounded, and without what no text may hold.
        let shown = |s: &str, n: usize| -> String {
            s.chars()
                .filter(|c| !has_control_characters(c.encode_utf8(&mut [0; 4])))
                .take(n)
                .collect()
        };
        Kept {
            model: shown(&self.model, 200),
            task: shown(&self.task, 50),
            queries: shown(&self.queries, 50),
            propose: self.propose,
        }
    }
}

/// Reads the multipart form, checks CSRF, validates every row and shows the preview; the
/// file is kept for the commit.
pub async fn preview(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: axum::http::HeaderMap,
    multipart: Multipart,
) -> AppResult<Response> {
    if !same_origin(&headers, &state.config.base_url) {
        return Err(AppError::Forbidden);
    }
    let form = UploadForm::read(multipart).await?;
    if form.csrf.is_empty() || !visitor.csrf_matches(&form.csrf).await? {
        return Err(AppError::Forbidden);
    }
    let user = visitor.require(Role::Member)?;
    let lang = visitor.lang;
    let mut errors = form.errors(&state.db, user.verified, lang).await?;
    if !errors.is_empty() {
        return page_with(&state, &visitor, errors, form.kept(), None).await;
    }
    let bytes = form.content.as_deref().unwrap_or_default();
    let prepared = match prepare(bytes, &form.choice(state.hardware.now()), lang) {
        Ok(p) if !p.accepted.is_empty() => p,
        Ok(p) => {
            errors.add("file", t(lang, "upload-nothing-valid"));
            if let Some(first) = p.rejected.first() {
                errors.add("rows", first.clone());
            }
            return page_with(&state, &visitor, errors, form.kept(), None).await;
        }
        Err(message) => {
            errors.add("file", message);
            return page_with(&state, &visitor, errors, form.kept(), None).await;
        }
    };
    let choices = uploads::Choices {
        model: &form.model,
        task: &form.task,
        queries: &form.queries,
        propose: form.propose,
    };
    let id = uploads::park(&state.db, user.id, &form.file_name, bytes, &choices).await?;
    let kept = form.kept();
    let preview = PreviewView::of(&state.db, id, form.file_name, &prepared, lang).await?;
    page_with(&state, &visitor, Errors::default(), kept, Some(preview)).await
}

impl PreviewView {
    /// What the preview shows of a prepared file: what the commit adds (runs stored before,
    /// or repeated in the file, are skipped — as the import does), the total energy of that,
    /// the first rows and every rejected one (up to 200).
    async fn of(
        db: &PgPool,
        id: Uuid,
        file_name: String,
        prepared: &Prepared,
        lang: Lang,
    ) -> AppResult<PreviewView> {
        let run_ids: Vec<String> = prepared
            .accepted
            .iter()
            .filter_map(|(_, _, r)| r.clone())
            .collect();
        let mut seen = uploads::stored_runs(db, &run_ids).await?;
        let new: Vec<_> = prepared
            .accepted
            .iter()
            .filter(|(_, _, run)| run.as_ref().is_none_or(|r| seen.insert(r.clone())))
            .collect();
        let total_j: f64 = new.iter().map(|(v, _, _)| v.energy.joules()).sum();
        let per_run = new.first().is_some_and(|(v, _, _)| v.task.per_run());
        let sample = new
            .iter()
            .take(10)
            .map(|(v, _, run)| {
                let n = v.normalised();
                let per_unit = if per_run {
                    n.kwh_per_run
                } else {
                    n.wh_per_1000_queries
                };
                (
                    run.clone().unwrap_or_default(),
                    v.device.name.clone(),
                    v.energy.format(lang),
                    per_unit
                        .map(|x| figure(x, lang))
                        .unwrap_or_else(|| "—".into()),
                )
            })
            .collect();
        Ok(PreviewView {
            id,
            file_name,
            rows: prepared.rows,
            to_store: new.len(),
            flagged: new.iter().filter(|(v, _, _)| !v.flags.is_empty()).count(),
            duplicates: prepared.accepted.len() - new.len(),
            total_energy: energy_model::Energy::from_joules(total_j).format(lang),
            rejected: prepared.rejected.iter().take(200).cloned().collect(),
            more_rejected: prepared.rejected.len().saturating_sub(200),
            rejected_rows: prepared.rejected_rows,
            repeated: prepared.repeated,
            unit_key: if per_run {
                "measure-kwh-per-run"
            } else {
                "measure-wh-per-1000"
            },
            sample,
        })
    }
}

/// Drops a previewed file the uploader does not want stored, and goes back to the form.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    crate::web::forms::CsrfForm { visitor, .. }: crate::web::forms::CsrfForm<
        crate::web::forms::Empty,
    >,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    if !uploads::drop_preview(&state.db, id, user.id).await? {
        return Err(AppError::NotFound);
    }
    visitor.flash("upload-cancelled").await?;
    Ok(Redirect::to("/measurements/upload").into_response())
}

/// Starts the import of a previewed file and shows its progress page.
pub async fn commit(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    crate::web::forms::CsrfForm { visitor, .. }: crate::web::forms::CsrfForm<
        crate::web::forms::Empty,
    >,
) -> AppResult<Response> {
    let user = visitor.require(Role::Member)?;
    let uploads::Parked {
        content: bytes,
        model,
        task,
        queries_per_run: queries,
        propose,
    } = uploads::start_import(&state.db, id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let db = state.db.clone();
    let lang = visitor.lang;
    let catalogue = state.hardware.now();
    // The import runs on; the page below follows it.
    tokio::spawn(async move {
        let choice = Choice {
            model: &model,
            task: &task,
            queries: &queries,
            propose,
            catalogue,
        };
        let (state_after, added, message) = match import_as(
            &db, user.id, &bytes, &choice, lang, id, true,
        )
        .await
        {
            Ok(Ok(imported)) => (UploadState::Done, Some(imported.added as i32), None),
            Ok(Err(message)) => (UploadState::Failed, None, Some(message)),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), upload = %id, "upload import failed");
                (
                    UploadState::Failed,
                    None,
                    Some(t(lang, "upload-failed").to_string()),
                )
            }
        };
        finish(&db, id, state_after, added, message).await;
    });
    Ok(Redirect::to(&format!("/measurements/upload/{id}")).into_response())
}

/// Writes how an import ended, retrying while the database cannot be reached (the import is
/// over, so this is all that is left to do); if it still fails, the progress page shows the
/// import failed once it has not moved for five minutes (then it has died: its process
/// stopped, or it could not record its end; its transaction is gone, so nothing was kept).
async fn finish(
    db: &PgPool,
    id: Uuid,
    state: UploadState,
    added: Option<i32>,
    message: Option<String>,
) {
    let mut wait = std::time::Duration::from_millis(250);
    for attempt in 1..=6 {
        let result = uploads::record_end(db, id, state, added, message.as_deref()).await;
        match result {
            Ok(_) => return,
            Err(e) => {
                tracing::error!(error = %e, upload = %id, attempt, "could not record the end of an upload");
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
    }
}

#[derive(Template)]
#[template(path = "measurements/progress.html")]
struct ProgressPage {
    layout: Layout,
    p: uploads::Progress,
    /// The script that updates the progress in place (without it, a link to check again).
    script: String,
}

/// How an import goes: with script, updated in place every second until it is done.
pub async fn progress(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    // Five minutes without progress: the import died.
    uploads::fail_stalled(&state.db, id, user.id, t(visitor.lang, "upload-stalled")).await?;
    let p = uploads::progress(&state.db, id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&ProgressPage {
        layout: visitor.layout().await?,
        p,
        script: crate::web::assets::url("progress.js"),
    })
}

/// Runs [`expire`] every hour.
pub fn spawn_expiry(db: sqlx::PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = uploads::expire(&db).await {
                tracing::warn!(error = %e, "expiring upload previews failed; again in an hour");
            }
        }
    })
}
