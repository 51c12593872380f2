//! Journeys in a real browser: Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`), against the real server and PostgreSQL the tests start. Each journey
//! runs on a desktop and on a phone (390 × 844) with JavaScript, and on a desktop without. On every page of a journey
//! with JavaScript, axe-core (npm, `tests/browser`) must find no WCAG 2.1 A/AA violation, the
//! page with its stylesheet must weigh under 30 KB compressed, and nothing may be fetched
//! from another host. A failing step leaves a screenshot and the page's HTML in
//! `target/browser-failures/`.
//!
//! A missing browser, driver or axe-core fails these tests with the install step to take:
//! `.ci/run` installs them.

use crate::accounts::PASSWORD;
use crate::harness::{TestApp, free_port, spawn_app};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Compressed bytes a page may weigh with its stylesheet.
const PAGE_BUDGET: u64 = 30 * 1024;

/// A chromedriver process of this test; stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromedriver() -> Driver {
    let port = free_port();
    let program = std::env::var("GREENAI_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "could not start {program} ({e}): install Chromium and its driver \
                 (Debian: apt-get install chromium chromium-driver) — .ci/run does"
            )
        });
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// axe-core's script, from `npm ci --prefix tests/browser`.
fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run `npm ci --prefix tests/browser` (.ci/run does)",
            path.display()
        )
    })
}

/// One browser session: a person at a desktop with JavaScript, or at a phone without.
struct Browser {
    client: Client,
    base: String,
    js: bool,
    /// `desktop`, `phone` or `no-script`, for the names of failure files.
    device: &'static str,
    name: &'static str,
    axe: String,
    step: usize,
    /// The pages this journey went through (path and query), in order, once each.
    visited: Vec<String>,
}

#[derive(Clone, Copy)]
enum Device {
    /// 1366 × 900, with JavaScript.
    Desktop,
    /// 390 × 844, with JavaScript.
    Phone,
    /// 1366 × 900, JavaScript turned off.
    DesktopNoScript,
}

/// Every journey runs on each.
const DEVICES: [Device; 3] = [Device::Desktop, Device::Phone, Device::DesktopNoScript];

impl Browser {
    async fn open(driver: &Driver, app: &TestApp, device: Device, name: &'static str) -> Browser {
        let js = !matches!(device, Device::DesktopNoScript);
        let mut options = json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1366,900", "--lang=en-GB"],
            "prefs": {"profile.managed_default_content_settings.javascript": if js { 1 } else { 2 }},
        });
        if matches!(device, Device::Phone) {
            // A phone's screen (a headless window cannot be made that narrow; chromedriver
            // cannot emulate one with script turned off, so the phone runs with script).
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0}});
        }
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a Chromium session (is chromium installed?)");
        Browser {
            client,
            base: app.url(""),
            js,
            device: match device {
                Device::Desktop => "desktop",
                Device::Phone => "phone",
                Device::DesktopNoScript => "no-script",
            },
            name,
            axe: if js { axe_source() } else { String::new() },
            step: 0,
            visited: Vec::new(),
        }
    }

    /// Keeps a screenshot and the HTML of the page, then fails with `why`.
    async fn fail(&self, why: &str) -> ! {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let stem = format!("{}-{}-step{}", self.name, self.device, self.step);
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{stem}.png")), png);
        }
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{stem}.html")), html);
        }
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        panic!(
            "{stem} at {url}: {why} (screenshot and HTML in {})",
            dir.display()
        );
    }

    async fn goto(&mut self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        if let Err(e) = self.client.goto(&url).await {
            self.fail(&format!("could not open {url}: {e}")).await;
        }
        self.check_page().await;
    }

    /// What every page of a journey must be: accessible, light, and from this site only.
    async fn check_page(&mut self) {
        self.step += 1;
        if let Ok(url) = self.client.current_url().await {
            let here = match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            };
            if std::env::var_os("GREENAI_BROWSER_TRACE").is_some() {
                eprintln!("{} {} step {}: {url}", self.name, self.device, self.step);
            }
            if !self.visited.contains(&here) {
                self.visited.push(here);
            }
        }
        let html = self.client.source().await.unwrap_or_default();
        let host = self.base.trim_end_matches('/').to_string();
        for attr in ["src=\"http", "href=\"http"] {
            for rest in html.split(attr).skip(1) {
                let target = format!("http{}", rest.split('"').next().unwrap_or(""));
                let stylesheet_or_script = attr.starts_with("src")
                    || html.contains(&format!("rel=\"stylesheet\" href=\"{target}\""));
                if stylesheet_or_script && !target.starts_with(&host) {
                    self.fail(&format!("loads {target} from another host"))
                        .await;
                }
            }
        }
        if !self.js {
            return;
        }
        let hosts = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).host)
                    .filter(h => h !== location.host);",
                vec![],
            )
            .await
            .unwrap_or(Value::Null);
        if hosts.as_array().is_some_and(|h| !h.is_empty()) {
            self.fail(&format!("requests to other hosts: {hosts}"))
                .await;
        }
        // The document and its stylesheet, as sent (compressed).
        let weight = self
            .client
            .execute(
                "const nav = performance.getEntriesByType('navigation')[0];
                 const css = performance.getEntriesByType('resource')
                     .filter(e => e.initiatorType === 'link')
                     .reduce((s, e) => s + e.encodedBodySize, 0);
                 return (nav ? nav.encodedBodySize : 0) + css;",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        if weight > PAGE_BUDGET {
            self.fail(&format!(
                "weighs {weight} bytes compressed (budget {PAGE_BUDGET})"
            ))
            .await;
        }
        if let Err(e) = self.client.execute(&self.axe, vec![]).await {
            self.fail(&format!("could not load axe-core: {e}")).await;
        }
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                        + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap_or(Value::Null);
        if violations.as_array().is_none_or(|v| !v.is_empty()) {
            self.fail(&format!("axe-core: {violations}")).await;
        }
    }

    /// Types `value` into the field named `name` (as a person does: no script needed).
    async fn fill(&mut self, name: &str, value: &str) {
        let field = match self
            .client
            .find(Locator::Css(&format!("[name=\"{name}\"]")))
            .await
        {
            Ok(f) => f,
            Err(e) => self.fail(&format!("no field {name}: {e}")).await,
        };
        let _ = field.clear().await;
        if let Err(e) = field.send_keys(value).await {
            self.fail(&format!("could not type into {name}: {e}")).await;
        }
    }

    /// Picks the option of a select whose value or text is `choice`.
    async fn choose(&mut self, name: &str, choice: &str) {
        let xpath = format!(
            "//select[@name='{name}']/option[@value='{choice}' or normalize-space(.)='{choice}']"
        );
        match self.client.find(Locator::XPath(&xpath)).await {
            Ok(option) => {
                if let Err(e) = option.click().await {
                    self.fail(&format!("could not choose {choice} in {name}: {e}"))
                        .await;
                }
            }
            Err(e) => {
                self.fail(&format!("no option {choice} in {name}: {e}"))
                    .await
            }
        }
    }

    /// Clicks what `css` finds (a button or a link) and checks the page it leads to, once
    /// the old page is gone (a link within the page leaves it; that wait is short).
    async fn click(&mut self, css: &str) {
        let old = self.client.find(Locator::Css("html")).await.ok();
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => {
                if let Err(e) = element.click().await {
                    self.fail(&format!("could not click {css}: {e}")).await;
                }
            }
            Err(e) => self.fail(&format!("nothing to click at {css}: {e}")).await,
        }
        if let Some(old) = old {
            let deadline =
                Instant::now() + Duration::from_secs(if css.contains("#") { 1 } else { 10 });
            // A stale element: the next page has replaced it.
            while old.tag_name().await.is_ok() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.check_page().await;
    }

    /// The language switch turns every page this journey went through into Dutch (each
    /// checked as any page is), and back into English.
    async fn in_dutch_and_back(&mut self) {
        let pages = self.visited.clone();
        for (lang, switch_to) in [("nl", "nl"), ("en", "en")] {
            self.goto(&format!("/language/{switch_to}?next=/")).await;
            for page in &pages {
                self.goto(page).await;
                let shown = match self.client.find(Locator::Css("html")).await {
                    Ok(html) => html.attr("lang").await.ok().flatten(),
                    Err(_) => None,
                };
                if shown.as_deref() != Some(lang) {
                    self.fail(&format!("{page} is not in the language chosen ({lang})"))
                        .await;
                }
                let nav = if lang == "nl" {
                    "Ranglijsten"
                } else {
                    "Leaderboards"
                };
                if !self.client.source().await.unwrap_or_default().contains(nav) {
                    self.fail(&format!("{page}: its navigation is not in {lang}"))
                        .await;
                }
            }
        }
    }

    /// The text of the page's main part.
    async fn text(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    async fn expect_text(&self, wanted: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.text().await.contains(wanted) {
            if Instant::now() > deadline {
                self.fail(&format!("the page does not say “{wanted}”"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.path().to_string())
            .unwrap_or_default()
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A listener registers, confirms the address from the mail, submits a measurement with a
/// mistake, finds the message from the summary at the top, fixes it, and sees it counted as
/// self-reported; a researcher verifies it; it is on the board and the model's page; the
/// language switch turns the pages Dutch and back.
async fn first_measurement(app: &TestApp, driver: &Driver, device: Device, email: &str) {
    let mut b = Browser::open(driver, app, device, "first-measurement").await;
    b.goto("/").await;
    b.click("a[href=\"/register\"]").await;
    b.fill("email", email).await;
    b.fill("display_name", "Lena").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action=\"/register\"] button[type=submit]")
        .await;
    b.expect_text("Check your inbox").await;

    let link = app.link_in_mail(email, "/verify/").await;
    b.goto(&link).await;
    b.expect_text("Address confirmed").await;
    b.click("main a[href^=\"/login\"]").await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.click("form[action=\"/login\"] button[type=submit]").await;
    if b.path().await != "/measurements/new" {
        b.fail("logging in from the confirmation did not lead to the form")
            .await;
    }

    // A mistake: energy that is no number.
    b.fill("model", "Qwen 3 8B").await;
    b.choose("task", "text-generation").await;
    b.fill("hardware", "NVIDIA A100 80GB PCIe").await;
    b.fill("energy_value", "two hundred").await;
    b.choose("energy_unit", "Wh").await;
    b.fill("duration_value", "1").await;
    b.choose("duration_unit", "h").await;
    b.fill("queries", "1000").await;
    b.choose("method", "nvml").await;
    b.click("form.measure button[type=submit]").await;
    // The summary is at the top, focused, and leads to the message by its field.
    if b.client.find(Locator::Css(".error-summary")).await.is_err() {
        b.fail("no error summary").await;
    }
    if b.js {
        let focused = b
            .client
            .execute("return document.activeElement.className;", vec![])
            .await
            .unwrap_or(Value::Null);
        if focused != json!("error-summary") {
            b.fail(&format!("the summary is not focused ({focused})"))
                .await;
        }
    }
    b.click(".error-summary a[href=\"#energy-error\"]").await;
    let message = match b.client.find(Locator::Css("#energy-error")).await {
        Ok(m) => m.text().await.unwrap_or_default(),
        Err(_) => b.fail("the summary's link leads nowhere").await,
    };
    let described = match b.client.find(Locator::Css("#energy_value")).await {
        Ok(field) => field.attr("aria-describedby").await.ok().flatten(),
        Err(_) => None,
    };
    if message.is_empty() || described.as_deref() != Some("energy-error") {
        b.fail("the energy field is not tied to its message").await;
    }
    // Fixed; the rest of the form was kept.
    b.fill("energy_value", "250").await;
    b.click("form.measure button[type=submit]").await;
    if b.client
        .find(Locator::Css("input[name=confirm_flags]"))
        .await
        .is_ok()
    {
        b.click("input[name=confirm_flags]").await;
        b.click("form.measure button[type=submit]").await;
    }
    let path = b.path().await;
    let Some(id) = path.strip_prefix("/measurements/").map(str::to_string) else {
        b.fail("the measurement was not stored").await;
    };
    b.expect_text("self-reported, not checked yet").await;

    // A researcher checks it; it is on the board, verified.
    let researcher = app.another_visitor();
    researcher
        .with_role(&format!("rita-{}", email), "researcher")
        .await;
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    let r = crate::measurements::verify_in_queue(&researcher, &id).await;
    assert_eq!(r.status(), 303);
    b.goto(&format!("/measurements/{id}")).await;
    b.expect_text("verified by a researcher").await;
    b.goto("/leaderboards/text-generation?source=community")
        .await;
    b.expect_text("Qwen").await;

    // Dutch, and back.
    b.click("a.lang").await;
    let lang = match b.client.find(Locator::Css("html")).await {
        Ok(html) => html.attr("lang").await.ok().flatten(),
        Err(_) => None,
    };
    if lang.as_deref() != Some("nl") {
        b.fail("the language switch did not turn the page Dutch")
            .await;
    }
    b.expect_text("Tekstgeneratie").await;
    b.goto("/dashboard").await;
    b.expect_text("Welkom, Lena").await;
    b.click("a.lang").await;
    b.expect_text("Welcome, Lena").await;
    if matches!(device, Device::Phone) {
        b.in_dutch_and_back().await;
    }
    b.close().await;
}

/// A CodeCarbon file with a row it cannot use is uploaded, previewed with that row named,
/// and committed; the progress page ends on "done" — updated in place with script, by
/// "check again" without.
async fn codecarbon_upload(app: &TestApp, driver: &Driver, device: Device, email: &str) {
    app.another_visitor().member(email).await;
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    let mut b = Browser::open(driver, app, device, "codecarbon-upload").await;
    b.goto("/login").await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.click("form[action=\"/login\"] button[type=submit]").await;
    b.expect_text("Welcome").await;
    // The measuring guide first (the upload page links to it).
    b.goto("/guide").await;
    b.expect_text("idle baseline").await;
    b.goto("/dashboard").await;
    b.click("a[href=\"/measurements/upload\"]").await;
    let mut file = String::from_utf8(crate::measurements::published(
        "codecarbon/m1-pro-codecarbon-3.0.4.csv",
    ))
    .unwrap();
    // Runs of their own (CodeCarbon's run ids), so each upload adds its four.
    let lines: Vec<String> = file.lines().map(str::to_string).collect();
    file = format!("{}\n", lines[0]);
    for line in &lines[1..] {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[2] = uuid::Uuid::new_v4().to_string();
        file.push_str(&cells.join(","));
        file.push('\n');
    }
    let row = file.lines().nth(1).unwrap().to_string();
    // The same run again without its duration: refused, and named.
    let broken: Vec<&str> = row.split(',').collect();
    let mut broken: Vec<String> = broken.iter().map(|s| s.to_string()).collect();
    broken[2] = "00000000-0000-4000-8000-00000000dead".into();
    broken[4] = String::new();
    file.push_str(&broken.join(","));
    file.push('\n');
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emissions.csv");
    std::fs::write(&path, file).unwrap();
    b.fill("model", "Qwen 3 8B").await;
    b.choose("task", "summarization").await;
    b.fill("queries_per_run", "1").await;
    match b.client.find(Locator::Css("input[type=file]")).await {
        Ok(input) => {
            if let Err(e) = input.send_keys(&path.display().to_string()).await {
                b.fail(&format!("could not choose the file: {e}")).await;
            }
        }
        Err(e) => b.fail(&format!("no file field: {e}")).await,
    }
    b.click("form[enctype] button[type=submit]").await;
    b.expect_text("“duration” is empty").await;
    b.click("form[action$=\"/commit\"] button[type=submit]")
        .await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if b.text().await.contains("Done. Measurements added: 4") {
            break;
        }
        if Instant::now() > deadline {
            b.fail("the import did not end on done").await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        // With script the page updates itself in place; without, a person checks again.
        if !b.js
            && let Ok(again) = b.client.find(Locator::Css("#progress a")).await
        {
            let _ = again.click().await;
        }
    }
    b.check_page().await;

    // A researcher finds the upload in the queue as one card and verifies it as one decision.
    let rita = format!("rita-{email}");
    app.another_visitor().with_role(&rita, "researcher").await;
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    b.click("form[action=\"/logout\"] button[type=submit]")
        .await;
    b.goto("/login").await;
    b.fill("email", &rita).await;
    b.fill("password", PASSWORD).await;
    b.click("form[action=\"/login\"] button[type=submit]").await;
    b.goto("/moderation").await;
    b.expect_text("Verify all 4 rows").await;
    b.click("form[action^=\"/moderation/uploads/\"] button[value=verify]")
        .await;
    b.expect_text("The selected measurements are verified")
        .await;
    if b.text().await.contains("Verify all 4 rows") {
        b.fail("the verified upload still waits in the queue").await;
    }
    if matches!(device, Device::Phone) {
        b.in_dutch_and_back().await;
    }
    b.close().await;
}

/// A member shares an insight about a model; once a researcher publishes it, search finds it
/// and the model's page shows it. A student signs up for a research topic, the supervisor
/// accepts, and the student sees it among their sign-ups.
async fn insight_and_topic(app: &TestApp, driver: &Driver, device: Device, n: usize) {
    let email = format!("member{n}@example.nl");
    app.another_visitor().member(&email).await;
    let rita = app.another_visitor();
    rita.with_role(&format!("rita{n}@example.nl"), "researcher")
        .await;
    sqlx::query("delete from rate_limits")
        .execute(&app.db)
        .await
        .unwrap();
    let topic = crate::topics::topic(&rita, "2", &format!("rita{n}@example.nl")).await;

    let mut b = Browser::open(driver, app, device, "insight-and-topic").await;
    b.goto("/login").await;
    b.fill("email", &email).await;
    b.fill("password", PASSWORD).await;
    b.click("form[action=\"/login\"] button[type=submit]").await;
    b.click("a[href=\"/insights/new\"]").await;
    let title = format!("Batching cut our energy per query in half ({n})");
    b.fill("title", &title).await;
    b.choose("category", "inference").await;
    b.choose("lang", "en").await;
    b.fill(
        "body",
        "We measured **Qwen 3 8B** with batch sizes 1 and 16 on one A100.",
    )
    .await;
    b.fill("models", "Qwen 3 8B").await;
    b.click("form[action=\"/insights\"] button[type=submit]")
        .await;
    let path = b.path().await;
    let Some(id) = path.strip_prefix("/insights/").map(str::to_string) else {
        b.fail("the insight was not stored").await;
    };
    // A first insight waits for review; a researcher publishes it.
    let r = rita
        .submit(
            "/moderation/insights",
            &format!("/moderation/insights/{id}"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(r.status(), 303);
    b.goto("/insights?q=batching").await;
    b.expect_text(&title).await;
    b.goto("/models/qwen3-8b").await;
    b.expect_text(&title).await;

    // The sign-up.
    b.goto(&format!("/topics/{topic}")).await;
    b.fill(
        "motivation",
        "I measured my own RTX 4090 for a year and want to learn to do it well.",
    )
    .await;
    b.choose("level", "master").await;
    b.fill("organisation", "TU Delft").await;
    b.fill("hours_per_week", "8").await;
    b.click(&format!(
        "form[action=\"/topics/{topic}/signup\"] button[type=submit]"
    ))
    .await;
    let signup: uuid::Uuid = sqlx::query_scalar(
        "select s.id from signups s join users u on u.id = s.user_id where u.email = $1",
    )
    .bind(&email)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let r = rita
        .submit(
            &format!("/topics/{topic}/dashboard"),
            &format!("/signups/{signup}/decide"),
            &[("decision", "accept"), ("message", "Welcome!")],
        )
        .await;
    assert_eq!(r.status(), 303);
    b.goto("/signups").await;
    b.expect_text("accepted").await;
    if matches!(device, Device::Phone) {
        b.in_dutch_and_back().await;
    }
    b.close().await;
}

async fn setup() -> (TestApp, Driver) {
    let app = spawn_app().await;
    greenai::demo::seed_catalogues(&app.db).await.unwrap();
    (app, chromedriver())
}

#[tokio::test]
async fn a_listener_shares_a_first_measurement_in_a_real_browser() {
    let (app, driver) = setup().await;
    for (n, device) in DEVICES.into_iter().enumerate() {
        sqlx::query("delete from rate_limits")
            .execute(&app.db)
            .await
            .unwrap();
        first_measurement(&app, &driver, device, &format!("listener{n}@example.nl")).await;
    }
}

#[tokio::test]
async fn a_codecarbon_file_is_uploaded_in_a_real_browser() {
    let (app, driver) = setup().await;
    for (n, device) in DEVICES.into_iter().enumerate() {
        codecarbon_upload(&app, &driver, device, &format!("uploader{n}@example.nl")).await;
    }
}

#[tokio::test]
async fn an_insight_and_a_sign_up_in_a_real_browser() {
    let (app, driver) = setup().await;
    for (n, device) in DEVICES.into_iter().enumerate() {
        insight_and_topic(&app, &driver, device, n).await;
    }
}
