//! CodeCarbon upload: an `emissions.csv` of any version (≤ 10 MB, ≤ 100,000 rows). The file
//! names no model, so the uploader picks model, task and queries per run; a preview shows
//! what will be stored and which rows are rejected, then the uploader commits — in one
//! transaction, all or nothing. A run already imported (same `run_id`) is skipped.

use super::bulk::{Choice, MAX_BYTES, Prepared, import_as, prepare};
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
use energy_model::{FunctionalUnit, Task};
use sqlx::PgPool;
use std::collections::HashSet;
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
    pub rejected: Vec<String>,
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
    let id = sqlx::query_scalar!(
        "insert into pending_uploads (user_id, file_name, content, model, task, queries_per_run, propose)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
        user.id,
        &form.file_name,
        bytes,
        &form.model,
        &form.task,
        &form.queries,
        form.propose
    )
    .fetch_one(&state.db)
    .await?;
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
        let mut seen: HashSet<String> = sqlx::query_scalar!(
            r#"select run_id as "run_id!" from measurements where run_id = any($1)"#,
            &run_ids
        )
        .fetch_all(db)
        .await?
        .into_iter()
        .collect();
        let new: Vec<_> = prepared
            .accepted
            .iter()
            .filter(|(_, _, run)| run.as_ref().is_none_or(|r| seen.insert(r.clone())))
            .collect();
        let total_j: f64 = new.iter().map(|(v, _, _)| v.energy.joules()).sum();
        let per_run = new
            .first()
            .is_some_and(|(v, _, _)| v.task.functional_unit() == FunctionalUnit::PerRun);
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
    let gone = sqlx::query!(
        "delete from pending_uploads where id = $1 and user_id = $2 and state = 'preview'",
        id,
        user.id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if gone == 0 {
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
    let upload = sqlx::query!(
        r#"update pending_uploads set state = 'importing', progress_at = now()
          where id = $1 and user_id = $2 and state = 'preview' and content is not null
          returning content as "content!", model, task, queries_per_run, propose"#,
        id,
        user.id
    )
    .fetch_optional(&state.db)
    .await?
    .map(|r| (r.content, r.model, r.task, r.queries_per_run, r.propose));
    let Some((bytes, model, task, queries, propose)) = upload else {
        return Err(AppError::NotFound);
    };
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
        let result = sqlx::query!(
"update pending_uploads set state = $2, added = $3, message = $4, content = null where id = $1",
id,
state as UploadState,
added,
message.as_deref())
        .execute(db)
        .await;
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

#[derive(sqlx::FromRow)]
pub struct Progress {
    pub file_name: String,
    pub state: UploadState,
    pub total: i32,
    pub done: i32,
    pub added: Option<i32>,
    pub message: Option<String>,
}

impl Progress {
    /// Not ended yet: importing, or about to start.
    pub fn running(&self) -> bool {
        matches!(self.state, UploadState::Importing | UploadState::Preview)
    }

    pub fn done(&self) -> bool {
        self.state == UploadState::Done
    }
}

#[derive(Template)]
#[template(path = "measurements/progress.html")]
struct ProgressPage {
    layout: Layout,
    p: Progress,
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
    sqlx::query!(
        "update pending_uploads set state = 'failed', message = $3, content = null
          where id = $1 and user_id = $2 and state = 'importing'
            and progress_at < now() - interval '5 minutes'",
        id,
        user.id,
        t(visitor.lang, "upload-stalled")
    )
    .execute(&state.db)
    .await?;
    let p = sqlx::query_as!(
        Progress,
        r#"select file_name, state as "state: UploadState", total, done, added, message
             from pending_uploads where id = $1 and user_id = $2"#,
        id,
        user.id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    render(&ProgressPage {
        layout: visitor.layout().await?,
        p,
        script: crate::web::assets::url("progress.js"),
    })
}

/// Frees what uploads keep: a preview nobody imported within a day is deleted (its file can
/// be 10 MB), and a finished or failed import drops its file after a day (its counts stay).
pub async fn expire(db: &sqlx::PgPool) -> sqlx::Result<u64> {
    let deleted = sqlx::query!(
        "delete from pending_uploads where state = 'preview' and created_at < now() - interval '1 day'"
    )
    .execute(db)
    .await?
    .rows_affected();
    let emptied = sqlx::query!(
        "update pending_uploads set content = null
          where state in ('done', 'failed') and content is not null
            and created_at < now() - interval '1 day'"
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(deleted + emptied)
}

/// Runs [`expire`] every hour.
pub fn spawn_expiry(db: sqlx::PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = expire(&db).await {
                tracing::warn!(error = %e, "expiring upload previews failed; again in an hour");
            }
        }
    })
}
