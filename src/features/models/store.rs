//! The SQL of model pages. A model's figures are aggregates the board refresher keeps: the
//! line per device (`board_entries`, published benchmarks included, with a histogram of its
//! figures) and the figures per task over every device (`model_task_figures`). Only a line
//! small enough to draw dot by dot, and one page of the list, read measurements (by index):
//! a model with 100,000 runs costs a few kept rows, not 100,000 rows read.

use energy_model::Task;
use sqlx::PgPool;

/// A model of the catalogue, with the names of the sources that mention it.
#[derive(sqlx::FromRow)]
pub struct ModelRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub organisation: Option<String>,
    pub total_params_billions: Option<f64>,
    pub active_params_billions: Option<f64>,
    pub sources: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub alias_slugs: Vec<String>,
}

/// Models with the names of the sources that mention them; callers add `where` and
/// `group by m.id`.
const SELECT_MODELS: &str = "select m.id, m.slug, m.name, m.organisation, m.total_params_billions,
        m.active_params_billions, m.licence, m.link, m.alias_slugs,
        coalesce(string_agg(s.name, ', ' order by s.name), '') as sources
   from ai_models m
   left join ai_model_sources ms on ms.model_id = m.id
   left join data_sources s on s.slug = ms.source_slug";

/// Every approved model, by name.
pub async fn approved(db: &PgPool) -> sqlx::Result<Vec<ModelRow>> {
    sqlx::query_as::<_, ModelRow>(&format!(
        "{SELECT_MODELS} where m.status = 'approved' group by m.id order by lower(m.name)"
    ))
    .fetch_all(db)
    .await
}

/// One approved model by its slug.
pub async fn approved_by_slug(db: &PgPool, slug: &str) -> sqlx::Result<Option<ModelRow>> {
    sqlx::query_as::<_, ModelRow>(&format!(
        "{SELECT_MODELS} where m.slug = $1 and m.status = 'approved' group by m.id"
    ))
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// The slugs of every task, and of those ranked per run: the SQL picks each measurement's
/// ranked figure by them.
fn task_slugs() -> (Vec<String>, Vec<String>) {
    let all = Task::ALL.iter().map(|t| t.slug().to_string()).collect();
    let per_run = Task::ALL
        .iter()
        .filter(|t| t.per_run())
        .map(|t| t.slug().to_string())
        .collect();
    (all, per_run)
}

/// A model's figures for a task, over every device or on one: measurements, and median and
/// middle half over contributions (an upload's runs by their median, as the boards count).
pub struct Figures {
    pub task: String,
    pub count: i64,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
}

/// The model's figures per task over every device, as the board refresher keeps them.
pub async fn per_task(db: &PgPool, model: i64) -> sqlx::Result<Vec<Figures>> {
    sqlx::query_as!(
        Figures,
        r#"select task, count::int8 as "count!", median, q1, q3
             from model_task_figures where model_id = $1 order by task"#,
        model
    )
    .fetch_all(db)
    .await
}

/// The model's line on one device, as its boards keep it (published benchmarks included):
/// its figures, the range of its values and their histogram on the logarithmic grid of
/// [`energy_model::stats::log_bins`].
pub struct Line {
    pub task: String,
    pub device: String,
    pub count: i64,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    pub bins_from: i32,
    pub bins: Vec<i32>,
}

pub async fn lines(db: &PgPool, model: i64) -> sqlx::Result<Vec<Line>> {
    sqlx::query_as!(
        Line,
        r#"select task, hardware_slug as device, count::int8 as "count!", median, q1, q3, min,
                  max, bins_from, bins
             from board_entries
            where model_id = $1 and include_published
            order by task, hardware_slug"#,
        model
    )
    .fetch_all(db)
    .await
}

/// One dot of a strip plot.
pub struct Dot {
    pub task: String,
    pub device: String,
    pub value: f64,
    pub published: bool,
}

/// The figures of the given task × device pairs (the rows drawn dot by dot), at most
/// `per_pair` each, newest first. (The order and limit keep the planner on the line's index,
/// pair by pair, instead of scanning every measurement of the model.)
pub async fn dots(
    db: &PgPool,
    model: i64,
    pairs: &[(String, String)],
    per_pair: i64,
) -> sqlx::Result<Vec<Dot>> {
    let (tasks, devices): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
    let (_, per_run) = task_slugs();
    sqlx::query_as!(
        Dot,
        r#"select p.task as "task!", p.device as "device!", m.value as "value!",
                  m.published as "published!"
             from unnest($1::text[], $2::text[]) p (task, device)
            cross join lateral (
                  select case when m.task = any($3) then m.kwh_per_run
                              else m.wh_per_1000_queries end as value,
                         m.source = 'published' as published, m.measured_on, m.created_at
                    from measurements m
                   where m.model_id = $4 and m.task = p.task and m.hardware_slug = p.device
                     and m.status = 'verified'
                   order by m.measured_on desc, m.created_at desc
                   limit $5) m
            where m.value is not null
            order by m.measured_on desc, m.created_at desc"#,
        &tasks,
        &devices,
        &per_run,
        model,
        per_pair
    )
    .fetch_all(db)
    .await
}

/// A measurement in the model's list.
pub struct Listed {
    pub id: uuid::Uuid,
    pub measured_on: time::Date,
    pub task: String,
    pub hardware_slug: String,
    pub value: f64,
    pub method: String,
    pub published: bool,
}

/// One page of the model's verified measurements with a figure, newest first.
pub async fn listed(db: &PgPool, model: i64, offset: i64, limit: i64) -> sqlx::Result<Vec<Listed>> {
    let (tasks, per_run) = task_slugs();
    sqlx::query_as!(
        Listed,
        r#"select m.id, m.measured_on, m.task, m.hardware_slug, v.value as "value!", m.method,
                  m.source = 'published' as "published!"
             from measurements m
            cross join lateral (select case when m.task = any($2) then m.kwh_per_run
                                            else m.wh_per_1000_queries end as value) v
            where m.task = any($1) and m.model_id = $3 and m.status = 'verified'
              and v.value is not null
            order by m.measured_on desc, m.created_at desc
            limit $4 offset $5"#,
        &tasks,
        &per_run,
        model,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}
