use clap::Parser;
use greenai::cli::{Cli, init_logging, run};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.config.log_format);
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            // One readable message, no stack trace: the causes joined.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
