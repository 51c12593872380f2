//! The measurement page and "my submissions".

use super::rules::context;
use super::store::{self, HistoryRow, Row};
use crate::store::states::{ModelStatus, Source, Status};
use crate::web::error::{AppError, AppResult};
use crate::web::i18n::{Lang, decimal, figure, t, tf};
use crate::web::layout::{Layout, render};
use crate::web::session::{Member, Role, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use energy_model::equivalence::Equivalents;
use energy_model::submission::Details;
use energy_model::validation::validate;
use energy_model::{Catalogue, Energy, Mass, Power, RawMeasurement, Task};
use uuid::Uuid;

/// A measurement as its page shows it, in the visitor's language.
pub struct Shown {
    pub row: Row,
    pub task_name: &'static str,
    pub raw: RawMeasurement,
    pub energy: String,
    pub per_unit: Vec<(&'static str, String)>,
    pub co2e: String,
    pub microwave: Option<String>,
    pub flags: Vec<String>,
    pub status_label: &'static str,
    pub submitter: String,
    pub method_name: &'static str,
    /// Optimisation techniques by name, comma-separated.
    pub optimisations: String,
    /// What the measuring tool reported beside the totals, as (label, value) lines.
    pub details: Vec<(&'static str, String)>,
    /// How much was checked: published, verified by a researcher, or self-reported.
    pub tier_label: &'static str,
    /// The grid intensity used, in the visitor's number format.
    pub grid: Option<String>,
}

impl Shown {
    /// Whether it is public: verified, and so on the boards.
    pub fn public(&self) -> bool {
        self.row.status == Status::Verified
    }
}

/// The tool's own report, in the visitor's language: the tool and version, how it measured,
/// energy of each part (CPU, GPU, RAM) and water.
fn details(d: &Details, lang: Lang) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(tool) = &d.tool {
        let version = d
            .tool_version
            .as_ref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        out.push((t(lang, "measure-tool"), format!("{tool}{version}")));
    }
    if let Some(mode) = &d.tracking_mode {
        let key = match mode.as_str() {
            "machine" => "measure-tracking-machine",
            "process" => "measure-tracking-process",
            _ => "measure-tracking-other",
        };
        out.push((t(lang, "measure-tracking"), t(lang, key).to_string()));
    }
    for (part, label) in [
        (d.cpu_energy_j, "measure-energy-cpu"),
        (d.gpu_energy_j, "measure-energy-gpu"),
        (d.ram_energy_j, "measure-energy-ram"),
    ] {
        if let Some(j) = part {
            out.push((t(lang, label), Energy::from_joules(j).format(lang)));
        }
    }
    if let Some(l) = d.water_l {
        out.push((t(lang, "measure-water"), format!("{} L", figure(l, lang))));
    }
    if let Some(p) = d.protocol {
        let idle = d
            .idle_w
            .map(|w| Power::from_watts(w).format(lang))
            .unwrap_or_else(|| "?".into());
        out.push((
            t(lang, "measure-protocol"),
            tf(
                lang,
                "measure-protocol-text",
                &[
                    ("idle", &decimal(p.idle_s, lang)),
                    ("idle_power", &idle),
                    ("cooldown", &decimal(p.cooldown_s, lang)),
                    ("hz", &decimal(p.sample_hz, lang)),
                ],
            ),
        ));
    }
    if let Some(j) = d.energy_above_idle_j {
        out.push((
            t(lang, "measure-above-idle"),
            Energy::from_joules(j).format(lang),
        ));
    }
    if let Some(w) = d.peak_w {
        out.push((
            t(lang, "measure-peak-power"),
            Power::from_watts(w).format(lang),
        ));
    }
    out
}

/// The power timeline a measuring tool recorded, drawn (empty when there is none).
fn timeline(d: &Details, run_s: Option<f64>, lang: Lang) -> String {
    let points = &d.timeline;
    crate::web::charts::timeline(
        "power-timeline",
        t(lang, "chart-timeline-title"),
        t(lang, "chart-timeline-desc"),
        (t(lang, "chart-timeline-x"), t(lang, "chart-timeline-y")),
        points,
        run_s.unwrap_or(0.0),
        lang,
    )
}

pub fn shown(hardware: &Catalogue, row: Row, lang: Lang) -> Shown {
    let raw: RawMeasurement = serde_json::from_value(row.raw.clone()).unwrap_or_default();
    let task = Task::from_slug(&row.task);
    let mut per_unit = Vec::new();
    if let Some(v) = row.wh_per_1000_queries {
        per_unit.push((t(lang, "measure-wh-per-1000"), figure(v, lang)));
    }
    if let Some(v) = row.j_per_output_token {
        per_unit.push((t(lang, "measure-j-per-token"), figure(v, lang)));
    }
    if let Some(v) = row.kwh_per_run {
        per_unit.push((t(lang, "measure-kwh-per-run"), figure(v, lang)));
    }
    // The podcast's comparison, for one query (or the whole run).
    let per_query = row
        .wh_per_1000_queries
        .map(|wh| Energy::from_wh(wh / 1000.0))
        .or(row.kwh_per_run.map(Energy::from_kwh));
    let microwave = per_query.map(|e| Equivalents::of(e).microwave_sentence(lang));
    // Flag messages are worded again from the values as typed, in this visitor's language.
    let mut flags: Vec<String> =
        validate(&raw, &context(hardware, row.source == Source::Published))
            .map(|v| v.flags.iter().map(|p| p.message(lang)).collect())
            .unwrap_or_default();
    if row.model_status == ModelStatus::Pending {
        flags.push(t(lang, "flag-model-proposed").to_string());
    }
    Shown {
        grid: row
            .grid_intensity
            .map(|g| format!("{} g/kWh", figure(g, lang))),
        tier_label: t(lang, row.tier.key()),
        details: details(&Details::from_json(&row.details), lang),
        task_name: task.map(|t| t.name(lang)).unwrap_or("?"),
        energy: Energy::from_joules(row.energy_j).format(lang),
        co2e: Mass::from_grams(row.co2e_g).format(lang),
        microwave,
        flags,
        status_label: t(lang, row.status.key()),
        optimisations: row
            .optimisations
            .iter()
            .map(|o| energy_model::Optimisation::parse(o).map_or(o.as_str(), |o| o.name(lang)))
            .collect::<Vec<_>>()
            .join(", "),
        method_name: energy_model::Method::parse(&row.method)
            .map(|m| m.name(lang))
            .unwrap_or("?"),
        submitter: match (row.source, &row.submitter) {
            (Source::Published, _) => row.citation.clone().unwrap_or_default(),
            (_, Some(name)) => name.clone(),
            _ => t(lang, "measure-former-member").to_string(),
        },
        per_unit,
        raw,
        row,
    }
}

#[derive(Template)]
#[template(path = "measurements/page.html")]
struct Page {
    layout: Layout,
    m: Shown,
    history: Vec<HistoryRow>,
    /// The power timeline the measuring tool recorded, as inline SVG (empty when none).
    timeline: String,
    can_withdraw: bool,
    /// A moderator may still reject a verified measurement found wrong.
    can_retract: bool,
    /// A BibTeX entry to cite it by, once it is public.
    cite: Option<String>,
}

/// A public measurement as a BibTeX `@misc` entry: what ran where, how much was checked,
/// its stable address and the figures' licence.
fn bibtex(row: &store::Row, tier: &str, url: &str) -> String {
    let clean = |s: &str| s.replace(['{', '}', '\\'], "");
    let id = row.id.simple().to_string();
    format!(
        "@misc{{greenaihub-m-{},\n  title = {{{} on {} × {}, {}}},\n  author = {{{{Green AI Hub community}}}},\n  year = {{{}}},\n  howpublished = {{\\url{{{}}}}},\n  note = {{{}; measured {}; licence CC-BY-4.0}}\n}}\n",
        &id[..12],
        clean(&row.model_name),
        clean(&row.hardware_name),
        row.device_count,
        clean(&row.task),
        row.created_at.year(),
        url,
        clean(tier),
        row.measured_on
    )
}

impl Page {
    /// A status in the page's language.
    fn status(&self, status: &Status) -> &'static str {
        t(self.layout.lang, status.key())
    }

    fn when(&self, h: &HistoryRow) -> String {
        crate::web::format::date(h.at)
    }

    fn created(&self) -> String {
        crate::web::format::date(self.m.row.created_at)
    }
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let row = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let is_owner = visitor
        .user
        .as_ref()
        .is_some_and(|u| Some(u.id) == row.submitter_id);
    let is_moderator = visitor
        .user
        .as_ref()
        .is_some_and(|u| u.role >= Role::Researcher);
    // Unpublished measurements are for their submitter and moderators; others see nothing.
    if row.status != Status::Verified && !is_owner && !is_moderator {
        return Err(AppError::NotFound);
    }
    let history = store::history_of(&state.db, id).await?;
    let can_withdraw = is_owner && row.status == Status::Pending;
    let can_retract = is_moderator && row.status == Status::Verified;
    let cite = (row.status == Status::Verified).then(|| {
        let url = format!(
            "{}/measurements/{}",
            state.config.base_url.trim_end_matches('/'),
            row.id
        );
        bibtex(&row, t(crate::web::i18n::Lang::En, row.tier.key()), &url)
    });
    render(&Page {
        layout: if can_retract {
            visitor.layout_with_form().await?
        } else {
            visitor.layout().await?
        },
        can_retract,
        cite,
        timeline: timeline(
            &Details::from_json(&row.details),
            row.duration_s,
            visitor.lang,
        ),
        m: shown(&state.hardware.now(), row, visitor.lang),
        history,
        can_withdraw,
    })
}

#[derive(Template)]
#[template(path = "measurements/mine.html")]
struct Mine {
    layout: Layout,
    rows: Vec<Shown>,
    total: usize,
    pager: crate::web::paging::Pager,
}

/// How many of their own measurements a page of "my measurements" lists, newest first.
const MINE_PER_PAGE: usize = 100;

pub async fn mine(
    State(state): State<AppState>,
    Member(visitor, user): Member,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let total = store::count_of(&state.db, user.id).await?;
    let pager =
        crate::web::paging::Pager::at(total as usize, MINE_PER_PAGE, &query, "/measurements/mine");
    let rows = store::of_submitter(&state.db, user.id, pager.limit(), pager.offset()).await?;
    render(&Mine {
        layout: visitor.layout().await?,
        rows: rows
            .into_iter()
            .map(|r| shown(&state.hardware.now(), r, visitor.lang))
            .collect(),
        total: total as usize,
        pager,
    })
}
