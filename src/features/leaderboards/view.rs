//! The view a board URL asks for: filters, sort, page and reference grid, parsed from the
//! query (a value the board does not know is a 400 that names it) and written back to links.

use crate::store::boards::{Entry, Filters, HardwareFilter, MinTier, SourceFilter};
use crate::store::catalogue::REGIONS;
use crate::web::error::{AppError, AppResult};
use crate::web::i18n::{Lang, t, tf};
use energy_model::hardware::{DeviceClass, DeviceKind};
use energy_model::validation::{Method, Optimisation, Precision};
use energy_model::{Catalogue, FunctionalUnit, Task};
use time::Date;

/// Lines per page of a board: a light page (about 32 KB, 6 KB gzipped, with both charts).
pub const PAGE_SIZE: usize = 25;

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

    /// Its column header's translation key.
    pub fn key(self) -> &'static str {
        match self {
            Sort::Rank => "boards-sort-rank",
            Sort::Name => "boards-sort-name",
            Sort::Params => "boards-sort-params",
            Sort::Count => "boards-sort-count",
            Sort::Contributors => "boards-sort-contributors",
            Sort::Co2e => "boards-sort-co2e",
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
    /// Every column, instead of the ones that fit a laptop screen.
    pub more: bool,
}

pub const DEFAULT_GRID: &str = "NL";

impl View {
    /// Reads a query string; a value the board does not know is an error that names it.
    /// (Long as a list is long: one arm per query parameter, each with its own error.)
    pub fn parse(query: Option<&str>, lang: Lang, catalogue: &Catalogue) -> AppResult<View> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
        let mut view = View {
            filters: Filters::default(),
            sort: Sort::Rank,
            descending: false,
            page: 1,
            grid: DEFAULT_GRID.to_string(),
            more: false,
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
                    view.filters.hardware = Some(if value == "all" {
                        HardwareFilter::All
                    } else if let Some(class) = DeviceClass::parse(value) {
                        HardwareFilter::Class(class)
                    } else if let Some(kind) = DeviceKind::parse(value) {
                        HardwareFilter::Kind(kind)
                    } else if catalogue.get(value).is_some() {
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
                "pool" => view.filters.pool = value == "1",
                "cols" => view.more = value == "more",
                "tier" if value == "any" => {}
                "tier" => view.filters.tier = Some(MinTier::parse(value).ok_or(bad(key, value))?),
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
            Some(HardwareFilter::All) => out.push(("hardware", "all".to_string())),
            Some(HardwareFilter::Kind(k)) => out.push(("hardware", k.slug().to_string())),
            Some(HardwareFilter::Class(c)) => out.push(("hardware", c.slug().to_string())),
            Some(HardwareFilter::Device(d)) => out.push(("hardware", d.clone())),
            None => {}
        }
        if f.pool {
            out.push(("pool", "1".to_string()));
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
        if let Some(t) = f.tier {
            out.push(("tier", t.slug().to_string()));
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
        self.query_of(sort, page, self.more)
    }

    /// The query string of this view with the other set of columns.
    pub fn query_toggling_columns(&self) -> String {
        self.query_of(None, None, !self.more)
    }

    fn query_of(&self, sort: Option<(Sort, bool)>, page: Option<usize>, more: bool) -> String {
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
        if more {
            pairs.push(("cols", "more".to_string()));
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

/// The task of a board URL (its exact slug).
pub fn task_of(slug: &str) -> AppResult<Task> {
    Task::from_slug(slug)
        .filter(|t| t.slug() == slug)
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod key_tests {
    use super::Sort;
    use crate::store::boards::MinTier;
    use crate::web::i18n::{Lang, keys};

    #[test]
    fn every_sort_and_tier_choice_has_its_name_in_both_catalogues() {
        let used: Vec<&str> = Sort::ALL
            .into_iter()
            .map(Sort::key)
            .chain(MinTier::ALL.into_iter().map(MinTier::key))
            .collect();
        for lang in Lang::ALL {
            let known: Vec<&str> = keys(lang).collect();
            for key in &used {
                assert!(known.contains(key), "{key} in {}", lang.code());
            }
        }
    }
}
