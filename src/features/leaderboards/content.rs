//! The board's main part — filter bar, table, pages, charts, exports — the same for every
//! visitor in a language, so it is rendered once per board version and view.

use super::export::LICENCE;
use super::line::{Line, line};
use super::view::{PAGE_SIZE, Sort, View, sorted, unit_label};
use crate::store::boards::{Entry, SourceFilter, Version};
use crate::store::catalogue::{REGIONS, hardware};
use crate::web::charts;
use crate::web::error::AppResult;
use crate::web::i18n::{Lang, t, tf};
use crate::web::state::AppState;
use askama::Template;
use energy_model::hardware::DeviceKind;
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{FunctionalUnit, Task};

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
    chart_ranges: String,
    chart_scatter: String,
    per_run: bool,
    licence: &'static str,
}

impl Content<'_> {
    fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
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
    let entries = state
        .boards
        .entries(&state.db, task, &view.filters, version)
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
    let (chart_ranges, chart_scatter) = board_charts(task, &shown, unit, lang);
    let filter_query = view.filter_query();
    let content = Content {
        lang,
        task_slug: task.slug(),
        unit,
        view,
        lines: shown.iter().map(|e| line(task, e, view, lang)).collect(),
        total,
        pages: (1..=pages)
            .map(|p| (p, format!("?{}", view.query_with(None, Some(p))), p == page))
            .collect(),
        headers: sort_headers(view, lang),
        filters: filter_choices(state, view, &entries, lang).await?,
        exports: if filter_query.is_empty() {
            String::new()
        } else {
            format!("?{filter_query}")
        },
        chart_ranges,
        chart_scatter,
        per_run: task.functional_unit() == FunctionalUnit::PerRun,
        licence: LICENCE,
    };
    Ok(content.render()?)
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
                    label: t(lang, &format!("boards-sort-{}", s.slug())),
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
    pub hardware: Vec<Choice>,
    pub precisions: Vec<Choice>,
    pub optimisations: Vec<Choice>,
    pub methods: Vec<Choice>,
    pub tiers: Vec<Choice>,
    pub grids: Vec<Choice>,
    pub grid_name: String,
}

async fn filter_choices(
    state: &AppState,
    view: &View,
    entries: &[Entry],
    lang: Lang,
) -> AppResult<FilterChoices> {
    let sources: Vec<(String, String)> =
        sqlx::query!("select slug, name from data_sources order by name")
            .fetch_all(&state.db)
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
        hardware: hardware_choices(view, entries, lang),
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
            ["verified", "published"]
                .into_iter()
                .map(|slug| (slug, t(lang, &format!("boards-tier-{slug}")).to_string())),
        ),
        grids: choices(
            Some(view.grid.as_str()),
            REGIONS
                .regions()
                .iter()
                .map(|r| (r.code.as_str(), r.display_name())),
        ),
        grid_name: REGIONS
            .lookup(&view.grid)
            .map(|r| r.display_name())
            .unwrap_or_default(),
    })
}

/// Device kinds, then the devices seen on the board (and the one chosen).
fn hardware_choices(view: &View, entries: &[Entry], lang: Lang) -> Vec<Choice> {
    let current = view
        .filter_pairs()
        .into_iter()
        .find(|p| p.0 == "hardware")
        .map(|p| p.1);
    let mut devices: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.hardware.iter().map(String::as_str))
        .chain(current.as_deref())
        .collect();
    devices.sort();
    devices.dedup();
    let kinds = DeviceKind::ALL.iter().map(|k| {
        (
            k.slug(),
            t(lang, &format!("boards-kind-{}", k.slug())).to_string(),
        )
    });
    let catalogue = hardware();
    let named = devices
        .into_iter()
        .filter_map(|slug| catalogue.get(slug).map(|d| (slug, d.name.clone())));
    choices(current.as_deref(), kinds.chain(named))
}

/// The medians with their IQR, and energy against parameters (when two lines state them).
fn board_charts(task: Task, shown: &[&Entry], unit: &str, lang: Lang) -> (String, String) {
    let rows: Vec<(String, f64, f64, f64)> = shown
        .iter()
        .map(|e| (e.model_name.clone(), e.q1, e.median, e.q3))
        .collect();
    let ranges = charts::ranges(
        "board-ranges",
        &tf(lang, "chart-ranges-title", &[("task", task.name(lang))]),
        t(lang, "chart-ranges-desc"),
        unit,
        &rows,
        lang,
    );
    let points: Vec<(String, f64, f64)> = shown
        .iter()
        .filter_map(|e| {
            e.total_params_billions
                .map(|p| (e.model_name.clone(), p, e.median))
        })
        .collect();
    let scatter = if points.len() >= 2 {
        charts::scatter(
            "board-scatter",
            t(lang, "chart-scatter-title"),
            t(lang, "chart-scatter-desc"),
            t(lang, "chart-params-axis"),
            unit,
            &points,
            lang,
        )
    } else {
        String::new()
    };
    (ranges, scatter)
}
