//! Finding and loading the ONNX Runtime shared library once per process.
//! `ort` is built with `load-dynamic`, so nothing is linked at build time:
//! the library is looked up at run time from `ORT_DYLIB_PATH`, then from
//! the `onnxruntime` Python package, whose wheel ships
//! `capi/libonnxruntime.so.<version>`. Only one ONNX Runtime environment may
//! exist in a process, so it lives in a static and every session shares it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use ort::environment::Environment;

/// The PyPI `onnxruntime` release this code is tested with; `ort`
/// 2.0.0-rc.15 was built against ONNX Runtime 1.31.
pub const ONNXRUNTIME_PYPI_VERSION: &str = "1.31.0";

/// Oldest ONNX Runtime minor version the `ort` build accepts (1.x). With no
/// `api-*` feature enabled `ort` asks for API version 17, i.e. 1.17.
pub const MIN_ONNXRUNTIME_MINOR: u32 = ort::MINOR_VERSION;

/// Why ONNX Runtime is unavailable. `Clone` because the first failure is
/// cached and handed to every later caller.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum RuntimeError {
    #[error(
        "onnx runtime library not found ({searched}): run `pip install onnxruntime=={ONNXRUNTIME_PYPI_VERSION}` or set ORT_DYLIB_PATH to the path of libonnxruntime.so (1.{MIN_ONNXRUNTIME_MINOR} or newer)"
    )]
    NotFound { searched: String },
    #[error(
        "cannot load onnx runtime from {path}: {reason} (install onnxruntime=={ONNXRUNTIME_PYPI_VERSION} with pip or point ORT_DYLIB_PATH at libonnxruntime.so 1.{MIN_ONNXRUNTIME_MINOR} or newer)"
    )]
    Load { path: PathBuf, reason: String },
}

/// The loaded library and the process-wide ONNX Runtime environment.
#[derive(Debug)]
pub struct Runtime {
    library: PathBuf,
    environment: Environment,
}

impl Runtime {
    /// Path of the shared library that was loaded.
    pub fn library(&self) -> &Path {
        &self.library
    }

    pub fn environment(&self) -> &Environment {
        &self.environment
    }
}

static RUNTIME: OnceLock<Result<Runtime, RuntimeError>> = OnceLock::new();

/// Loads ONNX Runtime on first call and returns the shared handle; later
/// calls return the same handle (or the same error).
pub fn runtime() -> Result<&'static Runtime, RuntimeError> {
    RUNTIME.get_or_init(init).as_ref().map_err(Clone::clone)
}

fn init() -> Result<Runtime, RuntimeError> {
    let library = locate_library()?;
    let load_error = |reason: String| RuntimeError::Load {
        path: library.clone(),
        reason,
    };
    let environment = ort::init_from(&library)
        .map_err(|e| load_error(e.to_string()))?
        .with_name("dalil-vision")
        .build()
        .map_err(|e| load_error(e.to_string()))?;
    Ok(Runtime {
        library,
        environment,
    })
}

/// Where the ONNX Runtime library is: `ORT_DYLIB_PATH` if set, else the one
/// inside the `python3` interpreter's `onnxruntime` package.
pub fn locate_library() -> Result<PathBuf, RuntimeError> {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(RuntimeError::NotFound {
                searched: format!("ORT_DYLIB_PATH={} does not exist", path.display()),
            })
        };
    }
    match python_package_dir() {
        Some(dir) => {
            let capi = dir.join("capi");
            find_library_in(&capi).ok_or_else(|| RuntimeError::NotFound {
                searched: format!(
                    "ORT_DYLIB_PATH is unset and {} has no libonnxruntime",
                    capi.display()
                ),
            })
        }
        None => Err(RuntimeError::NotFound {
            searched: "ORT_DYLIB_PATH is unset and python3 cannot import onnxruntime".to_owned(),
        }),
    }
}

/// Asks `python3` where its `onnxruntime` package lives.
fn python_package_dir() -> Option<PathBuf> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import onnxruntime, os; print(os.path.dirname(onnxruntime.__file__))",
        ])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let dir = String::from_utf8(output.stdout).ok()?;
    let dir = PathBuf::from(dir.trim());
    dir.is_dir().then_some(dir)
}

/// The main library in a wheel's `capi/` directory (not the
/// `providers_shared` helper next to it), newest version first.
fn find_library_in(dir: &Path) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|name| {
                    name.starts_with("libonnxruntime.so")
                        || (name.starts_with("libonnxruntime.") && name.ends_with(".dylib"))
                        || name == "onnxruntime.dll"
                })
        })
        .collect();
    // `libonnxruntime.so.1.31.0` sorts after `libonnxruntime.so`; compare
    // version numbers, not strings, so 1.9 does not beat 1.31.
    candidates.sort_by_key(|p| version_key(p));
    candidates.pop()
}

fn version_key(path: &Path) -> Vec<u64> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.split(|c: char| !c.is_ascii_digit())
        .filter_map(|part| part.parse().ok())
        .collect()
}
