//! The SQL of model pages. A model's figures are summarised where its measurements are: the
//! line per device is the board's kept aggregate (`board_entries`, published benchmarks
//! included), the figures per task and the strip plots' counts are aggregates the database
//! computes, and the list is one page of rows. So a model with 100,000 runs costs a few
//! aggregates, not 100,000 rows read into the app.

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

/// Median and middle half over contributions (an upload's runs by their median, as the
/// boards count them), and the number of measurements.
pub struct Figures {
    pub task: String,
    /// The device, or `None` for the task over every device.
    pub device: Option<String>,
    pub count: i64,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
}

/// The model's line on each device, as its boards keep it (published benchmarks included).
pub async fn lines(db: &PgPool, model: i64) -> sqlx::Result<Vec<Figures>> {
    sqlx::query_as!(
        Figures,
        r#"select task, hardware_slug as "device?", count::int8 as "count!", median, q1, q3
             from board_entries
            where model_id = $1 and include_published
            order by task, hardware_slug"#,
        model
    )
    .fetch_all(db)
    .await
}

/// The model's figures per task over every device. A contribution counts once, with the
/// median of its runs (as [`energy_model::stats::per_contribution`]); quantiles interpolate
/// linearly like [`energy_model::stats::quantile_sorted`].
pub async fn per_task(db: &PgPool, model: i64) -> sqlx::Result<Vec<Figures>> {
    let (tasks, per_run) = task_slugs();
    sqlx::query_as!(
        Figures,
        r#"with c as (
             select m.task, coalesce(m.upload_id, m.id) as c, count(*) as n,
                    percentile_cont(0.5) within group (order by v.value) as value
               from measurements m
              cross join lateral (select case when m.task = any($2) then m.kwh_per_run
                                              else m.wh_per_1000_queries end as value) v
              where m.task = any($1) and m.model_id = $3 and m.status = 'verified'
                and v.value is not null
              group by m.task, 2)
           select task as "task!", null::text as device, sum(n)::int8 as "count!",
                  percentile_cont(0.5) within group (order by value) as "median!",
                  percentile_cont(0.25) within group (order by value) as "q1!",
                  percentile_cont(0.75) within group (order by value) as "q3!"
             from c group by task order by task"#,
        &tasks,
        &per_run,
        model
    )
    .fetch_all(db)
    .await
}

/// How many of the model's measurements of a task ran on a device, and the smallest and
/// largest positive figure: what a strip plot's axis and its choice of dots or bins need.
pub struct Spread {
    pub task: String,
    pub device: String,
    pub count: i64,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
}

pub async fn spreads(db: &PgPool, model: i64) -> sqlx::Result<Vec<Spread>> {
    let (tasks, per_run) = task_slugs();
    sqlx::query_as!(
        Spread,
        r#"select m.task, m.hardware_slug as device, count(*) as "count!",
                  min(v.value) filter (where v.value > 0) as lo,
                  max(v.value) filter (where v.value > 0) as hi
             from measurements m
            cross join lateral (select case when m.task = any($2) then m.kwh_per_run
                                            else m.wh_per_1000_queries end as value) v
            where m.task = any($1) and m.model_id = $3 and m.status = 'verified'
              and v.value is not null
            group by m.task, m.hardware_slug
            order by m.task, m.hardware_slug"#,
        &tasks,
        &per_run,
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

/// The figures of the given task × device pairs (the rows drawn dot by dot), newest first.
pub async fn dots(db: &PgPool, model: i64, pairs: &[(String, String)]) -> sqlx::Result<Vec<Dot>> {
    let (tasks, devices): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
    let (_, per_run) = task_slugs();
    sqlx::query_as!(
        Dot,
        r#"select m.task, m.hardware_slug as device, v.value as "value!",
                  m.source = 'published' as "published!"
             from measurements m
             join unnest($1::text[], $2::text[]) p (task, device)
               on p.task = m.task and p.device = m.hardware_slug
            cross join lateral (select case when m.task = any($3) then m.kwh_per_run
                                            else m.wh_per_1000_queries end as value) v
            where m.model_id = $4 and m.status = 'verified' and v.value is not null
            order by m.measured_on desc, m.created_at desc"#,
        &tasks,
        &devices,
        &per_run,
        model
    )
    .fetch_all(db)
    .await
}

/// A binned row: the task × device, and the axis `(lo, hi)` its plot draws.
pub struct BinnedRow {
    pub task: String,
    pub device: String,
    pub lo: f64,
    pub hi: f64,
}

/// How many figures of each binned row fall in each of `bins` equal bins of its logarithmic
/// axis (values outside it count at its ends): (task, device, bin, count).
pub async fn bins(
    db: &PgPool,
    model: i64,
    rows: &[BinnedRow],
    bins: usize,
) -> sqlx::Result<Vec<(String, String, usize, usize)>> {
    let (_, per_run) = task_slugs();
    let tasks: Vec<String> = rows.iter().map(|r| r.task.clone()).collect();
    let devices: Vec<String> = rows.iter().map(|r| r.device.clone()).collect();
    let los: Vec<f64> = rows.iter().map(|r| r.lo).collect();
    let his: Vec<f64> = rows.iter().map(|r| r.hi).collect();
    let counted = sqlx::query!(
        r#"select m.task, m.hardware_slug as device,
                  least(floor((log(greatest(least(v.value, p.hi), p.lo)) - log(p.lo))
                              / (log(p.hi) - log(p.lo)) * $6), $6 - 1)::int8 as "bin!",
                  count(*) as "count!"
             from measurements m
             join unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) p (task, device, lo, hi)
               on p.task = m.task and p.device = m.hardware_slug
            cross join lateral (select case when m.task = any($5) then m.kwh_per_run
                                            else m.wh_per_1000_queries end as value) v
            where m.model_id = $7 and m.status = 'verified' and v.value > 0
            group by 1, 2, 3"#,
        &tasks,
        &devices,
        &los,
        &his,
        &per_run,
        bins as f64,
        model
    )
    .fetch_all(db)
    .await?;
    Ok(counted
        .into_iter()
        .map(|r| (r.task, r.device, r.bin.max(0) as usize, r.count as usize))
        .collect())
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
