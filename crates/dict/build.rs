//! Embeds the built-in dictionaries: every `dictionaries/*.dict` file of the
//! workspace is compiled in with `include_str!`. Listing the directory here,
//! instead of naming files in the source, lets the data files be added or
//! renamed without touching the crate.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let directory = manifest.join("../../dictionaries");
    println!("cargo:rerun-if-changed={}", directory.display());
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".dict"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("/// The built-in dictionary files: name and text.\npub(crate) static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = directory.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            format!("dictionaries/{name}"),
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("builtin_files.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
