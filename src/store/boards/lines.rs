//! A board's lines: the measurements a board is computed over (`Filters`), and its ranked
//! lines (`Entry`) read from the aggregates or, for filtered views, computed from the task's
//! verified measurements.
//!
//! A line is a model on one device: a board shows one device (by default the one with the most
//! data), or a class of devices with a line per model × device. Pooling a model's
//! measurements across devices is a view one asks for (`pool`), and its lines say so.

use super::aggregate::{Observation, summarise};
pub use super::filters::Filters;
use super::filters::{MinTier, SourceFilter};
use crate::store::states::{Source, Tier};
use energy_model::Catalogue;
use energy_model::Task;
use energy_model::stats::{Summary, board_stars, size_class, star_class};
use serde::Serialize;
use sqlx::PgPool;
use std::collections::HashMap;

/// One model's line on a board (language-free figures; pages format them).
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Position by median (1 = least energy), whatever the view is sorted by.
    pub rank: usize,
    pub model: String,
    pub model_name: String,
    pub total_params_billions: Option<f64>,
    /// The publisher's size class, for models whose parameter count is unknown.
    #[serde(skip)]
    pub size_class: Option<char>,
    /// The device the line's measurements ran on; `None` for a line pooled across devices
    /// (listed in `hardware`).
    pub device: Option<String>,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    pub count: i32,
    pub contributors: i32,
    pub published_count: i32,
    /// Measurements a researcher verified (the rest of the community's are self-reported).
    pub verified_count: i32,
    pub hardware: Vec<String>,
    pub stars: u8,
    /// Median grams CO2e per functional unit at the measurements' own grids.
    pub co2e_median: Option<f64>,
    /// Median joules per output token, where measurements state their output tokens.
    pub j_per_token_median: Option<f64>,
    /// Median seconds per functional unit, where measurements state a duration.
    pub seconds_median: Option<f64>,
}

impl Entry {
    pub fn provisional(&self) -> bool {
        self.count < 3
    }

    /// The size class its stars are computed in: the class a publisher gave the model wins
    /// (AI Energy Score's own classes reproduce its stars); otherwise its parameter count's.
    pub fn class(&self) -> char {
        self.size_class
            .or(self.total_params_billions.map(size_class))
            .unwrap_or('?')
    }
}

/// Ranks by median (name breaks ties) and gives stars by the AI Energy Score rule: five
/// equal bands between the lowest and highest median within each device of the board (pooled
/// lines: the board), and within its size class where the task has classes
/// ([`energy_model::stats::star_class`]).
fn rank(task: Task, mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| {
        a.median
            .total_cmp(&b.median)
            .then_with(|| a.model_name.cmp(&b.model_name))
    });
    let classed: Vec<(Option<char>, Option<String>, f64)> = entries
        .iter()
        .map(|e| {
            let class = star_class(task, e.size_class, e.total_params_billions);
            (class, e.device.clone(), e.median)
        })
        .collect();
    for (i, (e, stars)) in entries.iter_mut().zip(board_stars(&classed)).enumerate() {
        e.rank = i + 1;
        e.stars = stars;
    }
    entries
}

#[derive(sqlx::FromRow)]
struct StoredEntry {
    slug: String,
    name: String,
    total_params_billions: Option<f64>,
    size_class: Option<String>,
    count: i32,
    contributors: i32,
    published_count: i32,
    verified_count: i32,
    median: f64,
    q1: f64,
    q3: f64,
    min: f64,
    max: f64,
    hardware_slug: String,
    co2e_median: Option<f64>,
    j_per_token_median: Option<f64>,
    seconds_median: Option<f64>,
}

/// A board's lines for `filters`, ranked: from the aggregates when they answer the view,
/// otherwise from the task's verified measurements. Without a hardware choice, the lines of
/// the device with the most measurements in the view.
pub(super) async fn compute(
    db: &PgPool,
    catalogue: &Catalogue,
    task: Task,
    filters: &Filters,
) -> sqlx::Result<Vec<Entry>> {
    let include_published = filters.source == SourceFilter::All;
    if filters.aggregated() {
        let devices: Option<Vec<String>> = match &filters.hardware {
            Some(h) => Filters::devices(h, catalogue),
            None => {
                let busiest = sqlx::query_scalar!(
                    "select b.hardware_slug from board_entries b
                       join ai_models a on a.id = b.model_id
                      where b.task = $1 and b.include_published = $2 and a.status = 'approved'
                      group by b.hardware_slug order by sum(b.count) desc, b.hardware_slug limit 1",
                    task.slug(),
                    include_published
                )
                .fetch_optional(db)
                .await?;
                Some(busiest.into_iter().collect())
            }
        };
        let rows = sqlx::query_as!(
            StoredEntry,
            "select a.slug, a.name, a.total_params_billions, a.size_class, b.count, b.contributors,
                    b.published_count, b.verified_count, b.median, b.q1, b.q3, b.min, b.max,
                    b.hardware_slug, b.co2e_median, b.j_per_token_median, b.seconds_median
               from board_entries b join ai_models a on a.id = b.model_id
              where b.task = $1 and b.include_published = $2
                and ($3::text[] is null or b.hardware_slug = any($3)) and a.status = 'approved'",
            task.slug(),
            include_published,
            devices.as_deref()
        )
        .fetch_all(db)
        .await?;
        return Ok(rank(task, rows.into_iter().map(Entry::from).collect()));
    }
    let mut lines: HashMap<(String, Option<String>), (ModelKey, Vec<Observation>)> = HashMap::new();
    for (key, observation) in observations(db, catalogue, task, filters, None).await? {
        let device = (!filters.pool).then(|| observation.hardware.clone());
        lines
            .entry((key.slug.clone(), device))
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(observation);
    }
    if filters.hardware.is_none() && !filters.pool {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for ((_, device), (_, observations)) in &lines {
            *counts.entry(device.as_deref().unwrap_or("")).or_default() += observations.len();
        }
        let busiest = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(device, _)| device.to_string());
        lines.retain(|(_, device), _| *device == busiest);
    }
    Ok(rank(
        task,
        lines
            .into_iter()
            .filter_map(|((_, device), (key, observations))| Entry::of(key, device, &observations))
            .collect(),
    ))
}

impl From<StoredEntry> for Entry {
    fn from(r: StoredEntry) -> Entry {
        Entry {
            rank: 0,
            model: r.slug,
            model_name: r.name,
            total_params_billions: r.total_params_billions,
            size_class: r.size_class.and_then(|c| c.chars().next()),
            device: Some(r.hardware_slug.clone()),
            median: r.median,
            q1: r.q1,
            q3: r.q3,
            min: r.min,
            max: r.max,
            count: r.count,
            contributors: r.contributors,
            published_count: r.published_count,
            verified_count: r.verified_count,
            hardware: vec![r.hardware_slug],
            stars: 0,
            co2e_median: r.co2e_median,
            j_per_token_median: r.j_per_token_median,
            seconds_median: r.seconds_median,
        }
    }
}

impl Entry {
    /// A model's line (on one device, or pooled) from its observations under a filter
    /// (unranked); `None` without any.
    fn of(key: ModelKey, device: Option<String>, observations: &[Observation]) -> Option<Entry> {
        let a = summarise(&observations.iter().collect::<Vec<_>>())?;
        let s: Summary = a.summary;
        Some(Entry {
            rank: 0,
            model: key.slug,
            model_name: key.name,
            total_params_billions: key.params,
            size_class: key.size_class,
            device,
            median: s.median,
            q1: s.q1,
            q3: s.q3,
            min: s.min,
            max: s.max,
            count: s.count as i32,
            contributors: a.contributors,
            published_count: a.published_count,
            verified_count: a.verified_count,
            hardware: a.hardware,
            stars: 0,
            co2e_median: a.co2e_median,
            j_per_token_median: a.j_per_token_median,
            seconds_median: a.seconds_median,
        })
    }
}

/// The model an observation belongs to.
pub struct ModelKey {
    pub slug: String,
    pub name: String,
    pub params: Option<f64>,
    pub size_class: Option<char>,
}

/// The verified measurements of a task under `filters` (of `models` only, when given), as
/// (model, observation).
pub async fn observations(
    db: &PgPool,
    catalogue: &Catalogue,
    task: Task,
    filters: &Filters,
    models: Option<&[String]>,
) -> sqlx::Result<Vec<(ModelKey, Observation)>> {
    let hardware: Option<Vec<String>> = filters
        .hardware
        .as_ref()
        .and_then(|h| Filters::devices(h, catalogue));
    let (source, source_slug) = match &filters.source {
        SourceFilter::All => (None, None),
        SourceFilter::Community => (Some(Source::Community), None),
        SourceFilter::Published(slug) => (Some(Source::Published), Some(slug.as_str())),
    };
    let tiers = filters.tier.map(MinTier::tiers);
    // Planned for these very parameters: a plan cached for any parameters (PostgreSQL's
    // generic plan, chosen after a statement's fifth run on a connection) cannot use the
    // device index for "no device, or these", and reads the whole task instead.
    let mut tx = db.begin().await?;
    sqlx::query("set local plan_cache_mode = force_custom_plan")
        .execute(&mut *tx)
        .await?;
    let rows = sqlx::query_as!(
ObservationRow,
r#"select m.id, m.upload_id, a.slug, a.name, a.total_params_billions, a.size_class, v.value as "value!", m.submitter_id,
                m.source as "source: Source", m.source_slug, m.hardware_slug,
                m.co2e_g * v.value * $12 / m.energy_j as co2e, m.j_per_output_token,
                case when $11 then m.duration_s else m.duration_s / m.queries end as seconds,
                m.tier as "tier: Tier"
           from measurements m join ai_models a on a.id = m.model_id
          cross join lateral (select case when $11 then m.kwh_per_run
                                          else m.wh_per_1000_queries end as value) v
          where m.task = $1 and m.status = 'verified' and v.value is not null
            and a.status = 'approved'
            and ($2::text is null or m.source = $2)
            and ($3::text is null or m.source_slug = $3)
            and ($4::text[] is null or m.hardware_slug = any($4))
            and ($5::text is null or m.precision = $5)
            and ($6::text is null or $6 = any(m.optimisations))
            and ($7::text is null or m.method = $7)
            and ($8::date is null or m.measured_on >= $8)
            and ($9::date is null or m.measured_on <= $9)
            and ($10::text[] is null or a.slug = any($10))
            and ($13::text[] is null or m.tier = any($13))"#,
task.slug(),
source as Option<Source>,
source_slug,
hardware.as_deref(),
filters.precision.map(|p| p.slug()),
filters.optimisation.map(|o| o.slug()),
filters.method.map(|m| m.slug()),
filters.from,
filters.until,
models,
task.per_run(),
task.joules_per_unit(),
tiers as Option<&[Tier]>)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(ObservationRow::split).collect())
}

impl ObservationRow {
    fn split(self) -> (ModelKey, Observation) {
        let key = ModelKey {
            slug: self.slug,
            name: self.name,
            params: self.total_params_billions,
            size_class: self.size_class.and_then(|c| c.chars().next()),
        };
        let observation = Observation::new(
            self.upload_id.unwrap_or(self.id),
            self.value,
            self.submitter_id,
            self.source,
            self.source_slug,
            self.hardware_slug,
            self.co2e,
            self.j_per_output_token,
            self.seconds,
            self.tier,
        );
        (key, observation)
    }
}

/// One verified measurement with its model, as a filtered view reads it.
#[derive(sqlx::FromRow)]
struct ObservationRow {
    id: uuid::Uuid,
    upload_id: Option<uuid::Uuid>,
    slug: String,
    name: String,
    total_params_billions: Option<f64>,
    size_class: Option<String>,
    value: f64,
    submitter_id: Option<uuid::Uuid>,
    source: Source,
    source_slug: Option<String>,
    hardware_slug: String,
    co2e: Option<f64>,
    j_per_output_token: Option<f64>,
    seconds: Option<f64>,
    tier: Tier,
}

/// The devices a task's board has lines on, with how many models each, busiest first.
pub async fn devices_of(db: &PgPool, task: Task) -> sqlx::Result<Vec<(String, i64)>> {
    Ok(sqlx::query!(
        r#"select hardware_slug, count(distinct model_id) as "models!"
             from board_entries where task = $1 and include_published
            group by hardware_slug order by sum(count) desc, hardware_slug"#,
        task.slug()
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.hardware_slug, r.models))
    .collect())
}

/// How many models each task's board ranks (tasks with none left out).
pub async fn models_per_task(db: &PgPool) -> sqlx::Result<Vec<(String, i64)>> {
    Ok(sqlx::query!(
        r#"select task, count(distinct model_id) as "count!" from board_entries
            where include_published group by task"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.task, r.count))
    .collect())
}
