//! Citable editions: a researcher freezes a board; its page and downloads read the same after
//! the live board moves on, and its Parquet opens in pyarrow (PyPI, in a virtual environment
//! the test makes).

use crate::harness::{TestApp, spawn_app};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const PYARROW: &str = "pyarrow==22.0.0";

fn pyarrow_python() -> PathBuf {
    crate::harness::python_with("pyarrow-venv", PYARROW)
}

async fn submit(app: &TestApp, token: &str, energy: &str) {
    crate::leaderboards::submit(app, token, "Qwen 3 8B", energy).await;
}

async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"),
        "{path}"
    );
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn a_frozen_edition_reads_the_same_forever_and_opens_in_pyarrow() {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("ann@example.nl").await;
    let token = crate::measurements::api_token(&app).await;
    submit(&app, &token, "250 Wh").await;
    submit(&app, &token, "350 Wh").await;

    // A member may not freeze; a researcher may.
    let member = app
        .submit("/editions", "/editions", &[("scope", "text-generation")])
        .await;
    assert_eq!(member.status(), 403);
    let researcher = app.another_visitor();
    researcher.with_role("rita@example.nl", "researcher").await;
    let frozen = researcher
        .submit("/editions", "/editions", &[("scope", "text-generation")])
        .await;
    assert_eq!(frozen.status(), 303);
    let at = frozen.headers()["location"].to_str().unwrap().to_string();
    assert!(
        at.starts_with("/editions/") && at.ends_with("-text-generation"),
        "{at}"
    );
    let slug = at.trim_start_matches("/editions/").to_string();

    let page = app.another_visitor().get(&at).await.text().await.unwrap();
    assert!(page.contains("The first edition of this board."), "{page}");
    assert!(page.contains("@misc{greenaihub-"), "{page}");
    let files = [
        "lines.csv",
        "lines.json",
        "lines.parquet",
        "CITATION.cff",
        "edition.bib",
    ];
    let mut before = Vec::new();
    for f in files {
        before.push(bytes(&app, &format!("{at}/{f}")).await);
    }
    let json: Value = serde_json::from_slice(&before[1]).unwrap();
    assert_eq!(json["edition"], slug.as_str());
    assert_eq!(json["counts"]["self_reported"], 2);
    let lines = json["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    let median = lines[0]["median"].as_f64().unwrap();
    assert!((median - 300.0).abs() < 1e-9, "{median}");
    let cff = String::from_utf8(before[3].clone()).unwrap();
    assert!(
        cff.starts_with("cff-version: 1.2.0\n") && cff.contains("type: dataset"),
        "{cff}"
    );

    // The live board moves on; the edition does not.
    submit(&app, &token, "400 Wh").await;
    for (f, old) in files.iter().zip(&before) {
        assert_eq!(&bytes(&app, &format!("{at}/{f}")).await, old, "{f} changed");
    }
    let changed = sqlx::query("update edition_lines set median = 1")
        .execute(&app.db)
        .await;
    assert!(
        changed.is_err(),
        "the database refuses to change a frozen line"
    );
    let second = researcher
        .submit("/editions", "/editions", &[("scope", "text-generation")])
        .await;
    let second = second.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(second, format!("{at}-2"));
    let page = app.get(&second).await.text().await.unwrap();
    let since = format!(
        "Since <a href=\"{at}\">{slug}</a>: 0 lines added, 0 lines gone, one median changed."
    );
    assert!(page.contains(&since), "{page}");

    // The Parquet, as pyarrow reads it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lines.parquet");
    std::fs::write(&file, &before[2]).unwrap();
    let read = Command::new(pyarrow_python())
        .arg("-c")
        .arg(
            "import sys, json, pyarrow.parquet as pq\n\
             t = pq.read_table(sys.argv[1])\n\
             print(json.dumps({'rows': t.num_rows, 'columns': t.column_names, \
             'median': t.column('median')[0].as_py(), 'edition': t.column('edition')[0].as_py(), \
             'device': t.column('device')[0].as_py()}))",
        )
        .arg(&file)
        .output()
        .expect("python runs");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let seen: Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(seen["rows"], 1);
    assert_eq!(seen["edition"], slug.as_str());
    assert!((seen["median"].as_f64().unwrap() - 300.0).abs() < 1e-9);
    assert_eq!(seen["columns"].as_array().unwrap().len(), 16);
    assert!(seen["device"].is_string());
}
