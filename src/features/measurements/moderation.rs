//! The moderation queue (researchers and admins). A CodeCarbon upload waits as one group —
//! its counts, the spread of its figures and its flags summarised — and is verified or
//! rejected as one decision; its rows can be opened, a page at a time, to decide on outliers
//! first. Single measurements are listed below it, most flags first, a page at a time, and
//! decided on by ticking (one page at once, if need be). A rejection is mailed to each
//! submitter with its reason, once per decision. A verified measurement found wrong later is
//! rejected the same way (from its page), which takes it off the boards.

use super::store::queue;
use super::view::{Shown, shown};
use super::write::{Status, Writer};
use crate::infra::mail;
use crate::store::states::ModelStatus;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, figure, t};
use crate::web::layout::{Layout, render, unprocessable};
use crate::web::mails::{self, MailKind};
use crate::web::paging::Pager;
use crate::web::session::{Researcher, Role, User, Visitor};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::Task;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Single measurements a page of the queue lists.
const PER_PAGE: usize = 50;
/// Uploads the queue lists at once (each is one decision, so they go quickly).
const UPLOADS_SHOWN: i64 = 50;

/// Which part of the queue is shown: the page of single measurements, or an upload's rows.
#[derive(Clone, Default)]
struct Where {
    upload: Option<Uuid>,
    page: Option<String>,
}

impl Where {
    fn of(map: &HashMap<String, String>) -> Where {
        Where {
            upload: map.get("upload").and_then(|u| u.parse().ok()),
            page: map.get("page").map(|p| p.chars().take(12).collect()),
        }
    }

    fn href(&self, page: usize) -> String {
        match self.upload {
            Some(u) => format!("/moderation?upload={u}&page={page}"),
            None => format!("/moderation?page={page}"),
        }
    }
}

/// An upload waiting for moderation, summarised.
pub struct UploadGroup {
    pub id: Uuid,
    pub file_name: String,
    pub submitter: String,
    pub model: String,
    pub task_name: &'static str,
    pub waiting: i64,
    pub pending: i64,
    pub flagged: i64,
    pub date: String,
    /// Median and range of its figures, and their unit.
    pub median: String,
    pub range: String,
    pub unit: &'static str,
    /// Each kind of flag with how many rows carry it.
    pub flags: Vec<(&'static str, i64)>,
}

#[derive(Template)]
#[template(path = "measurements/queue.html")]
struct Queue {
    layout: Layout,
    uploads: Vec<UploadGroup>,
    /// The upload whose rows are listed, when one is opened.
    upload: Option<UploadGroup>,
    rows: Vec<Shown>,
    total: usize,
    pager: Pager,
    here: Where,
    /// Why the last action was refused, with what was ticked and written kept.
    error: Option<&'static str>,
    ticked: HashSet<Uuid>,
    reason: String,
    /// The upload a refused decision was about.
    refused_upload: Option<Uuid>,
}

pub async fn queue(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let here = Where::of(&query);
    let page = queue_page(&state, &visitor, here, Refusal::default()).await?;
    render(&page)
}

/// What a refused decision keeps for the page it shows again.
#[derive(Default)]
struct Refusal {
    error: Option<&'static str>,
    ticked: HashSet<Uuid>,
    reason: String,
    upload: Option<Uuid>,
}

async fn queue_page(
    state: &AppState,
    visitor: &Visitor,
    here: Where,
    refusal: Refusal,
) -> AppResult<Queue> {
    let lang = visitor.lang;
    let total = queue::waiting_count(&state.db, here.upload).await?;
    let pager = Pager::new(total as usize, PER_PAGE, here.page.as_deref(), |n| {
        here.href(n)
    });
    let rows = queue::waiting(&state.db, here.upload, pager.limit(), pager.offset()).await?;
    let (uploads, upload) = match here.upload {
        Some(id) => {
            let group = upload_groups(state, Some(id), lang).await?.pop();
            if group.is_none() {
                return Err(AppError::NotFound);
            }
            (Vec::new(), group)
        }
        None => (upload_groups(state, None, lang).await?, None),
    };
    Ok(Queue {
        layout: visitor.layout_with_form().await?,
        uploads,
        upload,
        rows: rows
            .into_iter()
            .map(|r| shown(&state.hardware.now(), r, lang))
            .collect(),
        total: total as usize,
        pager,
        here,
        error: refusal.error.map(|key| t(lang, key)),
        ticked: refusal.ticked,
        reason: refusal.reason,
        refused_upload: refusal.upload,
    })
}

/// Uploads with rows waiting (or just `only`), most pending rows first, summarised.
async fn upload_groups(
    state: &AppState,
    only: Option<Uuid>,
    lang: Lang,
) -> AppResult<Vec<UploadGroup>> {
    let groups = queue::groups(&state.db, only, UPLOADS_SHOWN).await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let mut flags: BTreeMap<Uuid, Vec<(&'static str, i64)>> = BTreeMap::new();
    for (id, code, n) in queue::flag_counts(&state.db, &ids).await? {
        flags
            .entry(id)
            .or_default()
            .push((flag_label(&code, lang), n));
    }
    Ok(groups
        .into_iter()
        .map(|g| {
            let task = Task::from_slug(&g.task);
            let per_run = task.is_some_and(Task::per_run);
            let fig = |v: Option<f64>| v.map_or("—".to_string(), |v| figure(v, lang));
            let mut group_flags = flags.remove(&g.id).unwrap_or_default();
            if g.model_status == ModelStatus::Pending {
                group_flags.push((t(lang, "flag-model-proposed"), g.waiting));
            }
            UploadGroup {
                id: g.id,
                file_name: g.file_name.unwrap_or_else(|| "emissions.csv".into()),
                submitter: g
                    .submitter
                    .unwrap_or_else(|| t(lang, "measure-former-member").into()),
                model: g.model,
                task_name: task.map_or("?", |t| t.name(lang)),
                waiting: g.waiting,
                pending: g.pending,
                flagged: g.flagged,
                date: crate::web::format::date(g.at),
                median: fig(g.median),
                range: format!("{} – {}", fig(g.low), fig(g.high)),
                unit: t(
                    lang,
                    if per_run {
                        "measure-kwh-per-run"
                    } else {
                        "measure-wh-per-1000"
                    },
                ),
                flags: group_flags,
            }
        })
        .collect())
}

/// A flag's kind in the reader's language.
fn flag_label(code: &str, lang: Lang) -> &'static str {
    t(lang, flag_key(code))
}

/// The translation key of a flag's kind, by its code.
fn flag_key(code: &str) -> &'static str {
    match code {
        "unknown_hardware" => "flag-kind-unknown-hardware",
        "unknown_region" => "flag-kind-unknown-region",
        "power_above_tdp" => "flag-kind-power-above-tdp",
        "power_below_tdp" => "flag-kind-power-below-tdp",
        "implausible_energy" => "flag-kind-implausible-energy",
        "short_window" => "flag-kind-short-window",
        "power_mismatch" => "flag-kind-power-mismatch",
        _ => "flag-kind-other",
    }
}

/// The ticked measurements: `action` (`verify` or `reject`), `reason`, one `m_<id>` field per
/// ticked measurement, or `all_on_page` with the page's ids in `page_ids`; `upload` and
/// `page` say which part of the queue the form was on.
pub async fn act(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let moderator = visitor.require(Role::Researcher)?;
    let here = Where::of(&form);
    let mut ids: Vec<Uuid> = form
        .keys()
        .filter_map(|k| k.strip_prefix("m_"))
        .filter_map(|id| id.parse().ok())
        .collect();
    if form.contains_key("all_on_page") {
        let page_ids = form.get("page_ids").map(String::as_str).unwrap_or("");
        ids.extend(
            page_ids
                .split(',')
                .take(PER_PAGE)
                .filter_map(|id| id.trim().parse::<Uuid>().ok()),
        );
    }
    ids.sort();
    ids.dedup();
    ids.truncate(PER_PAGE * 2);
    let action = form.get("action").map(String::as_str).unwrap_or("");
    let reason = form.get("reason").map(|r| r.trim()).unwrap_or("");
    let refusal = |key: &'static str| Refusal {
        error: Some(key),
        ticked: ids.iter().copied().collect(),
        reason: reason.chars().take(2000).collect(),
        upload: None,
    };
    if ids.is_empty() {
        let page = queue_page(&state, &visitor, here, refusal("flash-moderation-none")).await?;
        return unprocessable(&page);
    }
    let moderator_ids = (&moderator, ids.as_slice());
    conclude(
        &state,
        &visitor,
        moderator_ids,
        (action, reason),
        here,
        refusal,
    )
    .await
}

/// One decision on every waiting row of an upload: `action` and `reason`.
pub async fn act_on_upload(
    State(state): State<AppState>,
    Path(upload): Path<Uuid>,
    CsrfForm { visitor, form }: CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let moderator = visitor.require(Role::Researcher)?;
    let ids = queue::waiting_of_upload(&state.db, upload).await?;
    if ids.is_empty() {
        return Err(AppError::NotFound);
    }
    let action = form.get("action").map(String::as_str).unwrap_or("");
    let reason = form.get("reason").map(|r| r.trim()).unwrap_or("");
    let here = Where::of(&form);
    let refusal = |key: &'static str| Refusal {
        error: Some(key),
        ticked: HashSet::new(),
        reason: reason.chars().take(2000).collect(),
        upload: Some(upload),
    };
    let moderator_ids = (&moderator, ids.as_slice());
    conclude(
        &state,
        &visitor,
        moderator_ids,
        (action, reason),
        here,
        refusal,
    )
    .await
}

/// Takes the moderator's `action` on `ids`: the flash and a redirect — to the upload's rows
/// while any of them still waits, else to the queue — or, when it cannot be taken, the queue
/// again with what was ticked and written (`refusal`).
async fn conclude(
    state: &AppState,
    visitor: &Visitor,
    (moderator, ids): (&User, &[Uuid]),
    (action, reason): (&str, &str),
    here: Where,
    refusal: impl Fn(&'static str) -> Refusal,
) -> AppResult<Response> {
    let decided = match decision(action, reason) {
        Ok(to) => decide(state, moderator, ids, to, reason)
            .await?
            .map(|()| to),
        Err(key) => Err(key),
    };
    match decided {
        Ok(to) => {
            flash_done(visitor, to).await?;
            let back = match here.upload {
                Some(u) if waits(state, u).await? => here.href(1),
                _ => "/moderation".to_string(),
            };
            Ok(Redirect::to(&back).into_response())
        }
        Err(key) => unprocessable(&queue_page(state, visitor, here, refusal(key)).await?),
    }
}

/// Whether any row of an upload still waits for moderation.
async fn waits(state: &AppState, upload: Uuid) -> AppResult<bool> {
    Ok(queue::upload_waits(&state.db, upload).await?)
}

/// The status an action moves to, or why it cannot be taken (a catalogue key).
fn decision(action: &str, reason: &str) -> Result<Status, &'static str> {
    match action {
        "verify" => Ok(Status::Verified),
        "reject" if !reason.is_empty() && reason.chars().count() <= 1000 => Ok(Status::Rejected),
        "reject" => Err("flash-moderation-reason"),
        _ => Err("flash-moderation-action"),
    }
}

async fn flash_done(visitor: &Visitor, to: Status) -> AppResult<()> {
    visitor
        .flash(if to == Status::Verified {
            "flash-moderation-verified"
        } else {
            "flash-moderation-rejected"
        })
        .await
}

/// Verifies or rejects `ids` in one transaction: models proposed with them are approved by a
/// verification; each submitter of rejected ones gets one mail with the reason. Refused (a
/// catalogue key) when the moderator would verify their own measurements.
async fn decide(
    state: &AppState,
    moderator: &User,
    ids: &[Uuid],
    to: Status,
    reason: &str,
) -> AppResult<Result<(), &'static str>> {
    // A check by the person who measured is no check.
    let own = queue::submitted_by(&state.db, ids, moderator.id).await?;
    if to == Status::Verified && own > 0 {
        return Ok(Err("flash-moderation-own"));
    }
    let mut writer = Writer::begin(&state.db).await?;
    let note = (to == Status::Rejected).then_some(reason);
    let changed = writer.decide(ids, to, moderator.id, note).await?;
    match to {
        Status::Verified => approve_their_models(&mut writer, &changed).await?,
        _ => tell_submitters(&mut writer, &changed, reason, &state.config.base_url).await?,
    }
    writer.commit().await?;
    Ok(Ok(()))
}

/// Verifying measurements of a proposed model approves the model too.
async fn approve_their_models(writer: &mut Writer, ids: &[Uuid]) -> sqlx::Result<()> {
    queue::approve_models_of(writer.tx(), ids).await
}

/// Mails each submitter of rejected measurements the reason, once, in their language (in the
/// change's transaction, through the outbox): about the measurement when it is one, about
/// their measurements when several.
async fn tell_submitters(
    writer: &mut Writer,
    ids: &[Uuid],
    reason: &str,
    base_url: &str,
) -> sqlx::Result<()> {
    let to_whom = queue::submitters(writer.tx(), ids).await?;
    for to in to_whom {
        let lang = Lang::from_code(&to.language).unwrap_or_default();
        let kind = if to.n == 1 {
            MailKind::MeasurementRejected {
                path: format!("/measurements/{}", to.one),
                reason: reason.to_string(),
            }
        } else {
            MailKind::MeasurementsRejected {
                count: to.n as usize,
                reason: reason.to_string(),
            }
        };
        mail::enqueue(
            writer.tx(),
            &mails::compose(lang, &to.email, &kind, base_url),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags a stored measurement can carry, by code (the summary names them).
    const FLAG_CODES: [&str; 7] = [
        "unknown_hardware",
        "unknown_region",
        "power_above_tdp",
        "power_below_tdp",
        "implausible_energy",
        "short_window",
        "power_mismatch",
    ];

    #[test]
    fn every_flag_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            let keys: HashSet<&str> = crate::web::i18n::keys(lang).collect();
            for code in FLAG_CODES.iter().copied().chain(["another"]) {
                let key = flag_key(code);
                assert!(keys.contains(key), "{key} in {}", lang.code());
                assert!(
                    key != "flag-kind-other" || !FLAG_CODES.contains(&code),
                    "{code}"
                );
            }
        }
    }
}
