//! One board line as pages show it: figures in the visitor's language, hardware by name,
//! CO2e at the reference grid, the microwave comparison.

use super::view::View;
use crate::store::boards::Entry;
use crate::web::i18n::{Lang, figure};
use energy_model::equivalence::Equivalents;
use energy_model::{Catalogue, FunctionalUnit, Task};

/// Grams CO2e per functional unit at a grid of `grams_per_kwh`.
pub fn co2e_at(task: Task, median: f64, grams_per_kwh: f64) -> f64 {
    match task.functional_unit() {
        FunctionalUnit::PerRun => median * grams_per_kwh,
        FunctionalUnit::PerThousandQueries => median / 1000.0 * grams_per_kwh,
    }
}

/// How a line is named in links (the compare page's `m`): `model@device`, or the model for
/// a pooled line.
pub fn line_id(e: &Entry) -> String {
    match &e.device {
        Some(device) => format!("{}@{device}", e.model),
        None => e.model.clone(),
    }
}

/// One line of a board as a page shows it.
pub struct Line {
    pub rank: usize,
    /// What the compare page knows the line by.
    pub id: String,
    pub slug: String,
    pub name: String,
    pub params: String,
    /// The size class its stars are computed in (A, B, C; `?` when unknown).
    pub class: char,
    /// The device by name; for a pooled line, the devices it pools.
    pub device: String,
    pub pooled: bool,
    pub median: String,
    pub iqr: String,
    pub j_per_token: String,
    /// Median seconds per query (hours per run).
    pub time: String,
    pub count: i32,
    pub contributors: i32,
    pub published_count: i32,
    /// Verified by a researcher, and self-reported (nobody checked them yet).
    pub verified_count: i32,
    pub self_reported: i32,
    pub stars: u8,
    pub provisional: bool,
    pub co2e_own: String,
    pub co2e_reference: String,
    pub microwave: String,
}

pub fn line(catalogue: &Catalogue, task: Task, e: &Entry, view: &View, lang: Lang) -> Line {
    Line {
        rank: e.rank,
        id: line_id(e),
        slug: e.model.clone(),
        name: e.model_name.clone(),
        params: e
            .total_params_billions
            .map(|p| crate::web::format::billions(p, lang))
            .unwrap_or_default(),
        class: e.class(),
        device: e
            .hardware
            .iter()
            .map(|slug| catalogue.get(slug).map_or(slug.clone(), |d| d.name.clone()))
            .collect::<Vec<_>>()
            .join(", "),
        pooled: e.device.is_none(),
        median: figure(e.median, lang),
        iqr: format!("{} – {}", figure(e.q1, lang), figure(e.q3, lang)),
        j_per_token: e
            .j_per_token_median
            .map(|j| figure(j, lang))
            .unwrap_or_default(),
        time: e
            .seconds_median
            .map(|s| match task.functional_unit() {
                FunctionalUnit::PerRun => figure(s / 3600.0, lang),
                FunctionalUnit::PerThousandQueries => figure(s, lang),
            })
            .unwrap_or_default(),
        count: e.count,
        contributors: e.contributors,
        published_count: e.published_count,
        verified_count: e.verified_count,
        self_reported: (e.count - e.published_count - e.verified_count).max(0),
        stars: e.stars,
        provisional: e.provisional(),
        co2e_own: e.co2e_median.map(|c| figure(c, lang)).unwrap_or_default(),
        co2e_reference: figure(co2e_at(task, e.median, view.grid_intensity()), lang),
        microwave: figure(
            Equivalents::of(task.energy_of_one(e.median)).microwave_seconds,
            lang,
        ),
    }
}
