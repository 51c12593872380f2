//! Where the data is thinnest, for researchers: tasks × classes of devices with few verified
//! measurements, much-measured models that many boards lack, and boards whose lines are
//! mostly provisional; any of them becomes a draft contributor topic in one step, with a
//! target its progress is counted against.

use super::store;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::CsrfForm;
use crate::web::i18n::{Lang, t, tf};
use crate::web::layout::{Layout, render};
use crate::web::markdown;
use crate::web::session::{Researcher, Role};
use crate::web::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use energy_model::{DeviceClass, Task};
use serde::Deserialize;
use std::collections::HashMap;

/// Fewer verified measurements than this, and a task × class of devices is a gap.
pub const THIN: i64 = 10;

pub struct Gap {
    pub task: &'static str,
    pub task_name: &'static str,
    pub class: &'static str,
    pub class_name: &'static str,
    pub count: i64,
}

pub struct MissingModel {
    pub slug: String,
    pub name: String,
    pub measured: i64,
    pub missing: usize,
    /// The first board it lacks, for a topic.
    pub task: &'static str,
}

pub struct Provisional {
    pub task: &'static str,
    pub task_name: &'static str,
    pub lines: i64,
    pub provisional: i64,
}

#[derive(Template)]
#[template(path = "topics/gaps.html")]
struct Page {
    layout: Layout,
    gaps: Vec<Gap>,
    models: Vec<MissingModel>,
    boards: Vec<Provisional>,
    boards_with_lines: usize,
}

fn class_name(class: DeviceClass, lang: Lang) -> &'static str {
    t(lang, crate::web::names::class_key(class))
}

pub async fn page(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let counts = store::verified_counts(&state.db).await?;
    let catalogue = state.hardware.now();
    let mut by_class: HashMap<(String, DeviceClass), i64> = HashMap::new();
    for (task, device, n) in counts {
        if let Some(device) = catalogue.get(&device) {
            *by_class.entry((task, device.class())).or_default() += n;
        }
    }
    let mut gaps = Vec::new();
    for task in Task::ALL {
        for class in DeviceClass::ALL {
            let count = by_class
                .get(&(task.slug().to_string(), class))
                .copied()
                .unwrap_or(0);
            if count < THIN {
                gaps.push(Gap {
                    task: task.slug(),
                    task_name: task.name(lang),
                    class: class.slug(),
                    class_name: class_name(class, lang),
                    count,
                });
            }
        }
    }
    gaps.sort_by_key(|g| g.count);
    let boards = store::tasks_with_lines(&state.db).await?;
    let measured = store::most_measured(&state.db, 10).await?;
    let models = measured
        .into_iter()
        .filter_map(|r| {
            let lacking: Vec<&String> = boards.iter().filter(|b| !r.tasks.contains(b)).collect();
            let task = Task::from_slug(lacking.first()?)?.slug();
            Some(MissingModel {
                slug: r.slug,
                name: r.name,
                measured: r.n,
                missing: lacking.len(),
                task,
            })
        })
        .collect();
    let provisional = store::line_counts(&state.db).await?;
    render(&Page {
        layout: visitor.layout_with_form().await?,
        gaps,
        models,
        boards: provisional
            .into_iter()
            .filter(|(_, lines, provisional)| provisional * 2 > *lines)
            .filter_map(|(task, lines, provisional)| {
                let task = Task::from_slug(&task)?;
                Some(Provisional {
                    task: task.slug(),
                    task_name: task.name(lang),
                    lines,
                    provisional,
                })
            })
            .collect(),
        boards_with_lines: boards.len(),
    })
}

#[derive(Deserialize)]
pub struct FromGap {
    #[serde(default)]
    task: String,
    /// A class of devices (or empty: any device).
    #[serde(default)]
    hardware: String,
    /// A model's slug (or empty: any model).
    #[serde(default)]
    model: String,
}

/// Makes a draft contributor topic from a gap, supervised by the researcher, and opens its
/// edit form.
pub async fn create(
    State(state): State<AppState>,
    CsrfForm { visitor, form }: CsrfForm<FromGap>,
) -> AppResult<Response> {
    let user = visitor.require(Role::Researcher)?;
    let lang = visitor.lang;
    let task = Task::from_slug(&form.task)
        .filter(|t| t.slug() == form.task)
        .ok_or_else(|| AppError::BadRequest("unknown task".into()))?;
    let class = match form.hardware.as_str() {
        "" => None,
        c => Some(
            DeviceClass::parse(c).ok_or_else(|| AppError::BadRequest("unknown class".into()))?,
        ),
    };
    let model = match form.model.as_str() {
        "" => None,
        slug => Some(
            store::model_named(&state.db, slug)
                .await?
                .ok_or_else(|| AppError::BadRequest("unknown model".into()))?,
        ),
    };
    let what = match (&model, class) {
        (Some((_, name)), Some(c)) => format!("{name} · {}", class_name(c, lang)),
        (Some((_, name)), None) => name.clone(),
        (None, Some(c)) => class_name(c, lang).to_string(),
        (None, None) => t(lang, "boards-class-all").to_string(),
    };
    let board = match class {
        Some(c) => format!("/leaderboards/{}?hardware={}", task.slug(), c.slug()),
        None => format!("/leaderboards/{}?hardware=all", task.slug()),
    };
    let title: String = tf(
        lang,
        "gap-topic-title",
        &[("task", task.name(lang)), ("what", &what)],
    )
    .chars()
    .take(150)
    .collect();
    let description = tf(
        lang,
        "gap-topic-description",
        &[("board", &board), ("target", &THIN.to_string())],
    );
    let deadline = store::today() + time::Duration::days(90);
    let mut tx = state.db.begin().await?;
    let summary = tf(lang, "gap-topic-summary", &[("target", &THIN.to_string())]);
    let draft = store::GapTopic {
        title: &title,
        summary: &summary,
        description: &description,
        description_html: &markdown::render(&description),
        deadline,
        task: task.slug(),
        hardware: class.map(|c| c.slug()),
        model: model.as_ref().map(|(id, _)| *id),
        target_count: THIN as i32,
    };
    let id = store::insert_gap_topic(&mut tx, &draft, user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{id}/edit")).into_response())
}
