//! The board's main part — filter bar, table, pages, charts, exports — the same for every
//! visitor in a language, so it is rendered once per board version and view.

use super::line::{Line, line};
use super::view::{PAGE_SIZE, Sort, View, sorted, unit_label};
use crate::store::boards::{Entry, HardwareFilter, MinTier, SourceFilter, Version};
use crate::store::catalogue::REGIONS;
use crate::web::charts;
use crate::web::error::AppResult;
use crate::web::i18n::{Lang, t, tf, tn};
use crate::web::state::AppState;
use askama::Template;
use energy_model::hardware::DeviceClass;
use energy_model::stats::pareto_frontier;
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{Catalogue, Task};

/// A choice in a filter's select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices<'a>(
    current: Option<&str>,
    options: impl IntoIterator<Item = (&'a str, String)>,
) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: current == Some(value),
            value: value.to_string(),
            label,
        })
        .collect()
}

impl Header {
    /// The arrow of the sorted column (screen readers hear `aria-sort` instead).
    pub fn arrow(&self) -> &'static str {
        match self.aria {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        }
    }
}

/// A sortable column header: its label and the link that sorts by it.
pub struct Header {
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none`, for aria-sort.
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "leaderboards/content.html")]
struct Content<'a> {
    lang: Lang,
    task_slug: &'static str,
    unit: &'static str,
    view: &'a View,
    lines: Vec<Line>,
    total: usize,
    pages: Vec<(usize, String, bool)>,
    headers: Vec<(Sort, Header)>,
    filters: FilterChoices,
    exports: String,
    charts: Vec<Chart>,
    per_run: bool,
    devices: Vec<Choice>,
    /// What the lines compare, in words: the device shown and why, or the pool.
    showing: String,
    /// Optional columns that hold a figure on at least one line of the view.
    shown: Columns,
    /// The other set of columns, as a link.
    columns_href: String,
    /// How many of the filters under "more filters" are set.
    active: usize,
    /// The lines are model × device on several devices (counted as lines, not models).
    by_device: bool,
}

/// A chart with its visible title and the line under it.
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub note: String,
}

/// The optional columns a view shows: those with a figure on some line.
pub struct Columns {
    pub size: bool,
    pub time: bool,
    pub j_per_token: bool,
    pub co2e_own: bool,
}

impl Content<'_> {
    fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    fn tn(&self, key: &str, count: usize) -> String {
        tn(self.lang, key, count, &[])
    }

    fn header(&self, sort: Sort) -> Option<&Header> {
        self.headers
            .iter()
            .find(|(s, _)| *s == sort)
            .map(|(_, h)| h)
    }

    fn from(&self) -> String {
        self.view
            .filters
            .from
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    fn until(&self) -> String {
        self.view
            .filters
            .until
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

/// The board's main part, the same for every visitor in a language.
pub async fn content(
    state: &AppState,
    task: Task,
    view: &View,
    version: Version,
    lang: Lang,
) -> AppResult<String> {
    let catalogue = state.hardware.now();
    let entries = state
        .boards
        .entries(&state.db, &catalogue, task, &view.filters, version)
        .await?;
    let all = sorted(&entries, view);
    let total = all.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = view.page.min(pages);
    let shown: Vec<&Entry> = all
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let unit = unit_label(task, lang);
    let charts = board_charts(&catalogue, task, &shown, unit, lang);
    let filter_query = view.filter_query();
    let f = &view.filters;
    let active = [
        f.source != SourceFilter::All,
        f.precision.is_some(),
        f.optimisation.is_some(),
        f.method.is_some(),
        f.tier.is_some(),
        f.from.is_some(),
        f.until.is_some(),
    ]
    .iter()
    .filter(|set| **set)
    .count();
    let content = Content {
        lang,
        task_slug: task.slug(),
        unit,
        view,
        lines: shown
            .iter()
            .map(|e| line(&catalogue, task, e, view, lang))
            .collect(),
        total,
        // The first and last page and two either side of this one: a board of 80 pages links
        // to 7, not 80.
        pages: (1..=pages)
            .filter(|p| *p == 1 || *p == pages || p.abs_diff(page) <= 2)
            .map(|p| (p, format!("?{}", view.query_with(None, Some(p))), p == page))
            .collect(),
        headers: sort_headers(view, lang),
        filters: filter_choices(state, view, lang).await?,
        exports: if filter_query.is_empty() {
            String::new()
        } else {
            format!("?{filter_query}")
        },
        charts,
        per_run: task.per_run(),
        devices: device_choices(state, &catalogue, task, view, &entries, lang).await?,
        showing: showing(&catalogue, view, &entries, lang),
        shown: Columns {
            size: shown.iter().any(|e| e.class() != '?'),
            time: shown.iter().any(|e| e.seconds_median.is_some()),
            j_per_token: !task.per_run() && shown.iter().any(|e| e.j_per_token_median.is_some()),
            co2e_own: shown.iter().any(|e| e.co2e_median.is_some()),
        },
        columns_href: format!("?{}", view.query_toggling_columns()),
        active,
        by_device: entries
            .iter()
            .any(|e| e.device.is_some() && e.device != entries[0].device),
    };
    Ok(content.render()?)
}

/// What a view's lines compare, in words.
fn showing(catalogue: &Catalogue, view: &View, entries: &[Entry], lang: Lang) -> String {
    let name = |slug: &str| {
        catalogue
            .get(slug)
            .map_or(slug.to_string(), |d| d.name.clone())
    };
    if view.filters.pool {
        let mut devices: Vec<&str> = entries
            .iter()
            .flat_map(|e| e.hardware.iter().map(String::as_str))
            .collect();
        devices.sort();
        devices.dedup();
        return tf(
            lang,
            "boards-showing-pooled",
            &[("devices", &devices.len().to_string())],
        );
    }
    match &view.filters.hardware {
        Some(HardwareFilter::Device(slug)) => {
            tf(lang, "boards-showing-device", &[("device", &name(slug))])
        }
        Some(HardwareFilter::All) => t(lang, "boards-showing-all").to_string(),
        Some(HardwareFilter::Class(c)) => tf(
            lang,
            "boards-showing-class",
            &[("class", t(lang, crate::web::names::class_key(*c)))],
        ),
        Some(HardwareFilter::Kind(k)) => tf(
            lang,
            "boards-showing-class",
            &[("class", t(lang, crate::web::names::every_of_kind_key(*k)))],
        ),
        None => match entries.first().and_then(|e| e.device.as_deref()) {
            Some(slug) => tf(lang, "boards-showing-busiest", &[("device", &name(slug))]),
            None => String::new(),
        },
    }
}

/// Each sortable column's header: the link that sorts by it (again: the other way) and its
/// `aria-sort`.
fn sort_headers(view: &View, lang: Lang) -> Vec<(Sort, Header)> {
    Sort::ALL
        .iter()
        .map(|s| {
            let active = view.sort == *s;
            let descending = active && !view.descending;
            (
                *s,
                Header {
                    label: t(lang, s.key()),
                    href: format!("?{}", view.query_with(Some((*s, descending)), Some(1))),
                    aria: match (active, view.descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    },
                },
            )
        })
        .collect()
}

/// The choices of the filter bar, the view's own selected.
pub struct FilterChoices {
    pub sources: Vec<Choice>,
    pub precisions: Vec<Choice>,
    pub optimisations: Vec<Choice>,
    pub methods: Vec<Choice>,
    pub tiers: Vec<Choice>,
    pub grids: Vec<Choice>,
    pub grid_name: String,
}

async fn filter_choices(state: &AppState, view: &View, lang: Lang) -> AppResult<FilterChoices> {
    let sources: Vec<(String, String)> = crate::store::catalogue::sources(&state.db)
        .await?
        .into_iter()
        .map(|r| (r.slug, r.name))
        .collect();
    let current_source = match &view.filters.source {
        SourceFilter::All => None,
        SourceFilter::Community => Some("community"),
        SourceFilter::Published(s) => Some(s.as_str()),
    };
    let community = ("community", t(lang, "boards-source-community").to_string());
    Ok(FilterChoices {
        sources: choices(
            current_source,
            std::iter::once(community).chain(sources.iter().map(|(s, n)| (s.as_str(), n.clone()))),
        ),
        precisions: choices(
            view.filters.precision.map(|p| p.slug()),
            Precision::ALL
                .iter()
                .map(|p| (p.slug(), p.name(lang).to_string())),
        ),
        optimisations: choices(
            view.filters.optimisation.map(|o| o.slug()),
            Optimisation::ALL
                .iter()
                .map(|o| (o.slug(), o.name(lang).to_string())),
        ),
        methods: choices(
            view.filters.method.map(|m| m.slug()),
            Method::ALL
                .iter()
                .map(|m| (m.slug(), m.name(lang).to_string())),
        ),
        tiers: choices(
            view.filters.tier.map(|t| t.slug()),
            MinTier::ALL
                .into_iter()
                .map(|m| (m.slug(), t(lang, m.key()).to_string())),
        ),
        grids: choices(
            Some(view.grid.as_str()),
            REGIONS
                .regions()
                .iter()
                .map(|r| (r.code.as_str(), r.name_in(lang))),
        ),
        grid_name: REGIONS
            .lookup(&view.grid)
            .map(|r| r.name_in(lang))
            .unwrap_or_default(),
    })
}

/// The devices with lines on this board (most measured first, with how many models each),
/// then the classes of devices; the device shown selected (by default the busiest).
async fn device_choices(
    state: &AppState,
    catalogue: &Catalogue,
    task: Task,
    view: &View,
    entries: &[Entry],
    lang: Lang,
) -> AppResult<Vec<Choice>> {
    let seen = crate::store::boards::devices_of(&state.db, task).await?;
    let current = match &view.filters.hardware {
        Some(_) => view
            .filter_pairs()
            .into_iter()
            .find(|p| p.0 == "hardware")
            .map(|p| p.1),
        None => entries.first().and_then(|e| e.device.clone()),
    };
    let devices = seen.iter().map(|(slug, n)| {
        let name = catalogue.get(slug).map_or(slug.clone(), |d| d.name.clone());
        let models = tn(lang, "boards-device-models", *n, &[]);
        (slug.as_str(), format!("{name} ({models})"))
    });
    let classes = DeviceClass::ALL.iter().map(|c| {
        (
            c.slug(),
            t(lang, crate::web::names::class_key(*c)).to_string(),
        )
    });
    let all = ("all", t(lang, "boards-class-all").to_string());
    Ok(choices(
        current.as_deref(),
        devices.chain(classes).chain(std::iter::once(all)),
    ))
}

/// The medians with their IQR; energy against parameters (when two lines state them); and
/// time against energy with its Pareto frontier, named in words under it (when two lines
/// state a time).
fn board_charts(
    catalogue: &Catalogue,
    task: Task,
    shown: &[&Entry],
    unit: &str,
    lang: Lang,
) -> Vec<Chart> {
    let label = |e: &Entry| match (&e.device, e.hardware.first()) {
        (Some(_), Some(slug)) if shown.iter().any(|o| o.device != e.device) => {
            let device = catalogue.get(slug).map_or(slug.clone(), |d| d.name.clone());
            format!("{} · {device}", e.model_name)
        }
        _ => e.model_name.clone(),
    };
    let mut charts = Vec::new();
    let same_as_table = || t(lang, "chart-same-as-table").to_string();
    let rows: Vec<(String, f64, f64, f64)> = shown
        .iter()
        .map(|e| (label(e), e.q1, e.median, e.q3))
        .collect();
    let title = tf(lang, "chart-ranges-title", &[("task", task.name(lang))]);
    let svg = charts::ranges(
        "board-ranges",
        &title,
        t(lang, "chart-ranges-desc"),
        unit,
        &rows,
        lang,
    );
    if !svg.is_empty() {
        charts.push(Chart {
            title,
            svg,
            note: same_as_table(),
        });
    }
    let points: Vec<(String, f64, f64)> = shown
        .iter()
        .filter_map(|e| e.total_params_billions.map(|p| (label(e), p, e.median)))
        .collect();
    if points.len() >= 2 {
        let title = t(lang, "chart-scatter-title").to_string();
        let svg = charts::scatter(
            "board-scatter",
            &title,
            t(lang, "chart-scatter-desc"),
            (t(lang, "chart-params-axis"), unit),
            &points,
            &[],
            lang,
        );
        charts.push(Chart {
            title,
            svg,
            note: same_as_table(),
        });
    }
    let timed: Vec<(String, f64, f64)> = shown
        .iter()
        .filter_map(|e| e.seconds_median.map(|s| (label(e), s, e.median)))
        .collect();
    if timed.len() >= 2 {
        let frontier = pareto_frontier(&timed.iter().map(|p| (p.1, p.2)).collect::<Vec<_>>());
        let names: Vec<String> = frontier.iter().map(|&i| timed[i].0.clone()).collect();
        let title = t(lang, "chart-pareto-title").to_string();
        let desc = tf(lang, "chart-pareto-desc", &[("lines", &names.join(", "))]);
        let x_axis = if task.per_run() {
            t(lang, "chart-seconds-per-run-axis")
        } else {
            t(lang, "chart-seconds-axis")
        };
        let svg = charts::scatter(
            "board-pareto",
            &title,
            &desc,
            (x_axis, unit),
            &timed,
            &frontier,
            lang,
        );
        charts.push(Chart {
            title,
            svg,
            note: format!("{} {}", t(lang, "chart-pareto-caption"), names.join(", ")),
        });
    }
    charts
}
