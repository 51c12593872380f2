//! The bad-input matrix: every form and every API endpoint, fed generated bad values —
//! empty, too long, negative, NaN, infinite, out of range, control and invisible characters,
//! SQL and HTML, wrong types, wrong content types, truncated bodies. No case may give a 5xx;
//! every refusal (4xx) says why and stores nothing; values no field may hold (NUL and other
//! control characters, text far over any limit) are always refused.
//!
//! The forms are those of the role matrix (every POST route), reached as an admin with real
//! ids where a route needs one; each request sends the bad value in every field name the
//! templates use, so whatever a form reads, it reads the bad value.

use crate::accounts::csrf_of;
use crate::harness::{TestApp, spawn_app};
use serde_json::{Value, json};

/// Every field name a form or filter of the site uses: those written in the templates and
/// those the form macros take as arguments.
fn field_names() -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("name=\"").skip(1) {
                let name = part.split('"').next().unwrap();
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                    names.insert(name.to_string());
                }
            }
            for part in text.split("call m::").skip(1) {
                // The field name a macro call names, within the call itself.
                let call = part.split("%}").next().unwrap_or("");
                if let Some(name) = call.split('"').nth(1).filter(|n| !n.contains(' ')) {
                    names.insert(name.to_string());
                }
            }
        }
    }
    names.remove("csrf_token");
    names.remove("viewport");
    assert!(names.len() > 60, "{names:?}");
    names.into_iter().collect()
}

/// (what it is, the value, whether every field must refuse it).
fn bad_values() -> Vec<(&'static str, String, bool)> {
    vec![
        ("empty", String::new(), false),
        ("too long", "x".repeat(6_000), true),
        ("negative", "-1".into(), false),
        ("negative zero", "-0".into(), false),
        ("NaN", "NaN".into(), false),
        ("infinity", "Infinity".into(), false),
        ("out of range", "1e309".into(), false),
        ("huge integer", "99999999999999999999999".into(), false),
        ("NUL", "a\u{0}b".into(), true),
        ("escape", "a\u{1b}[2Jb".into(), true),
        ("right-to-left override", "abc\u{202e}gpj.exe".into(), false),
        ("zero-width", "a\u{200b}b".into(), false),
        ("SQL", "'; drop table users; --".into(), false),
        (
            "HTML",
            "<script>alert(1)</script><img src=x onerror=alert(1)>".into(),
            false,
        ),
        ("wrong type", "[object Object]".into(), false),
        ("emoji", "🙂".repeat(40), false),
        ("path", "../../../etc/passwd".into(), false),
        ("date", "2026-02-30".into(), false),
    ]
}

/// The number of rows of every table but those a refused request may write to (rate limits
/// and the audit log), in one statement.
async fn snapshot(app: &TestApp) -> String {
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'
            and table_name not in ('rate_limits', 'audit_events', '_sqlx_migrations')
          order by 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let sql = tables
        .iter()
        .map(|t| format!("'{t}=' || (select count(*) from \"{t}\")"))
        .collect::<Vec<_>>()
        .join(" || ' ' || ");
    sqlx::query_scalar(&format!("select {sql}"))
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// What the matrix saw.
#[derive(Default, Debug)]
struct Tally {
    /// Answers by status.
    statuses: std::collections::BTreeMap<u16, usize>,
    requests: usize,
    refused: usize,
    accepted: usize,
}

/// A refusal says what went wrong: an HTML page or a problem body with a message.
async fn assert_explained(what: &str, r: reqwest::Response) {
    let api = r
        .headers()
        .get("content-type")
        .is_some_and(|c| c.to_str().unwrap().starts_with("application/problem+json"));
    let text = r.text().await.unwrap();
    if api {
        let problem: Value = serde_json::from_str(&text).unwrap();
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: {problem}"
        );
    } else {
        assert!(text.contains("<main") && text.len() > 200, "{what}: {text}");
        assert_messages_tied_to_fields(what, &text);
    }
}

/// Each field's message on a page that came back can be found and heard: it has an id, its
/// field names it in `aria-describedby`, and every link of the error summary leads to one.
fn assert_messages_tied_to_fields(what: &str, html: &str) {
    let ids_of = |marker: &str| -> Vec<String> {
        html.split(marker)
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_string))
            .collect()
    };
    for tag in html.split("<p class=\"field-error\"").skip(1) {
        let id = tag
            .strip_prefix(" id=\"")
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{what}: a field message without an id: {tag:.200}"));
        assert!(
            html.contains(&format!("aria-describedby=\"{id}\"")),
            "{what}: no field is described by {id}"
        );
    }
    for target in ids_of("<li><a href=\"#") {
        assert!(
            html.contains(&format!(" id=\"{target}\"")),
            "{what}: the summary links to #{target}, which is not on the page"
        );
    }
}

#[tokio::test]
async fn every_form_and_endpoint_refuses_bad_input_plainly_and_never_fails() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.with_role("admin@example.nl", "admin").await;
    let token = crate::measurements::api_token(&app).await;
    // Real things for the routes that act on one.
    let measurement = crate::measurements::post_api(
        &app,
        &token,
        &json!({
            "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
            "hardware": "NVIDIA A100 80GB PCIe", "energy": "250 Wh", "duration": "1 h",
            "queries": 1000, "method": "nvml", "measured_on": "2026-02-01"
        }),
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let insight = app
        .submit(
            "/insights/new",
            "/insights",
            &[
                ("title", "Batching halves the energy per query"),
                ("body", "Measured on an A100 with **vLLM**."),
                ("category", "inference"),
                ("lang", "en"),
            ],
        )
        .await;
    assert_eq!(insight.status(), 303, "{}", insight.text().await.unwrap());
    let insight = insight.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/insights/")
        .to_string();
    let topic = crate::topics::topic(&app, "2", "admin@example.nl").await;
    let real = |path: &str| {
        let mut p = path.to_string();
        for (prefix, id) in [
            ("/measurements/", &measurement),
            ("/insights/", &insight),
            ("/moderation/insights/", &insight),
            ("/topics/", &topic),
        ] {
            let dummy = format!("{prefix}00000000-0000-0000-0000-000000000000");
            if p.starts_with(&dummy) {
                p = p.replacen(&dummy, &format!("{prefix}{id}"), 1);
            }
        }
        p
    };

    let names = field_names();
    let values = bad_values();
    let mut tally = Tally::default();
    let forms: Vec<&str> = crate::roles::MATRIX
        .iter()
        .filter(|(method, route, _, _)| {
            *method == "POST" && *route != "/logout" && !route.starts_with("/api/")
        })
        .map(|(_, _, path, _)| *path)
        .collect();
    assert!(forms.len() > 30);
    for path in &forms {
        let path = real(path);
        let page = app.get("/account").await.text().await.unwrap();
        let csrf = csrf_of(&page);
        assert!(!csrf.is_empty(), "the admin is still logged in");
        for (what, value, always_refused) in &values {
            let before = snapshot(&app).await;
            let mut fields: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
            fields.extend(names.iter().map(|n| (n.as_str(), value.as_str())));
            let r = app
                .client
                .post(app.url(&path))
                .form(&fields)
                .send()
                .await
                .unwrap();
            tally.requests += 1;
            let status = r.status().as_u16();
            *tally.statuses.entry(status).or_default() += 1;
            let case = format!("POST {path} with {what}");
            assert!(status < 500, "{case}: {status}");
            if *always_refused {
                assert!((400..500).contains(&status), "{case}: {status}");
            }
            if (400..500).contains(&status) {
                tally.refused += 1;
                assert_explained(&case, r).await;
                assert_eq!(snapshot(&app).await, before, "{case} stored something");
            } else {
                tally.accepted += 1;
            }
        }
        // Forms that count attempts would soon answer only 429.
        sqlx::query("delete from rate_limits")
            .execute(&app.db)
            .await
            .unwrap();
    }

    // Every page, with every filter and field name as a query parameter.
    for (method, _, path, _) in crate::roles::MATRIX {
        if *method != "GET" || path.starts_with("/static/") {
            continue;
        }
        let path = real(path);
        for (what, value, _) in &values {
            // A query string stays within what a browser sends (each value ≤ 600 characters).
            let value: String = value.chars().take(600).collect();
            let value = &value;
            let mut url = reqwest::Url::parse(&app.url(&path)).unwrap();
            {
                let mut query = url.query_pairs_mut();
                for name in names.iter().chain(
                    ["page", "per_page", "cursor", "limit"]
                        .map(String::from)
                        .iter(),
                ) {
                    query.append_pair(name, value);
                }
            }
            let r = app.client.get(url).send().await.unwrap();
            tally.requests += 1;
            let status = r.status().as_u16();
            assert!(status < 500, "GET {path} with {what}: {status}");
            if (400..500).contains(&status) {
                tally.refused += 1;
                assert_explained(&format!("GET {path} with {what}"), r).await;
            }
        }
    }

    // The API: a valid body with each field in turn made bad (as text, and as the JSON
    // types it is not), then bodies that are not JSON at all.
    let valid = json!({
        "model": "meta-llama/Llama-3.1-8B-Instruct", "task": "text-generation",
        "hardware": "NVIDIA A100 80GB PCIe", "energy": "300 Wh", "duration": "1 h",
        "queries": 1000, "method": "nvml", "measured_on": "2026-02-02",
        "device_count": 1, "precision": "bf16", "region": "NL", "notes": "n",
        "source_url": "https://example.org", "tool_version": "1", "batch_size": 8,
        "output_tokens": 100, "pue": 1.1, "grid_intensity": 300
    });
    let api = |body: reqwest::Body, content_type: &'static str| {
        let (url, token) = (app.url("/api/v1/measurements"), token.clone());
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let mut bodies: Vec<(String, Vec<u8>, &'static str)> = Vec::new();
    for field in valid.as_object().unwrap().keys() {
        let mut variants: Vec<Value> = values.iter().map(|(_, v, _)| json!(v)).collect();
        variants.extend([
            json!(-1),
            json!(0),
            json!(1e300),
            // Past i32 and past u32: integers a column cannot hold.
            json!(2_147_483_648_u64),
            json!(4_294_967_295_u64),
            json!(null),
            json!(true),
            json!([1]),
            json!({"a": 1}),
        ]);
        for bad in variants {
            let mut body = valid.clone();
            body[field] = bad.clone();
            bodies.push((
                format!("{field} = {bad}"),
                body.to_string().into_bytes(),
                "application/json",
            ));
        }
    }
    let text = valid.to_string();
    bodies.extend([
        ("empty body".to_string(), Vec::new(), "application/json"),
        (
            "truncated JSON".to_string(),
            text.as_bytes()[..text.len() / 2].to_vec(),
            "application/json",
        ),
        (
            "1e309 as a JSON number".to_string(),
            text.replace("1000", "1e309").into_bytes(),
            "application/json",
        ),
        (
            "NaN as a JSON token".to_string(),
            text.replace("1000", "NaN").into_bytes(),
            "application/json",
        ),
        (
            "a form body".to_string(),
            b"model=x&energy=1".to_vec(),
            "application/x-www-form-urlencoded",
        ),
        (
            "plain text".to_string(),
            text.clone().into_bytes(),
            "text/plain",
        ),
        (
            "multipart".to_string(),
            b"--b\r\ncontent-disposition: form-data; name=\"model\"\r\n\r\nx".to_vec(),
            "multipart/form-data; boundary=b",
        ),
        (
            "not UTF-8".to_string(),
            vec![0xff, 0xfe, 0x7b],
            "application/json",
        ),
        (
            "over a megabyte".to_string(),
            vec![b' '; 2 << 20],
            "application/json",
        ),
    ]);
    for (what, body, content_type) in bodies {
        let before = snapshot(&app).await;
        let r = api(body.into(), content_type).await;
        tally.requests += 1;
        let status = r.status().as_u16();
        let case = format!("POST /api/v1/measurements, {what}");
        assert!(status < 500, "{case}: {status}");
        if (400..500).contains(&status) {
            tally.refused += 1;
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{case}"
            );
            assert_explained(&case, r).await;
            assert_eq!(snapshot(&app).await, before, "{case} stored something");
        } else {
            tally.accepted += 1;
        }
    }

    // Text no person types — a NUL, an escape, a noncharacter, written as JSON escapes, in
    // any field or key — is refused with 400 before anything is checked or stored (it used
    // to reach PostgreSQL, which refuses a NUL: 500).
    for (field, bad) in [
        ("notes", "\\u0000"),
        ("hardware", "NVIDIA A100\\u0000"),
        ("region", "NL\\u001b[2J"),
        ("notes", "fine \\uffff"),
        ("model", "\\ufdd0Qwen"),
    ] {
        let mut body = valid.clone();
        body[field] = json!("PLACEHOLDER");
        let text = body.to_string().replace("PLACEHOLDER", bad);
        let before = snapshot(&app).await;
        let r = api(text.into_bytes().into(), "application/json").await;
        tally.requests += 1;
        tally.refused += 1;
        let case = format!("POST /api/v1/measurements, {field} = {bad}");
        assert_eq!(r.status(), 400, "{case}");
        assert_explained(&case, r).await;
        assert_eq!(snapshot(&app).await, before, "{case} stored something");
    }
    let key = valid.to_string().replacen("{", "{\"x\\u0000\": 1, ", 1);
    let r = api(key.into_bytes().into(), "application/json").await;
    tally.requests += 1;
    tally.refused += 1;
    assert_eq!(r.status(), 400, "a NUL in a key");

    // A multipart upload cut off in the middle.
    let page = app.get("/measurements/upload").await.text().await.unwrap();
    let csrf = csrf_of(&page);
    let cut = format!(
        "--b\r\ncontent-disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--b\r\ncontent-disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\ncontent-type: text/csv\r\n\r\nduration,energy_consumed\n1,0."
    );
    let before = snapshot(&app).await;
    let r = app
        .client
        .post(app.url("/measurements/upload"))
        .header("content-type", "multipart/form-data; boundary=b")
        .body(cut)
        .send()
        .await
        .unwrap();
    tally.requests += 1;
    assert_eq!(r.status(), 400);
    assert_explained("a truncated upload", r).await;
    assert_eq!(snapshot(&app).await, before);

    // The upload's own fields keep to the same rule: the form comes back with the message
    // at the field, and nothing is kept.
    let file = "timestamp,duration,energy_consumed\n2026-01-01T00:00:00,60,0.001\n";
    let body = format!(
        "--b\r\ncontent-disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--b\r\ncontent-disposition: form-data; name=\"model\"\r\n\r\nQwen\u{0}3\r\n--b\r\ncontent-disposition: form-data; name=\"task\"\r\n\r\ntext-generation\r\n--b\r\ncontent-disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\ncontent-type: text/csv\r\n\r\n{file}\r\n--b--\r\n"
    );
    let before = snapshot(&app).await;
    let r = app
        .client
        .post(app.url("/measurements/upload"))
        .header("content-type", "multipart/form-data; boundary=b")
        .body(body)
        .send()
        .await
        .unwrap();
    tally.requests += 1;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("invisible control characters"), "{html}");
    assert!(!html.contains('\u{0}'), "the NUL is not shown back");
    assert_eq!(snapshot(&app).await, before);

    eprintln!("bad-input matrix: {tally:?}");
    assert!(tally.requests > 1500, "{tally:?}");
    // The forms were reached, not stopped at the door: most answers are their own refusals
    // (422, 400), not the CSRF check's 403.
    let forbidden = tally.statuses.get(&403).copied().unwrap_or(0);
    assert!(forbidden * 5 < tally.refused, "{tally:?}");
}
