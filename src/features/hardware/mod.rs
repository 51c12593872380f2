//! The hardware catalogue in the open, and how researchers grow it: `/hardware` lists every
//! device with the source of its figures; `/moderation/hardware` groups the devices members
//! typed that the catalogue does not know, by spelling, and lets a researcher map a spelling
//! to a device or add the device. Every pending measurement with that spelling is then
//! resolved and checked again at once, and the spelling is kept for the future. Admins edit
//! the devices people added, and merge a device into another (`admin.rs`).

mod admin;
mod device_form;
mod store;

use device_form::{AddForm, NewDevice};

use crate::features::measurements::rules::context;
use crate::features::measurements::write::{NewMeasurement, Origin, Writer};
use crate::store::catalogue;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{CsrfForm, Errors};
use crate::web::i18n::{Lang, t};
use crate::web::layout::{Layout, render};
use crate::web::session::{Researcher, Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use energy_model::hardware::{UNKNOWN_DEVICE, spelling_key};
use energy_model::submission::Details;
use energy_model::validation::validate;
use energy_model::{DeviceKind, RawMeasurement};
use serde::Deserialize;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hardware", get(index))
        .route("/moderation/hardware", get(unknown))
        .route("/moderation/hardware/map", post(map))
        .route("/moderation/hardware/add", post(add))
        .route("/admin/hardware", get(admin::page))
        .route("/admin/hardware/{slug}", post(admin::edit))
        .route("/admin/hardware/{slug}/merge", post(admin::merge))
}

/// Devices a page of the catalogue shows.
const PAGE: usize = 100;

#[derive(Deserialize, Default)]
#[serde(default)]
struct IndexQuery {
    q: String,
    page: Option<String>,
}

/// One device as the catalogue page lists it.
struct Listed {
    name: String,
    kind: &'static str,
    tdp: String,
    source: String,
    /// The source, when it is a web address to link to.
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "hardware/index.html")]
struct IndexPage {
    layout: Layout,
    q: String,
    devices: Vec<Listed>,
    total: usize,
    pages: Vec<(usize, String, bool)>,
}

/// The catalogue, searchable by name, 100 devices a page.
async fn index(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<IndexQuery>,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let catalogue = state.hardware.now();
    let needle = query.q.trim().to_lowercase();
    let matching: Vec<&energy_model::Device> = catalogue
        .devices()
        .iter()
        .filter(|d| needle.is_empty() || d.name.to_lowercase().contains(&needle))
        .collect();
    let pages = matching.len().div_ceil(PAGE).max(1);
    let page = query
        .page
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let q: String = query.q.chars().take(100).collect();
    let link_q = serde_urlencoded::to_string([("q", q.as_str())]).unwrap_or_default();
    render(&IndexPage {
        layout: visitor.layout().await?,
        devices: matching
            .iter()
            .skip((page - 1) * PAGE)
            .take(PAGE)
            .map(|d| listed(d, lang))
            .collect(),
        total: matching.len(),
        pages: (1..=pages)
            .map(|p| (p, format!("?{link_q}&page={p}"), p == page))
            .collect(),
        q,
    })
}

fn listed(d: &energy_model::Device, lang: Lang) -> Listed {
    let tdp = match (d.tdp, d.tdp_max) {
        (Some(low), Some(high)) => format!("{} – {}", low.format(lang), high.format(lang)),
        (Some(p), None) => p.format(lang),
        _ => "—".to_string(),
    };
    let link = d
        .source
        .split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| w.trim_end_matches([',', ';', ')']).to_string());
    Listed {
        name: d.name.clone(),
        kind: t(lang, crate::web::names::kind_key(d.kind)),
        tdp,
        source: d.source.clone(),
        link,
    }
}

/// A spelling members typed that the catalogue does not know, with how many pending
/// measurements use it.
struct Spelling {
    key: String,
    /// One of the ways it was typed, as shown.
    typed: String,
    count: usize,
}

#[derive(Template)]
#[template(path = "hardware/unknown.html")]
struct UnknownPage {
    layout: Layout,
    spellings: Vec<Spelling>,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Errors,
}

async fn unknown_page(state: &AppState, visitor: &Visitor, errors: Errors) -> AppResult<Response> {
    let mut spellings: Vec<Spelling> = Vec::new();
    for (_, raw) in store::pending_unknown(&state.db).await? {
        let key = spelling_key(&raw.hardware);
        match spellings.iter_mut().find(|s| s.key == key) {
            Some(s) => s.count += 1,
            None => spellings.push(Spelling {
                typed: energy_model::hardware::split_count(&raw.hardware)
                    .1
                    .to_string(),
                key,
                count: 1,
            }),
        }
    }
    spellings.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    let lang = visitor.lang;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response = render(&UnknownPage {
        layout: visitor.layout_with_form().await?,
        spellings,
        kinds: DeviceKind::ALL
            .iter()
            .map(|k| (k.slug(), t(lang, crate::web::names::kind_key(*k))))
            .collect(),
        errors,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

async fn unknown(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
) -> AppResult<Response> {
    unknown_page(&state, &visitor, Errors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MapForm {
    spelling: String,
    device: String,
}

/// Maps a spelling to a device the catalogue has.
async fn map(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<MapForm>,
) -> AppResult<Response> {
    let researcher = visitor.require(Role::Researcher)?;
    let lang = visitor.lang;
    let key = spelling_key(&form.spelling);
    let device = state
        .hardware
        .now()
        .resolve(form.device.trim())
        .map(|r| r.device.slug.clone())
        .filter(|s| s != UNKNOWN_DEVICE);
    let (Some(slug), false) = (device, key.is_empty() || key.chars().count() > 200) else {
        let mut errors = Errors::default();
        errors.add("device", t(lang, "hardware-map-unknown"));
        return unknown_page(&state, &visitor, errors).await;
    };
    remember_and_restate(&state, &key, &slug, researcher.id, None).await?;
    visitor.flash("flash-hardware-mapped").await?;
    Ok(Redirect::to("/moderation/hardware").into_response())
}

/// Adds a device to the catalogue and maps the spelling to it.
async fn add(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<AddForm>,
) -> AppResult<Response> {
    let researcher = visitor.require(Role::Researcher)?;
    let lang = visitor.lang;
    let key = spelling_key(&form.spelling);
    let device = match form.device(lang) {
        Ok(d) if !key.is_empty() && key.chars().count() <= 200 => d,
        Ok(_) => return Err(AppError::BadRequest("spelling".into())),
        Err(errors) => return unknown_page(&state, &visitor, errors).await,
    };
    if state.hardware.now().get(&device.slug).is_some() {
        let mut errors = Errors::default();
        errors.add("name", t(lang, "hardware-exists"));
        return unknown_page(&state, &visitor, errors).await;
    }
    remember_and_restate(&state, &key, &device.slug, researcher.id, Some(&device)).await?;
    visitor.flash("flash-hardware-added").await?;
    Ok(Redirect::to("/moderation/hardware").into_response())
}

/// In one transaction: the new device (if any), the spelling kept, and every pending
/// measurement with that spelling resolved and checked again against the catalogue grown by
/// both; then the catalogue in use reloaded.
async fn remember_and_restate(
    state: &AppState,
    key: &str,
    slug: &str,
    researcher: Uuid,
    new: Option<&NewDevice>,
) -> AppResult<()> {
    let mut writer = Writer::begin(&state.db).await?;
    if let Some(d) = new {
        store::add(writer.tx(), d, researcher).await?;
    }
    store::keep_spelling(writer.tx(), key, slug, researcher).await?;
    let grown = state.hardware.now().extended(
        new.map(NewDevice::device).into_iter().collect(),
        &[(key.to_string(), slug.to_string())],
    );
    restate_spelling(&mut writer, &grown, key, researcher).await?;
    catalogue::announce_hardware(writer.tx()).await?;
    writer.commit().await?;
    state.hardware.reload(&state.db).await?;
    Ok(())
}

/// Resolves and checks again, against `catalogue`, every pending measurement typed with `key`.
async fn restate_spelling(
    writer: &mut Writer,
    catalogue: &energy_model::Catalogue,
    key: &str,
    researcher: Uuid,
) -> AppResult<()> {
    for m in store::pending_of_unknown_devices(writer.tx()).await? {
        let raw: RawMeasurement = serde_json::from_value(m.raw).unwrap_or_default();
        let Some(submitter) = m
            .submitter_id
            .filter(|_| spelling_key(&raw.hardware) == key)
        else {
            continue;
        };
        let Ok(valid) = validate(&raw, &context(catalogue, false)) else {
            continue;
        };
        let new = NewMeasurement {
            valid: &valid,
            raw: &raw,
            model_id: m.model_id,
            origin: Origin::Community { submitter },
            notes: m.notes.as_deref(),
            source_url: m.source_url.as_deref(),
            run_id: m.run_id.as_deref(),
            upload_id: m.upload_id,
            details: Some(&Details::from_json(&m.details)),
        };
        // The device's name is the note: it reads the same in every language.
        writer
            .restate(m.id, &new, researcher, &valid.device.name)
            .await?;
    }
    Ok(())
}
