//! Leaderboards: one board per task, ranking models by the median energy per functional
//! unit over verified measurements. Boards read `board_entries`, which every change of a
//! measurement's standing keeps current in its own transaction; filtered views are computed
//! from the task's verified measurements. Both are cached per board version, which is also
//! the ETag.

mod board;
mod compare;
mod content;
pub mod export;
mod http_cache;
mod line;
pub mod view;

use crate::web::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leaderboards", get(board::index))
        .route("/leaderboards/{task}", get(board::board))
        .route("/leaderboards/{task}/compare", get(compare::compare))
        .route("/leaderboards/{task}/export.csv", get(export::export_csv))
        .route("/leaderboards/{task}/export.json", get(export::export_json))
        .route("/api/v1/leaderboards/{task}", get(export::api_board))
}
