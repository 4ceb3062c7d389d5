//! `dyad serve`: the HTTP API and web dashboard over a store.

use crate::pipeline::load_engine;
use crate::Common;
use anyhow::{bail, Context};
use dyad_engine::Engine;
use dyad_server::{AccessRules, AppState, StorePool};
use std::path::PathBuf;
use std::process::ExitCode;

/// Store connections the server opens: SQLite in WAL mode reads in
/// parallel, and a few connections keep slow queries from queueing others.
const STORE_CONNECTIONS: usize = 4;

/// Flags of `dyad serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database to serve (default: $DYAD_HOME/dyad.sqlite, else
    /// ~/.cache/dyad/dyad.sqlite).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Address and port to listen on. Binding to anything but loopback
    /// exposes the data to the network.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDRESS:PORT")]
    pub bind: String,

    /// File holding the bearer token that writes need (instead of the
    /// DYAD_TOKEN environment variable). Without a token, writes are off.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Require the token for reads too.
    #[arg(long)]
    pub read_token_required: bool,
}

/// Reads the token from `--token-file`, else `DYAD_TOKEN`.
fn token(args: &Args) -> anyhow::Result<Option<String>> {
    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the token file {}", path.display()))?
                .trim()
                .to_string(),
        ),
        None => std::env::var("DYAD_TOKEN")
            .ok()
            .map(|token| token.trim().to_string()),
    };
    match token {
        Some(token) if token.is_empty() => bail!("the bearer token is empty"),
        other => Ok(other),
    }
}

/// Loads the engine for `POST /api/documents`.
fn engine(common: &Common) -> anyhow::Result<Engine> {
    let (engine, diagnostics) = load_engine(&common.engine_options())?;
    if !common.quiet {
        for diagnostic in &diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    Ok(engine)
}

/// Runs `dyad serve` until Ctrl-C or SIGTERM.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let token = token(args)?;
    if args.read_token_required && token.is_none() {
        bail!("--read-token-required needs a token: set DYAD_TOKEN or pass --token-file");
    }
    let path = match &args.db {
        Some(path) => path.clone(),
        None => dyad_store::default_database_path()
            .context("no --db given and neither DYAD_HOME nor HOME is set")?,
    };
    let pool = StorePool::open_sqlite(&path, STORE_CONNECTIONS)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    let mut state = AppState::new(pool).with_access(AccessRules {
        token: token.clone(),
        read_token_required: args.read_token_required,
    });
    // Ingestion needs the model and dictionaries, which take time and
    // memory to load; a server without a token cannot accept writes, so it
    // does not load them.
    if token.is_some() {
        match engine(common) {
            Ok(engine) => state = state.with_engine(engine),
            Err(error) => eprintln!("dyad serve: warning: ingestion is off: {error:#}"),
        }
    } else if !common.quiet {
        eprintln!("dyad serve: no token (DYAD_TOKEN or --token-file): serving read-only");
    }
    dyad_server::serve_blocking(state, &args.bind).context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}
