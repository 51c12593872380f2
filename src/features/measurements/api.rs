//! The JSON API for measurements: `POST /api/v1/measurements` with a bearer token (same
//! validation as the form; problems as a JSON list with 422; `Idempotency-Key` makes a retry
//! return the first answer) and `GET /api/v1/measurements` (published measurements, filters,
//! cursor pagination).

use super::rules;
use super::write::{Submission, Writer};
use crate::features::accounts::ApiUser;
use crate::web::error::{AppError, AppResult, FieldProblem};
use crate::web::i18n::{Language, t};
use crate::web::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

pub use energy_model::submission::MeasurementIn;

/// Submit a measurement. (The steps in order — replay a retry, parse, check, write, keep
/// the answer for retries — each a call.)
#[utoipa::path(
    post,
    path = "/api/v1/measurements",
    request_body = MeasurementIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first answer")),
    responses(
        (status = 201, description = "Stored: verified, or pending moderation when flagged"),
        (status = 401, description = "Missing or invalid bearer token"),
        (status = 403, description = "E-mail address not confirmed yet"),
        (status = 400, description = "An Idempotency-Key that is not 1 to 200 visible ASCII characters, or characters that cannot be stored"),
        (status = 413, description = "A body over 1 MiB"),
        (status = 422, description = "Problems, as a list of {field, code, message}; or an Idempotency-Key reused with a different body"),
        (status = 503, description = "The database is unavailable for a moment: retry with the same Idempotency-Key"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Language(lang): Language,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    user.require_verified(lang)?;
    let key = idempotency_key(&headers, lang)?;
    let hash = Sha256::digest(&body).to_vec();
    if let Some(key) = &key
        && let Some(first) = replay(&state.db, user.id, key, &hash, lang).await?
    {
        return Ok(first);
    }
    let input: MeasurementIn = crate::web::forms::json_body(&body, lang)?;
    let raw = input.to_raw();
    let checked = rules::check(
        &state.db,
        &state.hardware.now(),
        &raw,
        input.propose_model,
        &input.notes,
        &input.source_url,
        lang,
    )
    .await?
    .with_tool(&raw.method, &input.tool_version, &input.tracking_mode, lang)
    .with_meter(input.meter.as_ref(), lang);
    let Some(valid) = checked.valid else {
        return Err(AppError::Problems(
            StatusCode::UNPROCESSABLE_ENTITY,
            checked.errors,
        ));
    };
    let mut writer = Writer::begin(&state.db).await?;
    let submission = Submission {
        raw: &raw,
        valid: &valid,
        model: checked.model.as_ref(),
        submitter: user.id,
        notes: &input.notes,
        source_url: &input.source_url,
        details: checked.details.as_ref(),
    };
    let (id, status) = writer
        .submit(&submission, None)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a new measurement was not stored")))?;
    let body = json!({
        "id": id,
        "status": status,
        "url": format!("{}/measurements/{id}", state.config.base_url.trim_end_matches('/')),
        "flags": checked.flags,
        "wh_per_1000_queries": valid.normalised().wh_per_1000_queries,
    });
    if let Some(key) = &key
        && !remember(&mut writer, user.id, key, &hash, &body).await?
    {
        // A concurrent request with this key was stored first: undo this one and answer as
        // a retry would be answered.
        writer.rollback().await?;
        return replay(&state.db, user.id, key, &hash, lang)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the first answer vanished")));
    }
    writer.commit().await?;
    Ok(reply(StatusCode::CREATED, body))
}

/// The request's `Idempotency-Key`, when it sends one: 1 to 200 visible ASCII characters. Any
/// other key is refused (400) rather than ignored, which would store a retry twice.
fn idempotency_key(headers: &HeaderMap, lang: crate::web::i18n::Lang) -> AppResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match value.to_str().map(str::trim) {
        Ok(k) if !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(Some(k.to_string()))
        }
        _ => Err(AppError::Problems(
            StatusCode::BAD_REQUEST,
            vec![FieldProblem::new(
                "Idempotency-Key",
                "idempotency_key_invalid",
                t(lang, "api-idempotency-invalid"),
            )],
        )),
    }
}

/// The first answer given to `key`: replayed for the same body, refused for another.
async fn replay(
    db: &sqlx::PgPool,
    user: Uuid,
    key: &str,
    hash: &[u8],
    lang: crate::web::i18n::Lang,
) -> AppResult<Option<Response>> {
    let earlier = super::store::answered(db, user, key).await?;
    let Some(earlier) = earlier else {
        return Ok(None);
    };
    if earlier.request_hash != hash {
        let why = FieldProblem::new(
            "",
            "idempotency_key_reused",
            t(lang, "api-idempotency-reused"),
        );
        return Err(AppError::Problems(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![why],
        ));
    }
    let status = StatusCode::from_u16(earlier.status as u16).unwrap_or(StatusCode::OK);
    Ok(Some(reply(status, earlier.body)))
}

/// Keeps the answer to `key` in the change's transaction; false when a concurrent request
/// with the same key was stored first.
async fn remember(
    writer: &mut Writer,
    user: Uuid,
    key: &str,
    hash: &[u8],
    body: &Value,
) -> sqlx::Result<bool> {
    super::store::remember_answer(writer.tx(), user, key, hash, body).await
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Task slug.
    task: Option<String>,
    /// Model slug.
    model: Option<String>,
    /// Hardware slug.
    hardware: Option<String>,
    /// Measurement method slug.
    method: Option<String>,
    /// `community` or `published`.
    source: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 100, default 50.
    limit: Option<i64>,
    /// `boamps`: the page as a JSON list of BoAmps 1.1.0 reports (Boavizta), one per
    /// measurement, with the cursor of the next page in the `Link` header.
    format: Option<String>,
}

/// List published (verified) measurements.
#[utoipa::path(
    get,
    path = "/api/v1/measurements",
    params(ListQuery),
    responses((status = 200, description = "{items: [...], next_cursor}; with format=boamps, a JSON list of BoAmps 1.1.0 reports (one per measurement; the next page in the Link header)"), (status = 400, description = "Bad cursor, a filter that cannot be read, an unknown format, or characters that cannot be stored"), (status = 503, description = "The database is unavailable for a moment"))
)]
pub async fn list(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> AppResult<Response> {
    // A query the list cannot read is a problem body like every other API error, not text.
    let q: ListQuery = serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).map_err(|e| {
        AppError::Problems(
            StatusCode::BAD_REQUEST,
            vec![FieldProblem::new("query", "invalid_query", e.to_string())],
        )
    })?;
    let limit = q.limit.unwrap_or(50).clamp(1, 100);
    let (after_at, after_id) = match q.cursor.as_deref() {
        None | Some("") => (None, None),
        Some(c) => {
            let (micros, id) = c
                .split_once('_')
                .ok_or_else(|| AppError::BadRequest("cursor".into()))?;
            let micros: i128 = micros
                .parse()
                .map_err(|_| AppError::BadRequest("cursor".into()))?;
            let at = OffsetDateTime::from_unix_timestamp_nanos(micros * 1000)
                .map_err(|_| AppError::BadRequest("cursor".into()))?;
            let id: Uuid = id
                .parse()
                .map_err(|_| AppError::BadRequest("cursor".into()))?;
            (Some(at), Some(id))
        }
    };
    let filter = super::store::Published {
        task: q.task.as_deref(),
        model: q.model.as_deref(),
        hardware: q.hardware.as_deref(),
        method: q.method.as_deref(),
        source: q.source.as_deref(),
        after: after_at.zip(after_id),
    };
    let items = super::store::published(&state.db, &filter, limit + 1).await?;
    let mut items = items;
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items
            .last()
            .map(|m| format!("{}_{}", m.created_at.unix_timestamp_nanos() / 1000, m.id))
    } else {
        None
    };
    match q.format.as_deref() {
        None | Some("") | Some("json") => {}
        Some("boamps") => {
            let catalogue = state.hardware.now();
            let reports: Vec<_> = items
                .iter()
                .filter_map(|m| super::boamps::of_published(m, &catalogue))
                .collect();
            let mut response = Json(reports).into_response();
            let filters = [
                ("task", &q.task),
                ("model", &q.model),
                ("hardware", &q.hardware),
                ("method", &q.method),
                ("source", &q.source),
            ];
            let mut query: Vec<(&str, String)> = filters
                .iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v.clone())))
                .collect();
            query.push(("limit", limit.to_string()));
            query.push(("format", "boamps".into()));
            if let Some(next) = &next
                && let Ok(query) = serde_urlencoded::to_string(
                    query
                        .iter()
                        .chain([&("cursor", next.clone())])
                        .collect::<Vec<_>>(),
                )
                && let Ok(link) = axum::http::HeaderValue::from_str(&format!(
                    "</api/v1/measurements?{query}>; rel=\"next\""
                ))
            {
                response
                    .headers_mut()
                    .insert(axum::http::header::LINK, link);
            }
            return Ok(response);
        }
        Some(_) => {
            return Err(AppError::Problems(
                StatusCode::BAD_REQUEST,
                vec![FieldProblem::new(
                    "format",
                    "invalid_query",
                    "format is json or boamps".to_string(),
                )],
            ));
        }
    }
    Ok(Json(json!({"items": items, "next_cursor": next})).into_response())
}
