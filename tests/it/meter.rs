//! greenai-meter end to end: a run measured by the meter (a source standing in for a GPU),
//! sent to a real server through a connection that loses the first answer, is stored once;
//! its protocol and power timeline are on its page.

use crate::harness::{TestApp, spawn_app};
use energy_model::protocol::Protocol;
use greenai_meter::measure::measure;
use greenai_meter::output::{About, measurement};
use greenai_meter::sources::{Info, Part, Reading, Source};
use greenai_meter::submit::{Answer, submit};
use std::net::SocketAddr;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

/// A GPU drawing a steady 150 W (a test machine has none).
struct SteadyGpu(Info);

impl Source for SteadyGpu {
    fn info(&self) -> &Info {
        &self.0
    }
    fn read(&mut self) -> Result<Reading, energy_model::Text> {
        Ok(Reading::Watts(150.0))
    }
}

/// A proxy to `target` that hangs up on the first request once the server has begun to
/// answer it (the answer is lost, the request was handled), and passes the rest through.
async fn losing_first_answer(target: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut first = true;
        while let Ok((client, _)) = listener.accept().await {
            let lose = std::mem::replace(&mut first, false);
            tokio::spawn(async move {
                let Ok(mut server) = TcpStream::connect(target).await else {
                    return;
                };
                let mut client = client;
                if !lose {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    return;
                }
                let (mut from_client, _to_client) = client.into_split();
                let (mut from_server, mut to_server) = server.into_split();
                let up = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut from_client, &mut to_server).await;
                });
                let mut first_bytes = [0u8; 64];
                let _ = from_server.read(&mut first_bytes).await;
                up.abort();
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_measured_run_is_sent_once_despite_a_lost_answer_and_shows_its_protocol() {
    let app: TestApp = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    app.member("meter@example.nl").await;
    let token = crate::measurements::api_token(&app).await;

    let protocol = Protocol {
        idle_s: 1.0,
        cooldown_s: 0.5,
        sample_hz: 20.0,
    };
    let (outcome, body, key) = tokio::task::spawn_blocking(move || {
        let mut sources: Vec<Box<dyn Source>> = vec![Box::new(SteadyGpu(Info {
            id: "test:0".into(),
            part: Part::Gpu,
            device: "NVIDIA A100 80GB PCIe".into(),
            how: "sampled power",
        }))];
        let mut sleep = std::process::Command::new("sleep");
        sleep.arg("0.5");
        let outcome = measure(&mut sources, protocol, &mut sleep).unwrap();
        let about = About {
            model: "meta-llama/Llama-3.1-8B-Instruct".into(),
            task: "text-generation".into(),
            queries: Some(20),
            output_tokens: Some(4_000),
            region: "NL".into(),
            run_id: uuid::Uuid::new_v4().to_string(),
            ..About::default()
        };
        let body = measurement(&outcome, &about);
        (outcome, body, about.run_id)
    })
    .await
    .unwrap();
    assert_eq!(outcome.exit_code, Some(0));

    let proxy = losing_first_answer(app.addr).await;
    let site = format!("http://{proxy}");
    let (answer, again) = tokio::task::spawn_blocking(move || {
        let first = submit(&site, &token, &key, &body, "nl", 5);
        // The person runs the command again by hand: same key, same answer.
        let again = submit(&site, &token, &key, &body, "nl", 1);
        (first, again)
    })
    .await
    .unwrap();
    let Ok(Answer::Stored(answer)) = answer else {
        panic!("not stored: {answer:?}");
    };
    let Ok(Answer::Stored(again)) = again else {
        panic!("the retry was not answered as the first: {again:?}");
    };
    assert_eq!(answer["id"], again["id"]);
    let stored: Vec<(uuid::Uuid, String, serde_json::Value)> =
        sqlx::query_as("select id, method, details from measurements")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(stored.len(), 1, "stored once");
    let (id, method, details) = &stored[0];
    assert_eq!(answer["id"].as_str().unwrap(), id.to_string());
    assert_eq!(method, "greenai-meter");
    assert_eq!(details["protocol"]["idle_s"], 1.0);
    assert!(details["timeline"].as_array().is_some_and(|t| t.len() > 10));
    assert_eq!(details["tool"], "greenai-meter");
    assert_eq!(details["tool_version"], greenai_meter::output::VERSION);

    // Its page says how it was measured and draws the power.
    let page = app
        .get(&format!("/measurements/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("1 s idle baseline (150 W)"), "{page}");
    assert!(page.contains(r#"<path class="power""#));
    assert!(page.contains("Power during the measurement"));

    // A report that does not add up is refused whole, with the reason.
    let mut bad = measurement(
        &outcome,
        &About {
            model: "meta-llama/Llama-3.1-8B-Instruct".into(),
            task: "text-generation".into(),
            queries: Some(20),
            run_id: "other".into(),
            ..About::default()
        },
    );
    if let Some(p) = bad.meter.as_mut().and_then(|m| m.protocol.as_mut()) {
        p.sample_hz = 10_000.0;
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/measurements"))
        .bearer_auth(crate::measurements::api_token(&app).await)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("meter"));
    let n: i64 = sqlx::query_scalar("select count(*) from measurements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
}
