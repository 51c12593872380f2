//! Where the data is thinnest, for researchers: tasks × classes of devices with few verified
//! measurements, much-measured models that many boards lack, and boards whose lines are
//! mostly provisional; any of them becomes a draft contributor topic in one step, with a
//! target its progress is counted against.

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
    t(lang, &format!("boards-class-{}", class.slug()))
}

pub async fn page(
    State(state): State<AppState>,
    Researcher(visitor, _): Researcher,
) -> AppResult<Response> {
    let lang = visitor.lang;
    let counts = sqlx::query!(
        r#"select task, hardware_slug, count(*) as "n!" from measurements
            where status = 'verified' group by task, hardware_slug"#
    )
    .fetch_all(&state.db)
    .await?;
    let catalogue = state.hardware.now();
    let mut by_class: HashMap<(String, DeviceClass), i64> = HashMap::new();
    for r in &counts {
        if let Some(device) = catalogue.get(&r.hardware_slug) {
            *by_class
                .entry((r.task.clone(), device.class()))
                .or_default() += r.n;
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
    let boards: Vec<String> = sqlx::query_scalar!("select distinct task from board_entries")
        .fetch_all(&state.db)
        .await?;
    let measured = sqlx::query!(
        r#"select a.slug, a.name, count(*) as "n!", array_agg(distinct m.task) as "tasks!"
             from measurements m join ai_models a on a.id = m.model_id
            where m.status = 'verified' and a.status = 'approved'
            group by a.slug, a.name order by count(*) desc, a.slug limit 10"#
    )
    .fetch_all(&state.db)
    .await?;
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
    let provisional = sqlx::query!(
        r#"select task, count(*) as "lines!", count(*) filter (where count < 3) as "provisional!"
             from board_entries where include_published group by task order by task"#
    )
    .fetch_all(&state.db)
    .await?;
    render(&Page {
        layout: visitor.layout_with_form().await?,
        gaps,
        models,
        boards: provisional
            .into_iter()
            .filter(|r| r.provisional * 2 > r.lines)
            .filter_map(|r| {
                let task = Task::from_slug(&r.task)?;
                Some(Provisional {
                    task: task.slug(),
                    task_name: task.name(lang),
                    lines: r.lines,
                    provisional: r.provisional,
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
            sqlx::query!("select id, name from ai_models where slug = $1", slug)
                .fetch_optional(&state.db)
                .await?
                .ok_or_else(|| AppError::BadRequest("unknown model".into()))?,
        ),
    };
    let what = match (&model, class) {
        (Some(m), Some(c)) => format!("{} · {}", m.name, class_name(c, lang)),
        (Some(m), None) => m.name.clone(),
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
    let deadline = super::store::today() + time::Duration::days(90);
    let mut tx = state.db.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into topics (line, title, summary, description, description_html, kind, capacity,
                             deadline, status, created_by, target_task, target_hardware,
                             target_model_id, target_count)
         values ('energy-efficiency', $1, $2, $3, $4, 'contributor-project', 20, $5, 'draft', $6,
                 $7, $8, $9, $10)
         returning id",
        title,
        tf(lang, "gap-topic-summary", &[("target", &THIN.to_string())]),
        description,
        markdown::render(&description),
        deadline,
        user.id,
        task.slug(),
        class.map(|c| c.slug()),
        model.as_ref().map(|m| m.id),
        THIN as i32
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into topic_supervisors (topic_id, user_id) values ($1, $2)",
        id,
        user.id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/topics/{id}/edit")).into_response())
}
