//! CodeCarbon upload: an `emissions.csv` of any version (≤ 10 MB, ≤ 100,000 rows). The file
//! names no model, so the uploader picks model, task and queries per run; a preview shows
//! what will be stored and which rows are rejected, then the uploader commits — in one
//! transaction, all or nothing. A run already imported (same `run_id`) is skipped.

use super::rules::context;
use super::store::{derive, initial_status};
use crate::store::catalogue;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::Errors;
use crate::web::forms::same_origin;
use crate::web::i18n::{Lang, t, tf};
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role, Visitor, csrf_matches};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::formats::codecarbon;
use energy_model::validation::{ValidMeasurement, validate};
use energy_model::{RawMeasurement, Task};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;

/// A parsed, validated file.
pub struct Prepared {
    pub accepted: Vec<(ValidMeasurement, RawMeasurement, Option<String>)>,
    /// Messages about rejected rows, in the uploader's language.
    pub rejected: Vec<String>,
    pub rows: usize,
}

/// Parses and validates every row, as the uploader's choices make it a measurement.
pub fn prepare(
    bytes: &[u8],
    model: &str,
    task: &str,
    queries: &str,
    lang: Lang,
) -> Result<Prepared, String> {
    let file = codecarbon::parse(bytes, MAX_ROWS).map_err(|e| e.message(lang))?;
    let ctx = context(false);
    let mut rejected: Vec<String> = file.rejected.iter().map(|e| e.message(lang)).collect();
    let mut accepted = Vec::with_capacity(file.rows.len());
    // Rows of one file share their hardware and place: resolve each spelling once.
    let mut hardware_cache: std::collections::HashMap<String, String> = Default::default();
    for row in &file.rows {
        let mut raw = row.to_raw(model, task, queries);
        let typed = raw.hardware.clone();
        let slug = match hardware_cache.get(&typed) {
            Some(slug) => Some(slug.clone()),
            None => catalogue::HARDWARE.resolve(&typed).map(|found| {
                hardware_cache.insert(typed.clone(), found.device.slug.clone());
                found.device.slug.clone()
            }),
        };
        if let Some(slug) = slug {
            // The count written in the name ("4 x A100") goes with it.
            if let (Some(n), true) = (
                energy_model::hardware::split_count(&typed).0,
                raw.device_count.is_empty(),
            ) {
                raw.device_count = n.to_string();
            }
            raw.hardware = slug;
        }
        let result = validate(&raw, &ctx);
        raw.hardware = typed;
        match result {
            Ok(v) => accepted.push((v, raw, row.run_id.clone())),
            Err(problems) => {
                let first = problems
                    .iter()
                    .find(|p| p.severity() == energy_model::Severity::Error)
                    .map(|p| format!("{}: {}", p.field.name(), p.message(lang)))
                    .unwrap_or_default();
                rejected.push(tf(
                    lang,
                    "upload-row-rejected",
                    &[("line", &row.line.to_string()), ("why", &first)],
                ));
            }
        }
    }
    Ok(Prepared {
        rows: file.rows.len() + file.rejected_lines().len(),
        accepted,
        rejected,
    })
}

/// Stores the accepted rows in one statement per 5,000 rows, inside the caller's transaction;
/// returns how many were new (runs imported before are skipped).
pub async fn store_rows(
    tx: &mut PgConnection,
    prepared: &Prepared,
    user: Uuid,
    model_id: i64,
    upload_id: Uuid,
    progress: Option<&PgPool>,
) -> sqlx::Result<u64> {
    // Runs stored before, and repeats within the file, are skipped: found up front with the
    // run_id index, so the rows go in with a plain insert (ON CONFLICT's speculative
    // insertion cost a third more). A concurrent upload of the same run fails on the unique
    // index, and its transaction with it.
    let run_ids: Vec<&str> = prepared
        .accepted
        .iter()
        .filter_map(|(_, _, run)| run.as_deref())
        .collect();
    let stored: std::collections::HashSet<String> =
        sqlx::query_scalar("select run_id from measurements where run_id = any($1)")
            .bind(&run_ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let mut seen = std::collections::HashSet::new();
    let new: Vec<&(ValidMeasurement, RawMeasurement, Option<String>)> = prepared
        .accepted
        .iter()
        .filter(|(_, _, run)| match run {
            Some(run) => !stored.contains(run) && seen.insert(run.as_str()),
            None => true,
        })
        .collect();
    if let Some(db) = progress {
        // Skipped runs count as done for the progress page.
        sqlx::query(
            "update pending_uploads set done = done + $2, progress_at = now() where id = $1",
        )
        .bind(upload_id)
        .bind((prepared.accepted.len() - new.len()) as i32)
        .execute(db)
        .await?;
    }
    let mut inserted = 0;
    for chunk in new.chunks(5000) {
        let mut task = Vec::new();
        let mut hardware = Vec::new();
        let mut devices = Vec::new();
        let mut energy = Vec::new();
        let mut duration = Vec::new();
        let mut queries = Vec::new();
        let mut region = Vec::new();
        let mut pue = Vec::new();
        let mut intensity = Vec::new();
        let mut measured_on = Vec::new();
        let mut raw = Vec::new();
        let mut per_1000 = Vec::new();
        let mut per_run = Vec::new();
        let mut co2e = Vec::new();
        let mut flags = Vec::new();
        let mut flag_count = Vec::new();
        let mut status = Vec::new();
        let mut run_id = Vec::new();
        for &(v, r, run) in chunk {
            let d = derive(v);
            task.push(v.task.slug());
            hardware.push(v.device.slug.clone());
            devices.push(v.device_count as i32);
            energy.push(v.energy.joules());
            duration.push(v.duration.map(|d| d.seconds()));
            queries.push(v.queries.map(|q| q as i64));
            region.push(v.region.as_ref().map(|r| r.code.clone()));
            pue.push(v.pue);
            intensity.push(d.intensity);
            measured_on.push(v.measured_on);
            raw.push(serde_json::to_value(r).unwrap_or_default());
            per_1000.push(d.normalised.wh_per_1000_queries);
            per_run.push(d.normalised.kwh_per_run);
            co2e.push(d.co2e_g);
            flags.push(d.flags);
            flag_count.push(d.flag_count);
            status.push(initial_status(v));
            run_id.push(run.clone());
        }
        inserted += sqlx::query(
            "insert into measurements (
                submitter_id, source, model_id, method, upload_id, task, hardware_slug,
                device_count, energy_j, duration_s, queries, region_code, pue, grid_intensity,
                measured_on, raw, wh_per_1000_queries, kwh_per_run, co2e_g, flags, flag_count,
                status, run_id)
             select $1, 'community', $2, 'codecarbon', $3, t.*
               from unnest($4::text[], $5::text[], $6::int4[], $7::float8[], $8::float8[],
                           $9::int8[], $10::text[], $11::float8[], $12::float8[], $13::date[],
                           $14::jsonb[], $15::float8[], $16::float8[], $17::float8[], $18::jsonb[],
                           $19::int4[], $20::text[], $21::text[]) as t",
        )
        .bind(user)
        .bind(model_id)
        .bind(upload_id)
        .bind(&task)
        .bind(&hardware)
        .bind(&devices)
        .bind(&energy)
        .bind(&duration)
        .bind(&queries)
        .bind(&region)
        .bind(&pue)
        .bind(&intensity)
        .bind(&measured_on)
        .bind(&raw)
        .bind(&per_1000)
        .bind(&per_run)
        .bind(&co2e)
        .bind(&flags)
        .bind(&flag_count)
        .bind(&status)
        .bind(&run_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if let Some(db) = progress {
            // Outside the import's transaction, so the status page sees it move.
            sqlx::query(
                "update pending_uploads set done = done + $2, progress_at = now() where id = $1",
            )
            .bind(upload_id)
            .bind(chunk.len() as i32)
            .execute(db)
            .await?;
        }
    }
    if let Some((v, _, _)) = prepared.accepted.first() {
        crate::store::boards::refresh(tx, v.task.slug(), model_id).await?;
    }
    Ok(inserted)
}

/// What the uploader chose for a file: the file names neither model nor task.
pub struct Choice<'a> {
    pub model: &'a str,
    pub task: &'a str,
    pub queries: &'a str,
    /// Add the model to the catalogue (pending) when unknown.
    pub propose: bool,
}

/// The whole import as the upload's commit does it: validate, resolve the model, store.
pub async fn import(
    db: &PgPool,
    user: Uuid,
    bytes: &[u8],
    choice: &Choice<'_>,
    lang: Lang,
) -> anyhow::Result<Result<(u64, Prepared), String>> {
    import_as(db, user, bytes, choice, lang, Uuid::new_v4(), false).await
}

/// [`import`] under a given upload id, optionally reporting progress on its
/// `pending_uploads` row.
async fn import_as(
    db: &PgPool,
    user: Uuid,
    bytes: &[u8],
    choice: &Choice<'_>,
    lang: Lang,
    upload_id: Uuid,
    report: bool,
) -> anyhow::Result<Result<(u64, Prepared), String>> {
    let Choice {
        model,
        task,
        queries,
        propose,
    } = *choice;
    let prepared = match prepare(bytes, model, task, queries, lang) {
        Ok(p) => p,
        Err(message) => return Ok(Err(message)),
    };
    let mut tx = db.begin().await?;
    let model = match catalogue::find_model(&mut *tx, model).await? {
        Some(m) => m,
        None if propose => match catalogue::propose_model(&mut tx, model).await? {
            Some(m) => m,
            None => return Ok(Err(t(lang, "measure-model-unknown").into())),
        },
        None => return Ok(Err(t(lang, "measure-model-unknown").into())),
    };
    if report {
        sqlx::query("update pending_uploads set total = $2 where id = $1")
            .bind(upload_id)
            .bind(prepared.accepted.len() as i32)
            .execute(db)
            .await?;
    }
    let inserted = store_rows(
        &mut tx,
        &prepared,
        user,
        model.id,
        upload_id,
        report.then_some(db),
    )
    .await?;
    crate::store::boards::commit(tx).await?;
    Ok(Ok((inserted, prepared)))
}

#[derive(Template)]
#[template(path = "measurements/upload.html")]
struct UploadPage {
    layout: Layout,
    tasks: Vec<(&'static str, &'static str)>,
    models: Vec<String>,
    errors: Errors,
    preview: Option<PreviewView>,
}

pub struct PreviewView {
    pub id: Uuid,
    pub file_name: String,
    pub rows: usize,
    pub accepted: usize,
    pub flagged: usize,
    pub duplicates: usize,
    pub total_energy: String,
    pub rejected: Vec<String>,
    pub sample: Vec<(String, String, String, String)>,
}

async fn page_with(
    state: &AppState,
    visitor: &Visitor,
    errors: Errors,
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
        preview,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    Member(visitor, _): Member,
) -> AppResult<Response> {
    page_with(&state, &visitor, Errors::default(), None).await
}

/// Reads the multipart form, checks CSRF, and shows the preview.
pub async fn preview(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: axum::http::HeaderMap,
    mut multipart: Multipart,
) -> AppResult<Response> {
    if !same_origin(&headers, &state.config.base_url) {
        return Err(AppError::Forbidden);
    }
    let (mut csrf, mut model, mut task, mut queries, mut file_name) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    let mut content: Option<Vec<u8>> = None;
    let mut too_large = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            file_name = field
                .file_name()
                .unwrap_or("emissions.csv")
                .chars()
                .take(200)
                .collect();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            too_large = bytes.len() > MAX_BYTES;
            content = Some(bytes.to_vec());
            continue;
        }
        let value = field
            .text()
            .await
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
        match name.as_str() {
            "csrf_token" => csrf = value,
            "model" => model = value,
            "task" => task = value,
            "queries_per_run" => queries = value,
            _ => {}
        }
    }
    if csrf.is_empty() || !csrf_matches(&visitor.session, &csrf).await? {
        return Err(AppError::Forbidden);
    }
    let user = visitor.require(Role::Member)?;
    let lang = visitor.lang;
    let mut errors = Errors::default();
    if !user.verified {
        errors.add("file", t(lang, "measure-unverified-text"));
    }
    let bytes = match content {
        Some(b) if !b.is_empty() => b,
        _ => {
            errors.add("file", t(lang, "upload-no-file"));
            Vec::new()
        }
    };
    if too_large {
        errors.add("file", t(lang, "upload-too-large"));
    }
    if model.trim().is_empty() {
        errors.add("model", t(lang, "upload-model-required"));
    } else if catalogue::find_model(&state.db, &model).await?.is_none() {
        errors.add("model", t(lang, "measure-model-unknown"));
    }
    if Task::from_slug(&task).is_none() {
        errors.add("task", t(lang, "upload-task-required"));
    }
    if !errors.is_empty() {
        return page_with(&state, &visitor, errors, None).await;
    }
    let prepared = match prepare(&bytes, &model, &task, &queries, lang) {
        Ok(p) => p,
        Err(message) => {
            errors.add("file", message);
            return page_with(&state, &visitor, errors, None).await;
        }
    };
    if prepared.accepted.is_empty() {
        errors.add("file", t(lang, "upload-nothing-valid"));
        if let Some(first) = prepared.rejected.first() {
            errors.add("rows", first.clone());
        }
        return page_with(&state, &visitor, errors, None).await;
    }
    let run_ids: Vec<String> = prepared
        .accepted
        .iter()
        .filter_map(|(_, _, r)| r.clone())
        .collect();
    let duplicates: i64 =
        sqlx::query_scalar("select count(*) from measurements where run_id = any($1)")
            .bind(&run_ids)
            .fetch_one(&state.db)
            .await?;
    let id: Uuid = sqlx::query_scalar(
        "insert into pending_uploads (user_id, file_name, content, model, task, queries_per_run)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(user.id)
    .bind(&file_name)
    .bind(&bytes)
    .bind(&model)
    .bind(&task)
    .bind(&queries)
    .fetch_one(&state.db)
    .await?;
    let total_j: f64 = prepared
        .accepted
        .iter()
        .map(|(v, _, _)| v.energy.joules())
        .sum();
    let sample = prepared
        .accepted
        .iter()
        .take(10)
        .map(|(v, _, run)| {
            (
                run.clone().unwrap_or_default(),
                v.device.name.clone(),
                v.energy.format(lang),
                v.normalised()
                    .wh_per_1000_queries
                    .map(|w| format!("{w:.4}"))
                    .or(v.normalised().kwh_per_run.map(|k| format!("{k:.6} kWh")))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let preview = PreviewView {
        id,
        file_name,
        rows: prepared.rows,
        accepted: prepared.accepted.len(),
        flagged: prepared
            .accepted
            .iter()
            .filter(|(v, _, _)| !v.flags.is_empty())
            .count(),
        duplicates: duplicates as usize,
        total_energy: energy_model::Energy::from_joules(total_j).format(lang),
        rejected: prepared.rejected.iter().take(200).cloned().collect(),
        sample,
    };
    page_with(&state, &visitor, Errors::default(), Some(preview)).await
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
    let upload: Option<(Vec<u8>, String, String, String)> = sqlx::query_as(
        "update pending_uploads set state = 'importing', progress_at = now()
          where id = $1 and user_id = $2 and state = 'preview' and content is not null
          returning content, model, task, queries_per_run",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(&state.db)
    .await?;
    let Some((bytes, model, task, queries)) = upload else {
        return Err(AppError::NotFound);
    };
    let db = state.db.clone();
    let lang = visitor.lang;
    // The import runs on; the page below follows it.
    tokio::spawn(async move {
        let choice = Choice {
            model: &model,
            task: &task,
            queries: &queries,
            propose: false,
        };
        let (state_after, added, message) = match import_as(
            &db, user.id, &bytes, &choice, lang, id, true,
        )
        .await
        {
            Ok(Ok((added, _))) => ("done", Some(added as i32), None),
            Ok(Err(message)) => ("failed", None, Some(message)),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), upload = %id, "upload import failed");
                ("failed", None, Some(t(lang, "upload-failed").to_string()))
            }
        };
        finish(&db, id, state_after, added, message).await;
    });
    Ok(Redirect::to(&format!("/measurements/upload/{id}")).into_response())
}

/// Writes how an import ended, retrying while the database cannot be reached (the import is
/// over, so this is all that is left to do); if it still fails, the progress page shows the
/// import failed once it has not moved for [`STALLED_AFTER`].
async fn finish(db: &PgPool, id: Uuid, state: &str, added: Option<i32>, message: Option<String>) {
    let mut wait = std::time::Duration::from_millis(250);
    for attempt in 1..=6 {
        let result = sqlx::query(
            "update pending_uploads set state = $2, added = $3, message = $4, content = null where id = $1",
        )
        .bind(id)
        .bind(state)
        .bind(added)
        .bind(&message)
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

/// An import that has stored nothing for this long has died (its process stopped, or it
/// could not record its end): its transaction is gone, so nothing of it was kept.
pub const STALLED_AFTER: &str = "5 minutes";

#[derive(sqlx::FromRow)]
pub struct Progress {
    pub file_name: String,
    pub state: String,
    pub total: i32,
    pub done: i32,
    pub added: Option<i32>,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "measurements/progress.html")]
struct ProgressPage {
    layout: Layout,
    p: Progress,
}

/// How an import goes: refreshes itself every second until it is done.
pub async fn progress(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Member(visitor, user): Member,
) -> AppResult<Response> {
    sqlx::query(&format!(
        "update pending_uploads set state = 'failed', message = $3, content = null
          where id = $1 and user_id = $2 and state = 'importing'
            and progress_at < now() - interval '{STALLED_AFTER}'"
    ))
    .bind(id)
    .bind(user.id)
    .bind(t(visitor.lang, "upload-stalled"))
    .execute(&state.db)
    .await?;
    let p: Progress = sqlx::query_as(
        "select file_name, state, total, done, added, message from pending_uploads where id = $1 and user_id = $2",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    render(&ProgressPage {
        layout: visitor.layout().await?,
        p,
    })
}
