//! What a board shows: the view a URL asks for (filters, sort, page, reference grid), the
//! lines it yields, and the cache that keeps them until the board's version changes.

use super::aggregate::{self, Observation, co2e_sql, column, summarise};
use crate::catalogue::{HARDWARE, REGIONS};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, t, tf};
use energy_model::hardware::DeviceKind;
use energy_model::stats::{Summary, size_class, stars};
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{FunctionalUnit, Task};
use serde::Serialize;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::{Date, OffsetDateTime};

/// Lines per page of a board: a light page (about 32 KB, 6 KB gzipped, with both charts).
pub const PAGE_SIZE: usize = 25;

/// How often the versions are re-read when this process changed nothing: the longest another
/// process's change (an import from the command line, a second app server) stays unseen.
const VERSION_TTL: Duration = Duration::from_secs(1);

/// Where the measurements of a view come from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum SourceFilter {
    /// Community measurements and published benchmarks (labelled).
    #[default]
    All,
    Community,
    /// One published source, by its slug in `data_sources`.
    Published(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HardwareFilter {
    Kind(DeviceKind),
    Device(String),
}

/// The measurements a board is computed over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    pub source: SourceFilter,
    pub hardware: Option<HardwareFilter>,
    pub precision: Option<Precision>,
    pub optimisation: Option<Optimisation>,
    pub method: Option<Method>,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Filters {
    /// Views the stored aggregates answer; every other one is computed from the task's
    /// verified measurements (through `measurements_board`) and then cached.
    pub fn aggregated(&self) -> bool {
        matches!(self.source, SourceFilter::All | SourceFilter::Community)
            && self.hardware.is_none()
            && self.precision.is_none()
            && self.optimisation.is_none()
            && self.method.is_none()
            && self.from.is_none()
            && self.until.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    Rank,
    Name,
    Params,
    Count,
    Contributors,
    Co2e,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Rank,
        Sort::Name,
        Sort::Params,
        Sort::Count,
        Sort::Contributors,
        Sort::Co2e,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Sort::Rank => "rank",
            Sort::Name => "name",
            Sort::Params => "params",
            Sort::Count => "count",
            Sort::Contributors => "contributors",
            Sort::Co2e => "co2e",
        }
    }
}

/// Everything a board URL holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct View {
    pub filters: Filters,
    pub sort: Sort,
    pub descending: bool,
    pub page: usize,
    /// The reference grid's region code (default the Netherlands).
    pub grid: String,
}

pub const DEFAULT_GRID: &str = "NL";

impl View {
    /// Reads a query string; a value the board does not know is an error that names it.
    pub fn parse(query: Option<&str>, lang: Lang) -> AppResult<View> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
        let mut view = View {
            filters: Filters::default(),
            sort: Sort::Rank,
            descending: false,
            page: 1,
            grid: DEFAULT_GRID.to_string(),
        };
        let bad = |name: &str, value: &str| {
            AppError::Invalid(tf(
                lang,
                "boards-bad-filter",
                &[("name", name), ("value", value)],
            ))
        };
        for (key, value) in &pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let date = || {
                Date::parse(
                    value,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .map_err(|_| bad(key, value))
            };
            match key.as_str() {
                // `published=0`: the older spelling of `source=community`.
                "published" if value == "0" => view.filters.source = SourceFilter::Community,
                "published" => {}
                "source" if value == "community" => view.filters.source = SourceFilter::Community,
                "source" if value == "all" => view.filters.source = SourceFilter::All,
                "source" if energy_model::formats::slugify(value) == value => {
                    view.filters.source = SourceFilter::Published(value.to_string())
                }
                "hardware" => {
                    view.filters.hardware = Some(if let Some(kind) = DeviceKind::parse(value) {
                        HardwareFilter::Kind(kind)
                    } else if HARDWARE.get(value).is_some() {
                        HardwareFilter::Device(value.to_string())
                    } else {
                        return Err(bad(key, value));
                    })
                }
                "precision" => {
                    view.filters.precision = Some(Precision::parse(value).ok_or(bad(key, value))?)
                }
                "optimisation" => {
                    view.filters.optimisation =
                        Some(Optimisation::parse(value).ok_or(bad(key, value))?)
                }
                "method" => {
                    view.filters.method = Some(Method::parse(value).ok_or(bad(key, value))?)
                }
                "from" => view.filters.from = Some(date()?),
                "until" => view.filters.until = Some(date()?),
                "sort" => {
                    view.sort = *Sort::ALL
                        .iter()
                        .find(|s| s.slug() == value)
                        .ok_or(bad(key, value))?
                }
                "dir" => view.descending = value == "desc",
                "page" => {
                    view.page = value
                        .parse::<usize>()
                        .ok()
                        .filter(|p| *p >= 1)
                        .ok_or(bad(key, value))?
                }
                "grid" => {
                    let region = REGIONS.lookup(value).ok_or(bad(key, value))?;
                    view.grid = region.code.clone();
                }
                _ => {}
            }
        }
        Ok(view)
    }

    /// The filters as query pairs, in a fixed order (sort, page and grid excluded).
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let f = &self.filters;
        let mut out = Vec::new();
        match &f.source {
            SourceFilter::All => {}
            SourceFilter::Community => out.push(("source", "community".to_string())),
            SourceFilter::Published(slug) => out.push(("source", slug.clone())),
        }
        match &f.hardware {
            Some(HardwareFilter::Kind(k)) => out.push(("hardware", k.slug().to_string())),
            Some(HardwareFilter::Device(d)) => out.push(("hardware", d.clone())),
            None => {}
        }
        if let Some(p) = f.precision {
            out.push(("precision", p.slug().to_string()));
        }
        if let Some(o) = f.optimisation {
            out.push(("optimisation", o.slug().to_string()));
        }
        if let Some(m) = f.method {
            out.push(("method", m.slug().to_string()));
        }
        if let Some(d) = f.from {
            out.push(("from", d.to_string()));
        }
        if let Some(d) = f.until {
            out.push(("until", d.to_string()));
        }
        out
    }

    /// The query string of this view with some parts changed, for links.
    pub fn query_with(&self, sort: Option<(Sort, bool)>, page: Option<usize>) -> String {
        let mut pairs = self.filter_pairs();
        let (s, desc) = sort.unwrap_or((self.sort, self.descending));
        if s != Sort::Rank {
            pairs.push(("sort", s.slug().to_string()));
        }
        if desc {
            pairs.push(("dir", "desc".to_string()));
        }
        let page = page.unwrap_or(self.page);
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        if self.grid != DEFAULT_GRID {
            pairs.push(("grid", self.grid.clone()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// The filters alone as a query string (for exports and the API).
    pub fn filter_query(&self) -> String {
        serde_urlencoded::to_string(self.filter_pairs()).unwrap_or_default()
    }

    /// The reference grid's intensity in g/kWh.
    pub fn grid_intensity(&self) -> f64 {
        REGIONS
            .lookup(&self.grid)
            .map(|r| r.intensity.grams_per_kwh())
            .unwrap_or(0.0)
    }
}

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
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
    pub count: i32,
    pub contributors: i32,
    pub published_count: i32,
    pub hardware: Vec<String>,
    pub stars: u8,
    /// Median grams CO2e per functional unit at the measurements' own grids.
    pub co2e_median: Option<f64>,
    /// Median joules per output token, where measurements state their output tokens.
    pub j_per_token_median: Option<f64>,
}

impl Entry {
    pub fn provisional(&self) -> bool {
        self.count < 3
    }
}

/// Ranks by median (name breaks ties) and gives stars by the AI Energy Score rule: five
/// equal bands between the lowest and highest median within each size class of the board.
fn rank(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| {
        a.median
            .total_cmp(&b.median)
            .then_with(|| a.model_name.cmp(&b.model_name))
    });
    let class = |e: &Entry| {
        e.total_params_billions
            .map(size_class)
            .or(e.size_class)
            .unwrap_or('?')
    };
    let mut bounds: HashMap<char, (f64, f64)> = HashMap::new();
    for e in &entries {
        let b = bounds.entry(class(e)).or_insert((e.median, e.median));
        b.0 = b.0.min(e.median);
        b.1 = b.1.max(e.median);
    }
    for (i, e) in entries.iter_mut().enumerate() {
        let (min, max) = bounds[&class(e)];
        e.rank = i + 1;
        e.stars = stars(e.median, min, max);
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
    median: f64,
    q1: f64,
    q3: f64,
    min: f64,
    max: f64,
    hardware: Vec<String>,
    co2e_median: Option<f64>,
    j_per_token_median: Option<f64>,
}

/// A board's lines for `filters`, ranked: from the aggregates when they answer the view,
/// otherwise from the task's verified measurements.
async fn compute(db: &PgPool, task: Task, filters: &Filters) -> AppResult<Vec<Entry>> {
    if filters.aggregated() {
        let rows: Vec<StoredEntry> = sqlx::query_as(
            "select a.slug, a.name, a.total_params_billions, a.size_class, b.count, b.contributors,
                    b.published_count, b.median, b.q1, b.q3, b.min, b.max, b.hardware,
                    b.co2e_median, b.j_per_token_median
               from board_entries b join ai_models a on a.id = b.model_id
              where b.task = $1 and b.include_published = $2 and a.status = 'approved'",
        )
        .bind(task.slug())
        .bind(filters.source == SourceFilter::All)
        .fetch_all(db)
        .await?;
        return Ok(rank(
            rows.into_iter()
                .map(|r| Entry {
                    rank: 0,
                    model: r.slug,
                    model_name: r.name,
                    total_params_billions: r.total_params_billions,
                    size_class: r.size_class.and_then(|c| c.chars().next()),
                    median: r.median,
                    q1: r.q1,
                    q3: r.q3,
                    min: r.min,
                    max: r.max,
                    count: r.count,
                    contributors: r.contributors,
                    published_count: r.published_count,
                    hardware: r.hardware,
                    stars: 0,
                    co2e_median: r.co2e_median,
                    j_per_token_median: r.j_per_token_median,
                })
                .collect(),
        ));
    }
    let mut models: HashMap<String, (ModelKey, Vec<Observation>)> = HashMap::new();
    for (key, observation) in observations(db, task, filters, None).await? {
        models
            .entry(key.slug.clone())
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(observation);
    }
    Ok(rank(
        models
            .into_iter()
            .filter_map(|(_, (key, observations))| {
                let a = summarise(&observations.iter().collect::<Vec<_>>())?;
                let s: Summary = a.summary;
                Some(Entry {
                    rank: 0,
                    model: key.slug,
                    model_name: key.name,
                    total_params_billions: key.params,
                    size_class: key.size_class,
                    median: s.median,
                    q1: s.q1,
                    q3: s.q3,
                    min: s.min,
                    max: s.max,
                    count: s.count as i32,
                    contributors: a.contributors,
                    published_count: a.published_count,
                    hardware: a.hardware,
                    stars: 0,
                    co2e_median: a.co2e_median,
                    j_per_token_median: a.j_per_token_median,
                })
            })
            .collect(),
    ))
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
    task: Task,
    filters: &Filters,
    models: Option<&[String]>,
) -> AppResult<Vec<(ModelKey, Observation)>> {
    let hardware: Option<Vec<String>> = filters.hardware.as_ref().map(|h| match h {
        HardwareFilter::Device(slug) => vec![slug.clone()],
        HardwareFilter::Kind(kind) => HARDWARE
            .devices()
            .iter()
            .filter(|d| d.kind == *kind)
            .map(|d| d.slug.clone())
            .collect(),
    });
    let (source, source_slug) = match &filters.source {
        SourceFilter::All => (None, None),
        SourceFilter::Community => (Some("community"), None),
        SourceFilter::Published(slug) => (Some("published"), Some(slug.as_str())),
    };
    type Row = (
        String,
        String,
        Option<f64>,
        Option<String>,
        f64,
        Option<uuid::Uuid>,
        String,
        Option<String>,
        String,
        Option<f64>,
        Option<f64>,
    );
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select a.slug, a.name, a.total_params_billions, a.size_class, m.{col}, m.submitter_id, m.source,
                m.source_slug, m.hardware_slug, {co2e}, m.j_per_output_token
           from measurements m join ai_models a on a.id = m.model_id
          where m.task = $1 and m.status = 'verified' and m.{col} is not null
            and a.status = 'approved'
            and ($2::text is null or m.source = $2)
            and ($3::text is null or m.source_slug = $3)
            and ($4::text[] is null or m.hardware_slug = any($4))
            and ($5::text is null or m.precision = $5)
            and ($6::text is null or $6 = any(m.optimisations))
            and ($7::text is null or m.method = $7)
            and ($8::date is null or m.measured_on >= $8)
            and ($9::date is null or m.measured_on <= $9)
            and ($10::text[] is null or a.slug = any($10))",
        col = column(task),
        co2e = co2e_sql(task),
    ))
    .bind(task.slug())
    .bind(source)
    .bind(source_slug)
    .bind(hardware)
    .bind(filters.precision.map(|p| p.slug()))
    .bind(filters.optimisation.map(|o| o.slug()))
    .bind(filters.method.map(|m| m.slug()))
    .bind(filters.from)
    .bind(filters.until)
    .bind(models)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                slug,
                name,
                params,
                class,
                value,
                submitter,
                source,
                source_slug,
                hardware,
                co2e,
                j_per_token,
            )| {
                let observation = Observation::new(
                    value,
                    submitter,
                    source,
                    source_slug,
                    hardware,
                    co2e,
                    j_per_token,
                );
                let key = ModelKey {
                    slug,
                    name,
                    params,
                    size_class: class.and_then(|c| c.chars().next()),
                };
                (key, observation)
            },
        )
        .collect())
}

/// The entries of a view in its sort order.
pub fn sorted(entries: &[Entry], view: &View) -> Vec<Entry> {
    let mut out = entries.to_vec();
    let key = |e: &Entry| -> f64 {
        match view.sort {
            Sort::Rank | Sort::Name => 0.0,
            Sort::Params => e.total_params_billions.unwrap_or(f64::INFINITY),
            Sort::Count => f64::from(e.count),
            Sort::Contributors => f64::from(e.contributors),
            Sort::Co2e => e.co2e_median.unwrap_or(f64::INFINITY),
        }
    };
    match view.sort {
        Sort::Rank => {}
        Sort::Name => out.sort_by(|a, b| {
            a.model_name
                .to_lowercase()
                .cmp(&b.model_name.to_lowercase())
        }),
        _ => out.sort_by(|a, b| key(a).total_cmp(&key(b)).then(a.rank.cmp(&b.rank))),
    }
    if view.descending {
        out.reverse();
    }
    out
}

/// A board's version: bumped by every change of its aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    pub number: i64,
    pub changed_at: OffsetDateTime,
}

struct Versions {
    read_at: Option<Instant>,
    local_seen: u64,
    by_task: HashMap<String, Version>,
}

impl Versions {
    fn of(&self, task: Task) -> Version {
        self.by_task.get(task.slug()).copied().unwrap_or(Version {
            number: 0,
            changed_at: OffsetDateTime::UNIX_EPOCH,
        })
    }
}

type EntriesKey = (Task, Filters);
/// Something computed for one board version.
type Cached<K, V> = Arc<Mutex<HashMap<K, (Version, Arc<V>)>>>;

/// The app's memory of boards: versions, and computed lines and rendered pages per version.
#[derive(Clone)]
pub struct Boards {
    versions: Arc<std::sync::RwLock<Versions>>,
    entries: Cached<EntriesKey, Vec<Entry>>,
    pages: Cached<String, String>,
    /// Whole pages as anonymous visitors get them (no name, no form token, no message).
    anonymous: Cached<String, WholePage>,
}

/// More views than this and a cache starts over (a crawler walking every filter).
const CACHE_LIMIT: usize = 1000;

impl Default for Boards {
    fn default() -> Self {
        Boards {
            versions: Arc::new(std::sync::RwLock::new(Versions {
                read_at: None,
                local_seen: 0,
                by_task: HashMap::new(),
            })),
            entries: Default::default(),
            pages: Default::default(),
            anonymous: Default::default(),
        }
    }
}

impl Boards {
    /// The current version of a task's board: from memory while it is fresh (read within
    /// the last second, and this process changed no board since).
    pub async fn version(&self, db: &PgPool, task: Task) -> AppResult<Version> {
        let local = aggregate::local_changes();
        {
            let versions = self.versions.read().unwrap_or_else(|e| e.into_inner());
            if versions
                .read_at
                .is_some_and(|at| at.elapsed() <= VERSION_TTL)
                && versions.local_seen == local
            {
                return Ok(versions.of(task));
            }
        }
        let rows: Vec<(String, i64, OffsetDateTime)> =
            sqlx::query_as("select task, version, changed_at from board_versions")
                .fetch_all(db)
                .await?;
        let mut versions = self.versions.write().unwrap_or_else(|e| e.into_inner());
        versions.by_task = rows
            .into_iter()
            .map(|(task, number, changed_at)| (task, Version { number, changed_at }))
            .collect();
        versions.read_at = Some(Instant::now());
        versions.local_seen = local;
        Ok(versions.of(task))
    }

    /// The ranked lines of a task under `filters`, at `version`.
    pub async fn entries(
        &self,
        db: &PgPool,
        task: Task,
        filters: &Filters,
        version: Version,
    ) -> AppResult<Arc<Vec<Entry>>> {
        let key = (task, filters.clone());
        if let Some((v, entries)) = lock(&self.entries).get(&key)
            && *v == version
        {
            return Ok(entries.clone());
        }
        let entries = Arc::new(compute(db, task, filters).await?);
        let mut cache = lock(&self.entries);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, (version, entries.clone()));
        Ok(entries)
    }

    /// A rendered fragment, when one exists for `key` at `version`.
    pub fn page(&self, key: &str, version: Version) -> Option<Arc<String>> {
        lock(&self.pages)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, page)| page.clone())
    }

    pub fn keep_page(&self, key: String, version: Version, page: Arc<String>) {
        keep(&self.pages, key, version, page);
    }

    /// The whole page for an anonymous visitor, when one exists for `key` at `version`.
    pub fn anonymous_page(&self, key: &str, version: Version) -> Option<Arc<WholePage>> {
        lock(&self.anonymous)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, page)| page.clone())
    }

    pub fn keep_anonymous_page(&self, key: String, version: Version, page: Arc<WholePage>) {
        keep(&self.anonymous, key, version, page);
    }
}

fn keep<V>(
    cache: &Mutex<HashMap<String, (Version, Arc<V>)>>,
    key: String,
    version: Version,
    value: Arc<V>,
) {
    let mut cache = lock(cache);
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, (version, value));
}

/// A page as sent: as is, and gzipped once for every client that accepts gzip (instead of
/// compressing it again for each of them).
pub struct WholePage {
    pub plain: axum::body::Bytes,
    pub gzip: axum::body::Bytes,
    /// Its ETag and Last-Modified, ready to send.
    pub etag: String,
    pub last_modified: String,
}

impl WholePage {
    pub fn new(plain: axum::body::Bytes, etag: String, last_modified: String) -> WholePage {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(plain.len() / 4),
            flate2::Compression::default(),
        );
        // Writing to a Vec cannot fail.
        let gzip = encoder
            .write_all(&plain)
            .and_then(|_| encoder.finish())
            .unwrap_or_default();
        WholePage {
            plain,
            gzip: gzip.into(),
            etag,
            last_modified,
        }
    }
}

/// A poisoned cache is still a valid cache (entries are replaced whole).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The unit in words.
pub fn unit_label(task: Task, lang: Lang) -> &'static str {
    t(
        lang,
        match task.functional_unit() {
            FunctionalUnit::PerRun => "measure-kwh-per-run",
            FunctionalUnit::PerThousandQueries => "measure-wh-per-1000",
        },
    )
}
