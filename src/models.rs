//! The catalogue of AI models: every model the platform knows, with the names it goes by
//! and the published sources that mention it.

use crate::error::AppResult;
use crate::http::{AppState, Layout, render};
use crate::i18n::{Lang, tf};
use crate::session::Visitor;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/models", get(index))
}

#[derive(sqlx::FromRow)]
pub struct ModelRow {
    pub slug: String,
    pub name: String,
    pub organisation: Option<String>,
    pub total_params_billions: Option<f64>,
    pub active_params_billions: Option<f64>,
    pub sources: String,
}

impl ModelRow {
    /// "235 B (22 B active)" or "8 B"; empty when unknown.
    pub fn params(&self, lang: &Lang) -> String {
        let b = |v: f64| {
            if v >= 10.0 {
                format!("{v:.0} B")
            } else {
                format!("{v:.1} B")
            }
        };
        match (self.total_params_billions, self.active_params_billions) {
            (Some(t), Some(a)) if (t - a).abs() > 1e-9 => tf(
                *lang,
                "models-params-active",
                &[("total", &b(t)), ("active", &b(a))],
            ),
            (Some(t), _) => b(t),
            _ => String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "models/index.html")]
struct Index {
    layout: Layout,
    models: Vec<ModelRow>,
}

async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let models = sqlx::query_as::<_, ModelRow>(
        "select m.slug, m.name, m.organisation, m.total_params_billions,
                m.active_params_billions,
                coalesce(string_agg(s.name, ', ' order by s.name), '') as sources
           from ai_models m
           left join ai_model_sources ms on ms.model_id = m.id
           left join data_sources s on s.slug = ms.source_slug
          where m.status = 'approved'
          group by m.id
          order by lower(m.name)",
    )
    .fetch_all(&state.db)
    .await?;
    render(&Index {
        layout: visitor.layout().await?,
        models,
    })
}
