//! Sends a measurement to the platform's API with a bearer token and an `Idempotency-Key`
//! (the run's id): a retry after a lost answer stores nothing twice. Network errors, 5xx and
//! 429 are retried with backoff; any other answer is final.

use serde_json::Value;
use std::time::Duration;

/// How the platform answered.
#[derive(Debug)]
pub enum Answer {
    /// Stored: the answer's body (`id`, `status`, `url`, `flags`).
    Stored(Value),
    /// Refused, with the platform's explanation (problem+json).
    Refused { status: u16, problem: Value },
}

/// Posts `body` to `{site}/api/v1/measurements`; `lang` asks for the answer's language.
pub fn submit(
    site: &str,
    token: &str,
    key: &str,
    body: &impl serde::Serialize,
    lang: &str,
    attempts: u32,
) -> Result<Answer, String> {
    let url = format!("{}/api/v1/measurements", site.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut wait = Duration::from_millis(500);
    let mut last = String::new();
    for attempt in 1..=attempts.max(1) {
        let sent = agent
            .post(&url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Idempotency-Key", key)
            .header("Accept-Language", lang)
            .send_json(body);
        match sent {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let answer: Value = response.body_mut().read_json().unwrap_or(Value::Null);
                if (200..300).contains(&status) {
                    return Ok(Answer::Stored(answer));
                }
                if status >= 500 || status == 429 {
                    last = format!("{url} answered {status}");
                } else {
                    return Ok(Answer::Refused {
                        status,
                        problem: answer,
                    });
                }
            }
            Err(e) => last = format!("{url}: {e}"),
        }
        if attempt < attempts {
            std::thread::sleep(wait);
            wait = (wait * 2).min(Duration::from_secs(8));
        }
    }
    Err(last)
}
