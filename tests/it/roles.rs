//! The role matrix: every route × anonymous, member, researcher, admin → the status each
//! gets. A route in the code without an entry here fails the test, so none is forgotten.

use crate::accounts::csrf_of;
use crate::harness::{TestApp, spawn_app};
use std::collections::BTreeSet;

/// (method, route as written in the code, path to request, [anonymous, member, researcher, admin]).
/// POSTs send the visitor's CSRF token and otherwise empty forms.
pub const MATRIX: &[(&str, &str, &str, [u16; 4])] = &[
    ("GET", "/", "/", [200, 200, 200, 200]),
    ("GET", "/sources", "/sources", [200, 200, 200, 200]),
    ("GET", "/privacy", "/privacy", [200, 200, 200, 200]),
    ("GET", "/models", "/models", [200, 200, 200, 200]),
    (
        "GET",
        "/language/{code}",
        "/language/nl?next=/",
        [303, 303, 303, 303],
    ),
    ("GET", "/healthz", "/healthz", [200, 200, 200, 200]),
    ("GET", "/readyz", "/readyz", [200, 200, 200, 200]),
    ("GET", "/metrics", "/metrics", [200, 200, 200, 200]),
    (
        "GET",
        "/static/{file}",
        "/static/app.css",
        [200, 200, 200, 200],
    ),
    ("GET", "/register", "/register", [200, 200, 200, 200]),
    ("POST", "/register", "/register", [422, 422, 422, 422]),
    ("GET", "/verify/{token}", "/verify/00", [400, 400, 400, 400]),
    ("GET", "/login", "/login", [200, 303, 303, 303]),
    ("POST", "/login", "/login", [422, 422, 422, 422]),
    (
        "GET",
        "/password/forgot",
        "/password/forgot",
        [200, 200, 200, 200],
    ),
    (
        "POST",
        "/password/forgot",
        "/password/forgot",
        [422, 422, 422, 422],
    ),
    (
        "GET",
        "/password/reset/{token}",
        "/password/reset/00",
        [400, 400, 400, 400],
    ),
    (
        "POST",
        "/password/reset/{token}",
        "/password/reset/00",
        [422, 422, 422, 422],
    ),
    ("GET", "/account", "/account", [303, 200, 200, 200]),
    ("GET", "/dashboard", "/dashboard", [303, 200, 200, 200]),
    (
        "POST",
        "/account/password",
        "/account/password",
        [401, 422, 422, 422],
    ),
    (
        "POST",
        "/account/email",
        "/account/email",
        [401, 422, 422, 422],
    ),
    (
        "GET",
        "/account/email/confirm/{token}",
        "/account/email/confirm/00",
        [400, 400, 400, 400],
    ),
    (
        "POST",
        "/account/language",
        "/account/language",
        [401, 400, 400, 400],
    ),
    (
        "GET",
        "/account/tokens",
        "/account/tokens",
        [303, 200, 200, 200],
    ),
    (
        "POST",
        "/account/tokens",
        "/account/tokens",
        [401, 422, 422, 422],
    ),
    (
        "POST",
        "/account/tokens/{id}/revoke",
        "/account/tokens/00000000-0000-0000-0000-000000000000/revoke",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/account/export",
        "/account/export",
        [303, 200, 200, 200],
    ),
    (
        "GET",
        "/account/delete",
        "/account/delete",
        [303, 200, 200, 200],
    ),
    (
        "POST",
        "/account/delete",
        "/account/delete",
        [401, 422, 422, 422],
    ),
    ("GET", "/api/v1/me", "/api/v1/me", [401, 401, 401, 401]),
    ("GET", "/admin/users", "/admin/users", [303, 403, 403, 200]),
    (
        "POST",
        "/admin/users/{id}/role",
        "/admin/users/00000000-0000-0000-0000-000000000000/role",
        [401, 403, 403, 400],
    ),
    ("GET", "/admin/audit", "/admin/audit", [303, 403, 403, 200]),
    (
        "GET",
        "/measurements/new",
        "/measurements/new",
        [303, 200, 200, 200],
    ),
    (
        "POST",
        "/measurements/new",
        "/measurements/new",
        [401, 422, 422, 422],
    ),
    (
        "GET",
        "/measurements/mine",
        "/measurements/mine",
        [303, 200, 200, 200],
    ),
    (
        "GET",
        "/measurements/{id}",
        "/measurements/00000000-0000-0000-0000-000000000000",
        [404, 404, 404, 404],
    ),
    (
        "GET",
        "/measurements/{id}/boamps.json",
        "/measurements/00000000-0000-0000-0000-000000000000/boamps.json",
        [404, 404, 404, 404],
    ),
    ("GET", "/editions", "/editions", [200, 200, 200, 200]),
    // Researchers freeze editions (an empty form: every board).
    ("POST", "/editions", "/editions", [401, 403, 303, 303]),
    (
        "GET",
        "/editions/{slug}",
        "/editions/2026-01-01-none",
        [404, 404, 404, 404],
    ),
    (
        "GET",
        "/editions/{slug}/{file}",
        "/editions/2026-01-01-none/lines.csv",
        [404, 404, 404, 404],
    ),
    (
        "POST",
        "/measurements/{id}/withdraw",
        "/measurements/00000000-0000-0000-0000-000000000000/withdraw",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/measurements/upload",
        "/measurements/upload",
        [303, 200, 200, 200],
    ),
    (
        "POST",
        "/measurements/upload",
        "/measurements/upload",
        [400, 400, 400, 400],
    ),
    (
        "POST",
        "/measurements/upload/{id}/commit",
        "/measurements/upload/00000000-0000-0000-0000-000000000000/commit",
        [401, 404, 404, 404],
    ),
    (
        "POST",
        "/measurements/upload/{id}/cancel",
        "/measurements/upload/00000000-0000-0000-0000-000000000000/cancel",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/measurements/{id}/edit",
        "/measurements/00000000-0000-0000-0000-000000000000/edit",
        [303, 404, 404, 404],
    ),
    (
        "POST",
        "/measurements/{id}/edit",
        "/measurements/00000000-0000-0000-0000-000000000000/edit",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/measurements/upload/{id}",
        "/measurements/upload/00000000-0000-0000-0000-000000000000",
        [303, 404, 404, 404],
    ),
    (
        "GET",
        "/leaderboards",
        "/leaderboards",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/leaderboards/{task}",
        "/leaderboards/text-generation",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/leaderboards/{task}/export.csv",
        "/leaderboards/text-generation/export.csv",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/leaderboards/{task}/export.json",
        "/leaderboards/text-generation/export.json",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/leaderboards/{task}/compare",
        "/leaderboards/text-generation/compare",
        [400, 400, 400, 400],
    ),
    (
        "GET",
        "/models/{slug}",
        "/models/no-such-model",
        [404, 404, 404, 404],
    ),
    (
        "GET",
        "/api/v1/leaderboards/{task}",
        "/api/v1/leaderboards/text-generation",
        [200, 200, 200, 200],
    ),
    ("GET", "/insights", "/insights", [200, 200, 200, 200]),
    ("POST", "/insights", "/insights", [401, 422, 422, 422]),
    (
        "GET",
        "/insights/new",
        "/insights/new",
        [303, 200, 200, 200],
    ),
    (
        "GET",
        "/insights/feed.atom",
        "/insights/feed.atom",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/insights/{id}",
        "/insights/00000000-0000-0000-0000-000000000000",
        [404, 404, 404, 404],
    ),
    (
        "GET",
        "/insights/{id}/edit",
        "/insights/00000000-0000-0000-0000-000000000000/edit",
        [303, 404, 404, 404],
    ),
    (
        "POST",
        "/insights/{id}/edit",
        "/insights/00000000-0000-0000-0000-000000000000/edit",
        [401, 404, 404, 404],
    ),
    (
        "POST",
        "/insights/{id}/delete",
        "/insights/00000000-0000-0000-0000-000000000000/delete",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/insights/{id}/history",
        "/insights/00000000-0000-0000-0000-000000000000/history",
        [404, 404, 404, 404],
    ),
    (
        "POST",
        "/insights/{id}/helpful",
        "/insights/00000000-0000-0000-0000-000000000000/helpful",
        [401, 404, 404, 404],
    ),
    (
        "POST",
        "/insights/{id}/comments",
        "/insights/00000000-0000-0000-0000-000000000000/comments",
        [401, 422, 422, 422],
    ),
    (
        "POST",
        "/insights/{id}/report",
        "/insights/00000000-0000-0000-0000-000000000000/report",
        [401, 422, 422, 422],
    ),
    (
        "GET",
        "/moderation/insights",
        "/moderation/insights",
        [303, 403, 200, 200],
    ),
    (
        "POST",
        "/moderation/insights/{id}",
        "/moderation/insights/00000000-0000-0000-0000-000000000000",
        [401, 403, 400, 400],
    ),
    (
        "GET",
        "/api/v1/insights",
        "/api/v1/insights",
        [200, 200, 200, 200],
    ),
    ("GET", "/topics", "/topics", [200, 200, 200, 200]),
    ("POST", "/topics", "/topics", [401, 403, 422, 422]),
    ("GET", "/topics/new", "/topics/new", [303, 403, 200, 200]),
    (
        "GET",
        "/topics/{id}",
        "/topics/00000000-0000-0000-0000-000000000000",
        [404, 404, 404, 404],
    ),
    (
        "POST",
        "/topics/{id}/signup",
        "/topics/00000000-0000-0000-0000-000000000000/signup",
        [401, 404, 404, 404],
    ),
    (
        "GET",
        "/topics/{id}/edit",
        "/topics/00000000-0000-0000-0000-000000000000/edit",
        [303, 403, 404, 404],
    ),
    (
        "POST",
        "/topics/{id}/edit",
        "/topics/00000000-0000-0000-0000-000000000000/edit",
        [401, 403, 404, 404],
    ),
    (
        "GET",
        "/topics/{id}/dashboard",
        "/topics/00000000-0000-0000-0000-000000000000/dashboard",
        [303, 403, 404, 404],
    ),
    (
        "GET",
        "/topics/{id}/signups.csv",
        "/topics/00000000-0000-0000-0000-000000000000/signups.csv",
        [303, 403, 404, 404],
    ),
    ("GET", "/signups", "/signups", [303, 200, 200, 200]),
    (
        "GET",
        "/topics/feed.atom",
        "/topics/feed.atom",
        [200, 200, 200, 200],
    ),
    (
        "GET",
        "/research/gaps",
        "/research/gaps",
        [303, 403, 200, 200],
    ),
    (
        "POST",
        "/research/gaps/topic",
        "/research/gaps/topic",
        [401, 403, 400, 400],
    ),
    (
        "POST",
        "/signups/{id}/withdraw",
        "/signups/00000000-0000-0000-0000-000000000000/withdraw",
        [401, 404, 404, 404],
    ),
    (
        "POST",
        "/signups/{id}/decide",
        "/signups/00000000-0000-0000-0000-000000000000/decide",
        [401, 403, 400, 400],
    ),
    (
        "POST",
        "/signups/{id}/notes",
        "/signups/00000000-0000-0000-0000-000000000000/notes",
        [401, 403, 404, 404],
    ),
    ("GET", "/guide", "/guide", [200, 200, 200, 200]),
    ("GET", "/moderation", "/moderation", [303, 403, 200, 200]),
    ("POST", "/moderation", "/moderation", [401, 403, 422, 422]),
    (
        "POST",
        "/moderation/uploads/{id}",
        "/moderation/uploads/00000000-0000-0000-0000-000000000000",
        [401, 403, 404, 404],
    ),
    ("GET", "/hardware", "/hardware", [200, 200, 200, 200]),
    (
        "GET",
        "/moderation/hardware",
        "/moderation/hardware",
        [303, 403, 200, 200],
    ),
    (
        "POST",
        "/moderation/hardware/map",
        "/moderation/hardware/map",
        [401, 403, 422, 422],
    ),
    (
        "POST",
        "/moderation/hardware/add",
        "/moderation/hardware/add",
        [401, 403, 422, 422],
    ),
    (
        "GET",
        "/admin/hardware",
        "/admin/hardware",
        [303, 403, 403, 200],
    ),
    (
        "POST",
        "/admin/hardware/{slug}",
        "/admin/hardware/no-such-device",
        [401, 403, 403, 404],
    ),
    (
        "POST",
        "/admin/hardware/{slug}/merge",
        "/admin/hardware/no-such-device/merge",
        [401, 403, 403, 404],
    ),
    (
        "GET",
        "/api/v1/measurements",
        "/api/v1/measurements",
        [200, 200, 200, 200],
    ),
    (
        "POST",
        "/api/v1/measurements",
        "/api/v1/measurements",
        [401, 401, 401, 401],
    ),
    (
        "GET",
        "/measurements/codecarbon",
        "/measurements/codecarbon",
        [303, 200, 200, 200],
    ),
    (
        "POST",
        "/measurements/codecarbon",
        "/measurements/codecarbon",
        [401, 422, 422, 422],
    ),
    (
        "POST",
        "/api/codecarbon/runs",
        "/api/codecarbon/runs",
        [401, 401, 401, 401],
    ),
    (
        "POST",
        "/api/codecarbon/emissions",
        "/api/codecarbon/emissions",
        [401, 401, 401, 401],
    ),
    (
        "GET",
        "/api/codecarbon/auth/check",
        "/api/codecarbon/auth/check",
        [401, 401, 401, 401],
    ),
    (
        "GET",
        "/api/codecarbon/experiments/{id}",
        "/api/codecarbon/experiments/00000000-0000-0000-0000-000000000000",
        [401, 401, 401, 401],
    ),
    (
        "GET",
        "/api/openapi.json",
        "/api/openapi.json",
        [200, 200, 200, 200],
    ),
    // Last: it ends the session.
    ("POST", "/logout", "/logout", [303, 303, 303, 303]),
];

/// Every (method, route) the code registers with `.route(…)`.
pub fn routes_in_code() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (start, _) in text.match_indices(".route(") {
                // The whole call: up to the parenthesis that closes it.
                let rest = &text[start + ".route(".len()..];
                let mut depth = 1;
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map(|(i, _)| i)
                    .unwrap();
                let call = &rest[..end];
                let route = call.split('"').nth(1).unwrap().to_string();
                for method in ["get", "post", "put", "patch", "delete"] {
                    let calls_it = call.match_indices(&format!("{method}(")).any(|(i, _)| {
                        i == 0
                            || !call[..i]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                            || call[..i].ends_with("routing::")
                    });
                    if calls_it {
                        found.insert((method.to_uppercase(), route.clone()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_route_in_the_code_is_in_the_matrix() {
    let code = routes_in_code();
    let matrix: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, r, _, _)| (m.to_string(), r.to_string()))
        .collect();
    let missing: Vec<_> = code.difference(&matrix).collect();
    assert!(
        missing.is_empty(),
        "routes without a role-matrix entry: {missing:?}"
    );
    let stale: Vec<_> = matrix.difference(&code).collect();
    assert!(
        stale.is_empty(),
        "matrix entries for routes that no longer exist: {stale:?}"
    );
}

async fn token_of(visitor: &TestApp, logged_in: bool) -> String {
    let page = if logged_in { "/account" } else { "/login" };
    csrf_of(&visitor.get(page).await.text().await.unwrap())
}

#[tokio::test]
async fn every_route_answers_each_role_as_expected() {
    let app = spawn_app().await;
    let anonymous = app.another_visitor();
    let member = app.another_visitor();
    member.with_role("member@example.nl", "member").await;
    let researcher = app.another_visitor();
    researcher
        .with_role("researcher@example.nl", "researcher")
        .await;
    let admin = app.another_visitor();
    admin.with_role("admin@example.nl", "admin").await;
    let visitors = [&anonymous, &member, &researcher, &admin];
    let mut tokens = Vec::new();
    for (i, v) in visitors.iter().enumerate() {
        tokens.push(token_of(v, i > 0).await);
    }
    // Setting up the four visitors used up part of this address's registration allowance.
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    let mut wrong = Vec::new();
    for (method, _, path, expected) in MATRIX {
        for (i, v) in visitors.iter().enumerate() {
            let response = if *method == "GET" {
                v.get(path).await
            } else {
                v.client
                    .post(v.url(path))
                    .form(&[("csrf_token", tokens[i].as_str())])
                    .send()
                    .await
                    .unwrap()
            };
            let status = response.status().as_u16();
            if status != expected[i] {
                wrong.push(format!(
                    "{method} {path} as {}: {status}, expected {}",
                    ["anonymous", "member", "researcher", "admin"][i],
                    expected[i]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
