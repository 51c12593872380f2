//! `greenai-meter probe` lists what this machine can measure; `greenai-meter run -- COMMAND`
//! measures a command with the fixed protocol, writes the result, and with `--submit` sends
//! it to Green AI Hub. Messages in Dutch or English (`--lang`, else `LANG`).

use clap::{Parser, Subcommand};
use energy_model::Lang;
use energy_model::protocol::Protocol;
use greenai_meter::output::{About, append_csv, csv_row, measurement};
use greenai_meter::submit::{Answer, submit};
use greenai_meter::{check, measure, sources, work};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

#[derive(Parser)]
#[command(
    name = "greenai-meter",
    version,
    about = "Measure a model run the same way on every machine, and send it to Green AI Hub"
)]
struct Cli {
    /// Language of the messages: nl or en (default: from LANG).
    #[arg(long, global = true, value_parser = language)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// List the energy sources this machine offers, and those it does not, with the reason.
    Probe,
    /// Measure a command: idle baseline, the run, cooldown.
    Run(Box<RunArgs>),
}

#[derive(Parser)]
struct RunArgs {
    /// The model that runs (any spelling the platform knows, such as Qwen/Qwen3-8B).
    #[arg(long, default_value = "")]
    model: String,
    /// The task: text-generation, summarization, image-generation, fine-tuning, …
    #[arg(long, default_value = "")]
    task: String,
    /// Queries the run answered (or let the workload write them; see the guide).
    #[arg(long)]
    queries: Option<u64>,
    /// Output tokens the run generated.
    #[arg(long)]
    output_tokens: Option<u64>,
    #[arg(long)]
    batch_size: Option<u64>,
    /// fp32, fp16, bf16, fp8, int8, int4, mixed.
    #[arg(long, default_value = "")]
    precision: String,
    /// Where the machine ran, for the grid's carbon intensity (NL, DE, US-CA, …).
    #[arg(long, default_value = "")]
    region: String,
    /// Seconds of idle baseline before the run.
    #[arg(long, default_value_t = 10.0)]
    idle: f64,
    /// Seconds of cooldown after the run.
    #[arg(long, default_value_t = 5.0)]
    cooldown: f64,
    /// Power samples a second.
    #[arg(long, default_value_t = 10.0)]
    hz: f64,
    /// The energy a plug-in meter showed for the run, in Wh (instead of the counters).
    #[arg(long, value_name = "WH")]
    wall_meter: Option<f64>,
    /// Write the measurement (the API's JSON) here; default: print it.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Append the run to this CodeCarbon-style emissions.csv.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Send the measurement to the platform.
    #[arg(long)]
    submit: bool,
    /// The platform's address.
    #[arg(long, env = "GREENAI_SITE", default_value = "http://127.0.0.1:3000")]
    site: String,
    /// An API token (made on the platform's account page).
    #[arg(long, env = "GREENAI_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// The command to measure, after `--`.
    #[arg(last = true, required = true)]
    command: Vec<String>,
}

/// `--lang`: nl or en; anything else is refused (with the choices) rather than ignored.
fn language(code: &str) -> Result<Lang, String> {
    match code.trim().to_ascii_lowercase().as_str() {
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        _ => Err("choose nl or en / kies nl of en".into()),
    }
}

/// `--lang`, else the language of `LANG` (nl_NL.UTF-8 → nl), else English.
fn lang_of(chosen: Option<Lang>) -> Lang {
    chosen
        .or_else(|| {
            std::env::var("LANG")
                .ok()
                .and_then(|l| Lang::from_code(&l.chars().take(2).collect::<String>()))
        })
        .unwrap_or(Lang::En)
}

/// Why a command stopped, in the person's language.
enum Stop {
    /// How it was called, or what this machine offers: nothing was measured (exit 2).
    Usage(String),
    /// The run, what it reported, or sending it failed (exit 1).
    Failed(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = lang_of(cli.lang);
    let done = match cli.command {
        Cmd::Probe => probe(lang),
        Cmd::Run(args) => run(*args, lang),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Usage(why)) => {
            eprintln!("greenai-meter: {why}");
            ExitCode::from(2)
        }
        Err(Stop::Failed(why)) => {
            eprintln!("greenai-meter: {why}");
            ExitCode::from(1)
        }
    }
}

/// A folder of this run's own, readable by nobody else (the workload's work file lives in
/// it), removed when the run ends however it ends.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> std::io::Result<WorkDir> {
        let dir = std::env::temp_dir().join(format!("greenai-meter-{}", uuid::Uuid::new_v4()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        // `create`, not `create_all`: a folder someone made beforehand is never used.
        builder.create(&dir)?;
        Ok(WorkDir(dir))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn probe(lang: Lang) -> Result<(), Stop> {
    let (found, missing) = sources::discover(&sources::Roots::default());
    println!(
        "{}",
        lang.pick("Energy sources found:", "Gevonden energiebronnen:")
    );
    if found.is_empty() {
        println!("  {}", lang.pick("(none)", "(geen)"));
    }
    for s in &found {
        let i = s.info();
        println!(
            "  {:<22} {:<4} {} — {}",
            i.id,
            format!("{:?}", i.part).to_lowercase(),
            i.device,
            i.how
        );
    }
    if !missing.is_empty() {
        println!("{}", lang.pick("Not available:", "Niet beschikbaar:"));
        for m in &missing {
            println!("  {}: {}", m.what.get(lang), m.why.get(lang));
        }
    }
    if found.is_empty() {
        return Err(Stop::Usage(
            lang.pick(
                "nothing on this machine can be measured (see above).",
                "op deze machine valt niets te meten (zie hierboven).",
            )
            .into(),
        ));
    }
    Ok(())
}

fn run(args: RunArgs, lang: Lang) -> Result<(), Stop> {
    let protocol = Protocol {
        idle_s: args.idle,
        cooldown_s: args.cooldown,
        sample_hz: args.hz,
    };
    protocol
        .check()
        .map_err(|why| Stop::Usage(why.get(lang).into()))?;
    if args.submit && args.token.as_deref().is_none_or(str::is_empty) {
        return Err(Stop::Usage(lang.pick(
            "--submit needs an API token in GREENAI_TOKEN (make one on your account page).",
            "--submit heeft een API-token nodig in GREENAI_TOKEN (maak er een op je accountpagina)."
        ).into()));
    }
    let (mut found, missing) = sources::discover(&sources::Roots::default());
    for m in &missing {
        eprintln!("greenai-meter: {} — {}", m.what.get(lang), m.why.get(lang));
    }
    if found.is_empty() && args.wall_meter.is_none() {
        return Err(Stop::Usage(lang.pick(
            "nothing on this machine can be measured (see above); use --wall-meter WH with a plug-in meter.",
            "op deze machine valt niets te meten (zie hierboven); gebruik --wall-meter WH met een meter in het stopcontact."
        ).into()));
    }
    let dir = WorkDir::new().map_err(|e| {
        Stop::Usage(format!(
            "{} {}: {e}",
            lang.pick(
                "could not make a private folder in",
                "kon geen eigen map maken in"
            ),
            std::env::temp_dir().display()
        ))
    })?;
    let work_file = dir.0.join("work.json");
    let mut command = Command::new(&args.command[0]);
    command
        .args(&args.command[1..])
        .env(work::VARIABLE, &work_file);
    eprintln!(
        "greenai-meter: {} {:.0} s, {} …",
        lang.pick("idle baseline", "nulmeting"),
        protocol.idle_s,
        lang.pick("then the command", "dan de opdracht")
    );
    let outcome = measure::measure(&mut found, protocol, &mut command)
        .map_err(|why| Stop::Usage(why.get(lang).into()))?;
    let reported = match work::read(&work_file) {
        Ok(w) => w,
        Err(why) => {
            eprintln!("greenai-meter: {}", why.get(lang));
            work::Work::default()
        }
    };
    drop(dir);
    let about = About {
        model: args.model,
        task: args.task,
        queries: args.queries.or(reported.queries),
        output_tokens: args.output_tokens.or(reported.output_tokens),
        batch_size: args.batch_size,
        precision: args.precision,
        region: args.region,
        wall_meter_wh: args.wall_meter,
        run_id: uuid::Uuid::new_v4().to_string(),
    };
    let body = measurement(&outcome, &about);
    let say = |en: &str, nl: &str| lang.pick(en, nl).to_string();
    eprintln!(
        "greenai-meter: {} {:.1} s, {:.1} J ({} {:.1} J), {} {:.1} W, {} {:.1} W",
        say("run", "run"),
        outcome.run_s,
        outcome.total_j,
        say("above idle", "boven nulmeting"),
        outcome.above_idle_j,
        say("mean", "gemiddeld"),
        outcome.mean_w,
        say("peak", "piek"),
        outcome.peak_w
    );
    for e in &outcome.errors {
        eprintln!("greenai-meter: {}", e.get(lang));
    }
    let json = serde_json::to_string_pretty(&body).unwrap_or_default();
    match &args.json {
        Some(path) => std::fs::write(path, format!("{json}\n"))
            .map_err(|e| Stop::Usage(format!("{}: {e}", path.display())))?,
        None => println!("{json}"),
    }
    if let Some(path) = &args.csv {
        append_csv(path, &csv_row(&outcome, &about))
            .map_err(|e| Stop::Usage(format!("{}: {e}", path.display())))?;
    }
    if outcome.exit_code != Some(0) {
        return Err(Stop::Failed(format!(
            "{} ({:?}); {}",
            say("the command failed", "de opdracht mislukte"),
            outcome.exit_code,
            say("nothing is sent.", "er wordt niets verstuurd.")
        )));
    }
    let (errors, flags) = check::check(&body, lang);
    for f in &flags {
        eprintln!(
            "greenai-meter: {}: {f}",
            say(
                "a moderator will look at this",
                "een moderator kijkt hiernaar"
            )
        );
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("greenai-meter: {e}");
        }
        return Err(Stop::Failed(if args.submit {
            say(
                "not sent: fix the above first.",
                "niet verstuurd: los eerst het bovenstaande op.",
            )
        } else {
            say(
                "the platform would refuse this measurement (see above).",
                "het platform zou deze meting weigeren (zie hierboven).",
            )
        }));
    }
    if !args.submit {
        return Ok(());
    }
    let token = args.token.unwrap_or_default();
    match submit(&args.site, &token, &about.run_id, &body, lang.code(), 5) {
        Ok(Answer::Stored(answer)) => {
            println!(
                "{} {} ({})",
                say("Stored:", "Opgeslagen:"),
                answer["url"].as_str().unwrap_or(""),
                answer["status"].as_str().unwrap_or("")
            );
            // Flagged: stored, and a moderator will look (the platform's words, in `lang`).
            for f in answer["flags"].as_array().into_iter().flatten() {
                println!("  {}", f["message"].as_str().unwrap_or(""));
            }
            Ok(())
        }
        Ok(Answer::Refused { status, problem }) => {
            let mut why = format!(
                "{} {status}: {}",
                say("refused", "geweigerd"),
                problem["detail"].as_str().unwrap_or("")
            );
            for p in problem["problems"].as_array().into_iter().flatten() {
                why.push_str(&format!(
                    "\n  {}: {}",
                    p["field"].as_str().unwrap_or(""),
                    p["message"].as_str().unwrap_or("")
                ));
            }
            Err(Stop::Failed(why))
        }
        Err(why) => Err(Stop::Failed(format!(
            "{} {why}",
            say("could not send:", "kon niet versturen:")
        ))),
    }
}
