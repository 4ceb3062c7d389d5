//! A dyad server with the real engine (spaCy-compatible NLP and the event
//! coder over the built-in dictionaries, as `dyad serve` loads them), for
//! the browser test and the load test.
//!
//! `cargo run -p dyad-server --example test_server -- DB_PATH [ADDRESS] [ADDRESS_FILE]`
//!
//! The token comes from `DYAD_TOKEN`; the model from `DYAD_MODEL` or the
//! default location. With `ADDRESS` `127.0.0.1:0` the system picks a free
//! port, and the bound address is written to `ADDRESS_FILE` so that the
//! caller can find it. The server stops on Ctrl-C or SIGTERM.

use dyad_engine::{Engine, EngineOptions};
use dyad_server::{AccessRules, AppState, StorePool};
use std::path::PathBuf;

/// Loads the model and the built-in dictionaries, as `dyad serve` does.
fn engine() -> Result<Engine, Box<dyn std::error::Error>> {
    let (engine, diagnostics) = Engine::load(&EngineOptions::default())?;
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    Ok(engine)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let database = PathBuf::from(
        arguments
            .first()
            .ok_or("usage: test_server DB_PATH [ADDRESS] [ADDRESS_FILE]")?,
    );
    let address = arguments
        .get(1)
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:0".to_string());
    let address_file = arguments.get(2).map(PathBuf::from);
    let token = std::env::var("DYAD_TOKEN")
        .ok()
        .filter(|token| !token.is_empty());
    let state = AppState::new(StorePool::open_sqlite(&database, 4)?)
        .with_access(AccessRules {
            token,
            read_token_required: false,
        })
        .with_engine(engine()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&address).await?;
        let bound = listener.local_addr()?;
        if let Some(file) = address_file {
            std::fs::write(file, bound.to_string())?;
        }
        dyad_server::serve_on(state, listener, dyad_server::shutdown_signal()).await?;
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
