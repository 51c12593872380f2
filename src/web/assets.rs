//! Static files compiled into the binary, served under fingerprinted names
//! (`app-1a2b3c4d.css`) with a year-long immutable cache, and under their plain names with
//! an ETag for revalidation.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

pub struct Asset {
    pub name: &'static str,
    pub body: &'static [u8],
    pub content_type: &'static str,
    /// `app-1a2b3c4d.css`
    pub fingerprinted: String,
    /// `"1a2b3c4d…"`
    pub etag: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        (
            "app.css",
            include_bytes!("../../static/app.css").as_slice(),
            "text/css; charset=utf-8",
        ),
        (
            "progress.js",
            include_bytes!("../../static/progress.js").as_slice(),
            "text/javascript; charset=utf-8",
        ),
        (
            "favicon.svg",
            include_bytes!("../../static/favicon.svg").as_slice(),
            "image/svg+xml",
        ),
    ]
    .into_iter()
    .map(|(name, body, content_type)| {
        let digest = hex::encode(Sha256::digest(body));
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        Asset {
            name,
            body,
            content_type,
            fingerprinted: format!("{stem}-{}.{ext}", &digest[..10]),
            etag: format!("\"{}\"", &digest[..32]),
        }
    })
    .collect()
});

/// The URL of an asset by its plain name, fingerprinted.
pub fn url(name: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map(|a| format!("/static/{}", a.fingerprinted))
        .unwrap_or_else(|| format!("/static/{name}"))
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some((asset, immutable)) = ASSETS.iter().find_map(|a| {
        if a.fingerprinted == file {
            Some((a, true))
        } else if a.name == file {
            Some((a, false))
        } else {
            None
        }
    }) else {
        return crate::web::error::error_response(StatusCode::NOT_FOUND);
    };
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300, must-revalidate"
    };
    let etag = HeaderValue::from_str(&asset.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes());
    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        (header::ETAG, etag),
    ];
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        )],
        asset.body,
    )
        .into_response()
}
