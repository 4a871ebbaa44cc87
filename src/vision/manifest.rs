//! Finding and describing an image-embedding model on disk. Three layouts are
//! understood: Dalil's own (`manifest.json` + `model.onnx`), Immich's
//! (`visual/model.onnx` + `visual/preprocess_cfg.json`) and a bare directory
//! holding only `model.onnx`, whose tensor names are then read from the
//! ONNX session. Whatever the layout, the model gets an identity string
//! (name plus the SHA-256 of its weights) that is stored next to every
//! vector, so vectors from different weights are never compared.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::preprocess::{
    CLIP_INPUT_SIZE, CLIP_MEAN, CLIP_STD, Interpolation, PreprocessConfig, ResizeMode,
};

/// Which of the understood layouts a model directory uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelLayout {
    /// `manifest.json` + `model.onnx`.
    Manifest,
    /// Immich: `visual/model.onnx` + `visual/preprocess_cfg.json`.
    Immich,
    /// `model.onnx` alone: CLIP preprocessing, names from the session.
    Bare,
}

/// Why a model directory could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    #[error(
        "no image model in {dir}: expected manifest.json and model.onnx, visual/model.onnx and visual/preprocess_cfg.json, or model.onnx"
    )]
    NotFound { dir: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot parse {path}: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("invalid {path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// A model directory, resolved: where the weights are, how to preprocess
/// for it, and what is known of its tensors before a session is opened.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Human-readable name (manifest `name`, else the directory name).
    pub name: String,
    /// Manifest `version`, when given.
    pub version: Option<String>,
    pub layout: ModelLayout,
    pub dir: PathBuf,
    /// The `.onnx` file to open.
    pub model_path: PathBuf,
    /// Input tensor name; `None` means "the session's only input".
    pub input_name: Option<String>,
    /// Output tensor name; `None` means "the session's first output".
    pub output_name: Option<String>,
    /// Embedding length, when the directory says; otherwise read from the
    /// session's output shape.
    pub embedding_dim: Option<usize>,
    /// Whether the model's output is already L2-normalised. Unknown is
    /// treated as "no": normalising twice changes nothing.
    pub normalized: bool,
    pub preprocess: PreprocessConfig,
    /// Hex SHA-256 of the model file (and of its external-data file, if any).
    pub sha256: String,
}

impl ModelSpec {
    /// `name@sha256:<hex>`: what to store with each vector.
    pub fn identity(&self) -> String {
        format!("{}@sha256:{}", self.name, self.sha256)
    }
}

/// Reads the model directory `dir`, trying the layouts in the order
/// manifest, Immich, bare, and hashes the weights.
pub fn load_model_dir(dir: &Path) -> Result<ModelSpec, ManifestError> {
    let manifest_path = dir.join("manifest.json");
    let immich_cfg = dir.join("visual").join("preprocess_cfg.json");
    let mut spec = if manifest_path.is_file() {
        from_manifest(dir, &manifest_path)?
    } else if immich_cfg.is_file() && dir.join("visual").join("model.onnx").is_file() {
        from_immich(dir, &immich_cfg)?
    } else if dir.join("model.onnx").is_file() {
        bare(dir)
    } else {
        return Err(ManifestError::NotFound {
            dir: dir.to_path_buf(),
        });
    };
    if !spec.model_path.is_file() {
        return Err(ManifestError::Invalid {
            path: spec.model_path.clone(),
            reason: "model file is missing".to_owned(),
        });
    }
    spec.sha256 = hash_model(&spec.model_path)?;
    Ok(spec)
}

/// `manifest.json` as written by `models/generate.py` (snake_case) or with
/// the camelCase names of the first draft; both are accepted.
#[derive(Debug, Deserialize)]
struct ManifestFile {
    #[serde(default)]
    format: Option<String>,
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default, alias = "inputName", alias = "input")]
    input_name: Option<String>,
    #[serde(default, alias = "outputName", alias = "output")]
    output_name: Option<String>,
    #[serde(default, alias = "inputSize", alias = "image_size")]
    input_size: Option<u32>,
    #[serde(default)]
    mean: Option<[f32; 3]>,
    #[serde(default)]
    std: Option<[f32; 3]>,
    #[serde(default, alias = "embeddingDim")]
    embedding_dim: Option<usize>,
    #[serde(default)]
    normalized: Option<bool>,
    /// e.g. `shortest_side_bicubic_center_crop`.
    #[serde(default)]
    resize: Option<String>,
    #[serde(default, alias = "modelFile")]
    model_file: Option<String>,
}

fn from_manifest(dir: &Path, path: &Path) -> Result<ModelSpec, ManifestError> {
    let file: ManifestFile = read_json(path)?;
    let invalid = |reason: String| ManifestError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    if let Some(format) = &file.format
        && !format.starts_with("dalil-image-model/1")
    {
        return Err(invalid(format!(
            "unsupported format {format:?} (expected dalil-image-model/1)"
        )));
    }
    let (interpolation, resize_mode) = match file.resize.as_deref() {
        None | Some("shortest_side_bicubic_center_crop") => {
            (Interpolation::Bicubic, ResizeMode::Shortest)
        }
        Some("shortest_side_bilinear_center_crop") => {
            (Interpolation::Bilinear, ResizeMode::Shortest)
        }
        Some("squash_bicubic") => (Interpolation::Bicubic, ResizeMode::Squash),
        Some("squash_bilinear") => (Interpolation::Bilinear, ResizeMode::Squash),
        Some(other) => return Err(invalid(format!("unsupported resize {other:?}"))),
    };
    let preprocess = preprocess_config(
        file.input_size.unwrap_or(CLIP_INPUT_SIZE),
        file.mean.unwrap_or(CLIP_MEAN),
        file.std.unwrap_or(CLIP_STD),
        interpolation,
        resize_mode,
    )
    .map_err(invalid)?;
    if file.embedding_dim == Some(0) {
        return Err(invalid("embedding_dim is 0".to_owned()));
    }
    if file
        .model_file
        .as_deref()
        .is_some_and(|f| Path::new(f).is_absolute() || f.contains(".."))
    {
        return Err(invalid(
            "model_file must be a relative path inside the model directory".to_owned(),
        ));
    }
    Ok(ModelSpec {
        name: file.name,
        version: file.version,
        layout: ModelLayout::Manifest,
        dir: dir.to_path_buf(),
        model_path: dir.join(file.model_file.as_deref().unwrap_or("model.onnx")),
        input_name: file.input_name,
        output_name: file.output_name,
        embedding_dim: file.embedding_dim,
        normalized: file.normalized.unwrap_or(false),
        preprocess,
        sha256: String::new(),
    })
}

/// Immich's `visual/preprocess_cfg.json` (open_clip's preprocess config).
#[derive(Debug, Deserialize)]
struct ImmichPreprocess {
    size: SizeField,
    #[serde(default)]
    mean: Option<[f32; 3]>,
    #[serde(default)]
    std: Option<[f32; 3]>,
    #[serde(default)]
    interpolation: Option<String>,
    #[serde(default)]
    resize_mode: Option<String>,
}

/// `size` is `224` or `[224, 224]` depending on the exporter.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SizeField {
    Square(u32),
    Pair([u32; 2]),
}

/// Immich's top-level `config.json`: only `embed_dim` is of use here.
#[derive(Debug, Deserialize)]
struct ImmichConfig {
    #[serde(default)]
    embed_dim: Option<usize>,
}

fn from_immich(dir: &Path, cfg_path: &Path) -> Result<ModelSpec, ManifestError> {
    let cfg: ImmichPreprocess = read_json(cfg_path)?;
    let invalid = |reason: String| ManifestError::Invalid {
        path: cfg_path.to_path_buf(),
        reason,
    };
    let size = match cfg.size {
        SizeField::Square(s) => s,
        SizeField::Pair([h, w]) if h == w => h,
        SizeField::Pair([h, w]) => {
            return Err(invalid(format!(
                "non-square input {h}x{w} is not supported"
            )));
        }
    };
    let interpolation = match cfg.interpolation.as_deref() {
        None | Some("bicubic") => Interpolation::Bicubic,
        Some("bilinear") => Interpolation::Bilinear,
        Some(other) => return Err(invalid(format!("unsupported interpolation {other:?}"))),
    };
    let resize_mode = match cfg.resize_mode.as_deref() {
        None | Some("shortest") => ResizeMode::Shortest,
        Some("squash") => ResizeMode::Squash,
        Some(other) => return Err(invalid(format!("unsupported resize_mode {other:?}"))),
    };
    let preprocess = preprocess_config(
        size,
        cfg.mean.unwrap_or(CLIP_MEAN),
        cfg.std.unwrap_or(CLIP_STD),
        interpolation,
        resize_mode,
    )
    .map_err(invalid)?;
    let config_path = dir.join("config.json");
    let embedding_dim = if config_path.is_file() {
        read_json::<ImmichConfig>(&config_path)
            .ok()
            .and_then(|c| c.embed_dim)
    } else {
        None
    };
    Ok(ModelSpec {
        name: dir_name(dir),
        version: None,
        layout: ModelLayout::Immich,
        dir: dir.to_path_buf(),
        model_path: dir.join("visual").join("model.onnx"),
        input_name: None,
        output_name: None,
        embedding_dim,
        normalized: false,
        preprocess,
        sha256: String::new(),
    })
}

fn bare(dir: &Path) -> ModelSpec {
    ModelSpec {
        name: dir_name(dir),
        version: None,
        layout: ModelLayout::Bare,
        dir: dir.to_path_buf(),
        model_path: dir.join("model.onnx"),
        input_name: None,
        output_name: None,
        embedding_dim: None,
        normalized: false,
        preprocess: PreprocessConfig::default(),
        sha256: String::new(),
    }
}

fn preprocess_config(
    size: u32,
    mean: [f32; 3],
    std: [f32; 3],
    interpolation: Interpolation,
    resize_mode: ResizeMode,
) -> Result<PreprocessConfig, String> {
    if size == 0 || size > 4096 {
        return Err(format!("input size {size} is out of range (1 to 4096)"));
    }
    if std.iter().any(|s| !s.is_finite() || *s <= 0.0) || mean.iter().any(|m| !m.is_finite()) {
        return Err("mean must be finite and std positive".to_owned());
    }
    Ok(PreprocessConfig {
        mean,
        std,
        interpolation,
        resize_mode,
        ..PreprocessConfig::clip(size)
    })
}

fn dir_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(|| "model".to_owned(), |n| n.to_string_lossy().into_owned())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ManifestError> {
    let bytes = std::fs::read(path).map_err(|source| ManifestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ManifestError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// SHA-256 of the model file, followed by its external-data file
/// (`model.onnx.data` or `model.onnx_data`) when there is one, since that is
/// where large exports keep their weights.
pub fn hash_model(model_path: &Path) -> Result<String, ManifestError> {
    let mut hasher = Sha256::new();
    hash_file(model_path, &mut hasher)?;
    for suffix in [".data", "_data"] {
        let mut external = model_path.as_os_str().to_owned();
        external.push(suffix);
        let external = PathBuf::from(external);
        if external.is_file() {
            hash_file(&external, &mut hasher)?;
        }
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn hash_file(path: &Path, hasher: &mut Sha256) -> Result<(), ManifestError> {
    let io_error = |source| ManifestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(io_error)?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buf[..n]);
    }
}
