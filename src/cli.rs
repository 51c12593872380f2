//! The `greenai` command: `serve`, `migrate`, `seed-demo`, `create-admin`, `selfcheck`,
//! `import`, `rebuild-boards`, `backup`, `restore`.

use crate::features::accounts;
use crate::infra::config::{Config, DEFAULT_BIND, LogFormat, parse_bind};
use crate::infra::db::Database;
use crate::{demo, selfcheck};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::BufRead;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "greenai",
    version,
    about = "Green AI Hub: community-measured AI energy figures"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the web app.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "BIND_ADDR", default_value = DEFAULT_BIND, value_parser = parse_bind)]
        bind: SocketAddr,
        /// Load the demo data (real published figures) before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Load demo data from real published figures (running it again changes nothing).
    SeedDemo,
    /// Create an admin account (or make an existing one admin); the password is read from
    /// standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
    },
    /// Report settings that are unsafe in production.
    Selfcheck,
    /// Import published benchmarks or CodeCarbon files as measurements.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the whole database to FILE (pg_dump's compressed custom format).
    Backup { file: std::path::PathBuf },
    /// Replace the whole database with a backup FILE, in one transaction (stop the servers
    /// that use it first).
    Restore { file: std::path::PathBuf },
    /// Recompute every board entry from the verified measurements (after a bulk load, or to
    /// repair), one task × model per transaction, and report how long each update took.
    RebuildBoards,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// An AI Energy Score leaderboard CSV of any edition (one task; importing again changes
    /// nothing).
    AiEnergyScore {
        file: std::path::PathBuf,
        /// The task of the file; by default read from its name, as the leaderboard names its
        /// files (`asr.csv`, `image_captioning.csv`, `sentence_similarity.csv`, `reasoning.csv`).
        #[arg(long)]
        task: Option<String>,
    },
    /// The ML.ENERGY Leaderboard data folder (index.json and models/).
    MlEnergy { dir: std::path::PathBuf },
    /// CodeCarbon emissions.csv files, as measurements of one member.
    Codecarbon {
        files: Vec<std::path::PathBuf>,
        /// The member the measurements belong to.
        #[arg(long)]
        email: String,
        /// The model that ran (the files do not say).
        #[arg(long)]
        model: String,
        /// The task.
        #[arg(long)]
        task: String,
        /// Queries per run (inference tasks).
        #[arg(long, default_value = "")]
        queries: String,
    },
}

/// Sets up logging: human lines or JSON, filtered by `RUST_LOG`.
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Runs a command; the error, if any, is for a person to read.
pub async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let config = Arc::new(cli.config);
    match cli.command {
        Command::Selfcheck => Ok(report_selfcheck(&config)),
        Command::Migrate => {
            with_database(&config, |_| async { Ok(()) }).await?;
            println!("Database schema is up to date.");
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::RebuildBoards => with_database(&config, rebuild_boards).await,
        Command::Backup { file } => backup_or_restore(&config, file, false).await,
        Command::Restore { file } => backup_or_restore(&config, file, true).await,
        Command::SeedDemo => {
            let seeded = with_database(&config, |db| async move { demo::seed(&db).await }).await?;
            println!(
                "Demo data loaded: {} hardware rows, {} models, {} sources, {} published measurements added or changed.",
                seeded.hardware, seeded.models, seeded.sources, seeded.measurements
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::CreateAdmin { email } => create_admin(&config, &email).await,
        Command::Serve {
            bind,
            demo: with_demo,
        } => serve(config, bind, with_demo).await,
        Command::Import(what) => {
            with_database(&config, |db| async move { import(&db, what).await }).await
        }
    }
}

/// Opens the database (the embedded cluster, or `DATABASE_URL`), brings its schema up to
/// date, runs `work` with it, and closes it whatever happened.
async fn with_database<T, F, Fut>(config: &Config, work: F) -> anyhow::Result<T>
where
    F: FnOnce(sqlx::PgPool) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let database = Database::open(config).await?;
    let result = async {
        crate::store::prepare(&database.pool).await?;
        work(database.pool.clone()).await
    }
    .await;
    database.close().await;
    result
}

/// `backup` and `restore`: the database's URL from the configuration or the embedded cluster,
/// the work done by PostgreSQL's own tools; a restored database is then migrated (a backup of
/// an older version is brought up to date) and its boards settled.
async fn backup_or_restore(
    config: &Config,
    file: std::path::PathBuf,
    restoring: bool,
) -> anyhow::Result<std::process::ExitCode> {
    let database = Database::open(config).await?;
    let result = async {
        let url = database.url(config).context("no database to use")?;
        let shown = file.display().to_string();
        if restoring {
            tokio::task::spawn_blocking(move || crate::infra::db::backup::restore(&url, &file))
                .await??;
            crate::store::prepare(&database.pool).await?;
            println!("Restored the database from {shown}.");
        } else {
            crate::store::prepare(&database.pool).await?;
            tokio::task::spawn_blocking(move || crate::infra::db::backup::backup(&url, &file))
                .await??;
            println!("Wrote a backup of the database to {shown}.");
        }
        Ok(std::process::ExitCode::SUCCESS)
    }
    .await;
    database.close().await;
    result
}

/// Prints the unsafe settings; fails when one is an error.
fn report_selfcheck(config: &Config) -> std::process::ExitCode {
    let findings = selfcheck::check(config);
    for f in &findings {
        let level = match f.level {
            selfcheck::Level::Error => "ERROR",
            selfcheck::Level::Warning => "WARNING",
        };
        println!("{level} [{}] {}", f.code, f.message);
    }
    let errors = findings
        .iter()
        .filter(|f| f.level == selfcheck::Level::Error)
        .count();
    if errors == 0 {
        println!("No unsafe settings found ({} warnings).", findings.len());
        std::process::ExitCode::SUCCESS
    } else {
        println!("{errors} unsafe settings: fix them before serving the public.");
        std::process::ExitCode::FAILURE
    }
}

/// Recomputes every board entry, one transaction each, and reports the time per update.
async fn rebuild_boards(db: sqlx::PgPool) -> anyhow::Result<std::process::ExitCode> {
    let pairs = crate::store::boards::aggregate::pairs(&db).await?;
    let mut took = Vec::with_capacity(pairs.len());
    for (task, model) in &pairs {
        let started = std::time::Instant::now();
        let mut tx = db.begin().await?;
        crate::store::boards::mark(&mut tx, *task, *model).await?;
        tx.commit().await?;
        crate::store::boards::settle(&db, true).await?;
        took.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    took.sort_by(f64::total_cmp);
    match energy_model::stats::Summary::of(&took) {
        Some(s) => println!(
            "Rebuilt {} board entries (task × model). Update time per entry, with commit: median {:.2} ms, p99 {:.2} ms, max {:.2} ms.",
            s.count,
            s.median,
            energy_model::stats::quantile_sorted(&took, 0.99),
            s.max
        ),
        None => println!("No verified measurements: nothing to rebuild."),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Makes the first admin, with the password read from standard input.
async fn create_admin(config: &Config, email: &str) -> anyhow::Result<std::process::ExitCode> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("reading the password from standard input failed")?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let who = email.to_string();
    let outcome = with_database(config, |db| async move {
        accounts::create_admin(&db, &who, &password).await
    })
    .await?;
    match outcome {
        Ok(accounts::AdminOutcome::Created) => println!("Admin account {email} created."),
        Ok(accounts::AdminOutcome::Promoted) => {
            println!("{email} already had an account: it is now an admin, with the new password.")
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(std::process::ExitCode::from(2));
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

async fn serve(
    config: Arc<Config>,
    bind: SocketAddr,
    with_demo: bool,
) -> anyhow::Result<std::process::ExitCode> {
    let database = Database::open(&config).await?;
    let result = async {
        crate::store::prepare(&database.pool).await?;
        if with_demo {
            let seeded = demo::seed(&database.pool).await?;
            tracing::info!(?seeded, "demo data loaded");
        }
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("could not listen on {bind}"))?;
        tracing::info!(
            "Green AI Hub listening on http://{}",
            listener.local_addr()?
        );
        let base_url =
            crate::infra::config::effective_base_url(&config.base_url, listener.local_addr()?);
        let config = if base_url == config.base_url {
            config
        } else {
            tracing::info!("BASE_URL is not set: links in mails and the API use {base_url}");
            let mut c = (*config).clone();
            c.base_url = base_url;
            Arc::new(c)
        };
        let app = crate::app::App::build(
            database.pool.clone(),
            config,
            crate::app::Options::default(),
        )
        .await?;
        app.serve(listener, shutdown_signal()).await
    }
    .await;
    database.close().await;
    result?;
    tracing::info!("shut down cleanly");
    Ok(std::process::ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing open requests");
}

async fn import(db: &sqlx::PgPool, what: ImportCommand) -> anyhow::Result<std::process::ExitCode> {
    use crate::features::measurements::import;
    let report = |i: import::Imported| {
        println!(
            "{} measurements added, {} already there.",
            i.added, i.unchanged
        );
        for r in &i.rejected {
            println!("rejected: {r}");
        }
    };
    match what {
        ImportCommand::AiEnergyScore { file, task } => {
            let task = task.unwrap_or_else(|| {
                let stem = file.file_stem().unwrap_or_default();
                stem.to_string_lossy().into_owned()
            });
            let task = energy_model::Task::from_slug(&task).with_context(|| {
                format!("unknown task “{task}”: name it with --task (for example --task text-generation)")
            })?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            report(import::ai_energy_score(db, &text, task).await?);
        }
        ImportCommand::MlEnergy { dir } => report(import::ml_energy(db, &dir).await?),
        ImportCommand::Codecarbon {
            files,
            email,
            model,
            task,
            queries,
        } => {
            let choice = crate::features::measurements::bulk::Choice {
                model: &model,
                task: &task,
                queries: &queries,
                propose: true,
                catalogue: crate::store::catalogue::Hardware::load(db).await?.now(),
            };
            return import_codecarbon(db, &files, &email, &choice).await;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// `greenai import codecarbon`: each file imported as the upload would, every rejected row
/// printed with its line and reason.
async fn import_codecarbon(
    db: &sqlx::PgPool,
    files: &[std::path::PathBuf],
    email: &str,
    choice: &crate::features::measurements::bulk::Choice<'_>,
) -> anyhow::Result<std::process::ExitCode> {
    let user = crate::features::accounts::store::active_by_email(db, email)
        .await?
        .with_context(|| format!("no account with the address {email}"))?;
    for file in files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let imported = crate::features::measurements::bulk::import(
            db,
            user,
            &bytes,
            choice,
            crate::web::i18n::Lang::En,
        )
        .await?;
        match imported {
            Ok(imported) => {
                println!(
                    "{}: {} measurements added, {} runs already there, {} rows repeating a run, {} rows rejected.",
                    file.display(),
                    imported.added,
                    imported.accepted as u64 - imported.added,
                    imported.repeated,
                    imported.rejected_rows
                );
                for why in &imported.rejected {
                    println!("  {why}");
                }
            }
            Err(message) => {
                eprintln!("{}: {message}", file.display());
                return Ok(std::process::ExitCode::from(2));
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}
