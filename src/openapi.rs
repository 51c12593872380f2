//! The OpenAPI document of the JSON API and of the files it points to (a measurement's BoAmps
//! report, an edition's downloads), generated from the handlers' annotations, at
//! `/api/openapi.json`.

use crate::web::state::AppState;
use axum::Json;
use axum::Router;
use axum::routing::get;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Green AI Hub API", version = "1", description = "Community-measured energy figures of AI models. Writes need a personal API token (Authorization: Bearer gah_…)."),
    paths(
        crate::features::measurements::api::create,
        crate::features::measurements::api::list,
        crate::features::accounts::api::me,
        crate::features::leaderboards::export::api_board,
        crate::features::insights::feed::api,
        crate::features::measurements::boamps::report,
        crate::features::editions::download,
    ),
    components(schemas(
        crate::features::measurements::api::MeasurementIn,
        crate::features::measurements::store::MeasurementOut,
        crate::web::error::FieldProblem,
    )),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/openapi.json",
        get(|| async { Json(ApiDoc::openapi()) }),
    )
}
