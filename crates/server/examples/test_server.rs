//! A dyad server with the real analysis pipeline (spaCy-compatible NLP and
//! the event coder over the built-in dictionaries), for the browser test
//! and the load test while the `dyad` binary does not yet wire `serve`.
//!
//! `cargo run -p dyad-server --example test_server -- DB_PATH [ADDRESS] [ADDRESS_FILE]`
//!
//! The token comes from `DYAD_TOKEN`; the model from `DYAD_MODEL` or the
//! default location. With `ADDRESS` `127.0.0.1:0` the system picks a free
//! port, and the bound address is written to `ADDRESS_FILE` so that the
//! caller can find it. The server stops on Ctrl-C or SIGTERM.

use dyad_coder::{Coder, CoderOptions, TextLexicon};
use dyad_server::{AccessRules, AppState, DocumentAnalyser, StorePool};
use dyad_store::IngestItem;
use std::path::PathBuf;
use std::sync::Arc;

/// Loads the model and the built-in dictionaries into one analyser.
fn analyser() -> Result<DocumentAnalyser, Box<dyn std::error::Error>> {
    let pipeline = dyad_nlp::Pipeline::load(None)?;
    let dictionaries = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries");
    let mut lexicon = TextLexicon::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dictionaries)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "dict")
        })
        .collect();
    files.sort();
    for file in files {
        let label = file.display().to_string();
        for diagnostic in lexicon.add_file(&label, &std::fs::read_to_string(&file)?) {
            eprintln!("{diagnostic}");
        }
    }
    let coder = Coder::new(Arc::new(lexicon), CoderOptions::default());
    Ok(Arc::new(move |document| {
        let annotated = pipeline.annotate(&document);
        let outcome = coder.code(&annotated);
        let sentences = annotated
            .sentences
            .iter()
            .map(|sentence| sentence.span)
            .collect();
        IngestItem {
            document,
            sentences,
            events: outcome.events,
            diagnostics: outcome.diagnostics,
        }
    }))
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
        .with_analyser(analyser()?);
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
