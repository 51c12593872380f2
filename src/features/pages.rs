//! The pages about the platform itself: the landing page, the data sources with their
//! attribution, the measuring guide, the privacy statement, and the language switch.

use crate::web::error::AppResult;
use crate::web::i18n::{LANG_COOKIE, Lang};
use crate::web::layout::{Layout, render};
use crate::web::session::Visitor;
use crate::web::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use energy_model::equivalence::{Equivalents, podcast_chat_interaction};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/sources", get(sources))
        .route("/privacy", get(privacy))
        .route("/guide", get(guide))
        .route("/language/{code}", get(switch_language))
}

#[derive(Template)]
#[template(path = "pages/landing.html")]
struct Landing {
    layout: Layout,
    /// "3.3 Wh" — one chat interaction, as the podcast put it.
    chat_energy: String,
    microwave: String,
    thousand_chats: String,
    kettles: String,
    ev_km: String,
    phones: String,
}

async fn landing(visitor: Visitor) -> AppResult<Response> {
    let lang = visitor.lang;
    let chat = podcast_chat_interaction();
    let eq = Equivalents::of(chat);
    let thousand = energy_model::Energy::from_joules(chat.joules() * 1000.0);
    let eq1000 = Equivalents::of(thousand);
    let n = |v: f64| number(v, lang);
    render(&Landing {
        layout: visitor.layout().await?,
        chat_energy: chat.format(lang),
        microwave: eq.microwave_sentence(lang),
        thousand_chats: thousand.format(lang),
        kettles: n(eq1000.kettle_boils),
        ev_km: n(eq1000.ev_km),
        phones: n(eq1000.smartphone_charges),
    })
}

/// A count-like figure for people: whole numbers above ten, one decimal below.
fn number(v: f64, lang: Lang) -> String {
    let s = if v >= 10.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

#[derive(sqlx::FromRow)]
pub struct Source {
    pub name: String,
    pub edition: String,
    pub url: String,
    pub citation: String,
    pub licence: String,
}

#[derive(Template)]
#[template(path = "pages/sources.html")]
struct Sources {
    layout: Layout,
    sources: Vec<Source>,
}

async fn sources(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let sources: Vec<Source> = crate::store::catalogue::sources(&state.db)
        .await?
        .into_iter()
        .map(|s| Source {
            edition: crate::web::format::edition(&s.edition, visitor.lang),
            licence: crate::web::format::licence(&s.licence, visitor.lang),
            name: s.name,
            url: s.url,
            citation: s.citation,
        })
        .collect();
    render(&Sources {
        layout: visitor.layout().await?,
        sources,
    })
}

#[derive(Template)]
#[template(path = "pages/privacy.html")]
struct Privacy {
    layout: Layout,
}

async fn privacy(visitor: Visitor) -> AppResult<Response> {
    render(&Privacy {
        layout: visitor.layout().await?,
    })
}

#[derive(Template)]
#[template(path = "pages/guide.html")]
struct Guide {
    layout: Layout,
    /// This site's address, for the example.
    site: String,
}

/// The measuring guide: greenai-meter, CodeCarbon, nvidia-smi and a wall meter; what to
/// report for each task; the pitfalls.
async fn guide(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    render(&Guide {
        layout: visitor.layout().await?,
        site: state.config.base_url.trim_end_matches('/').to_string(),
    })
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    let mut response =
        Redirect::to(crate::web::forms::safe_next(q.next.as_deref())).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
