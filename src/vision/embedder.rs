//! Turning preprocessed images into embedding vectors with ONNX Runtime.
//! `ort`'s `Session::run` takes `&mut self`, so an [`ImageEmbedder`] owns a
//! small pool of sessions over the same model and lends one to each caller;
//! it is `Send + Sync` and meant to be called from blocking threads
//! (`tokio::task::spawn_blocking`), never from an async task directly.

use std::path::Path;
use std::sync::{Condvar, Mutex, PoisonError};

use ndarray::ArrayView4;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::{TensorRef, ValueType};

use super::manifest::{ManifestError, ModelSpec, load_model_dir};
use super::preprocess::{ImageTensor, PreprocessConfig};
use super::runtime::{RuntimeError, runtime};

/// How many sessions to keep and how many threads each may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedderOptions {
    /// Sessions in the pool: how many batches run at once. Each session
    /// holds its own copy of the weights (about 500 MB of RSS for ViT-B/32).
    pub sessions: usize,
    /// ONNX Runtime intra-op threads per session.
    pub intra_threads: usize,
    /// Largest batch handed to one `run`; bigger requests are split.
    pub max_batch: usize,
}

impl Default for EmbedderOptions {
    /// One single-threaded session per core, at most 4. Measured on the
    /// 2-core dev box with a ViT-B/32-sized model while other builds kept
    /// it busy: a 2-thread session was the slowest setup at every batch
    /// size (its intra-op threads spin against each other and everything
    /// else), single-threaded sessions were 1.2 to 2 times faster. More
    /// sessions only pay off when requests arrive together, and each one
    /// costs a copy of the weights (about 500 MB of RSS for ViT-B/32).
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            sessions: cores.min(4),
            intra_threads: 1,
            max_batch: 32,
        }
    }
}

/// Why embedding failed. Everything here is the server's problem (5xx),
/// except [`EmbedError::WrongInputSize`], which is a caller bug.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbedError {
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error(transparent)]
    Model(#[from] ManifestError),
    #[error("cannot open {path} with onnx runtime: {reason}")]
    Session { path: String, reason: String },
    #[error("model {model} does not fit: {reason}")]
    Incompatible { model: String, reason: String },
    #[error("image tensor is {got}x{got}, the model takes {expected}x{expected}")]
    WrongInputSize { got: u32, expected: u32 },
    #[error("inference failed: {0}")]
    Inference(String),
}

/// A loaded image model with a pool of ONNX Runtime sessions.
#[derive(Debug)]
pub struct ImageEmbedder {
    spec: ModelSpec,
    identity: String,
    input_name: String,
    output_name: String,
    embedding_dim: usize,
    /// The model's fixed batch size, if its input is not `[N, 3, S, S]`.
    fixed_batch: Option<usize>,
    max_batch: usize,
    pool: SessionPool,
}

impl ImageEmbedder {
    /// Loads the model directory `dir` (see [`load_model_dir`]).
    pub fn load(dir: &Path, options: EmbedderOptions) -> Result<Self, EmbedError> {
        Self::from_spec(load_model_dir(dir)?, options)
    }

    /// Opens `options.sessions` sessions over `spec.model_path` and checks
    /// their inputs and outputs against the spec.
    pub fn from_spec(spec: ModelSpec, options: EmbedderOptions) -> Result<Self, EmbedError> {
        let runtime = runtime()?;
        let count = options.sessions.max(1);
        let open = || -> Result<Session, EmbedError> {
            let session_error = |e: String| EmbedError::Session {
                path: spec.model_path.display().to_string(),
                reason: e,
            };
            Session::builder(runtime.environment())
                .map_err(|e| session_error(e.to_string()))?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(|e| session_error(e.to_string()))?
                .with_intra_threads(options.intra_threads.max(1))
                .map_err(|e| session_error(e.to_string()))?
                .with_inter_threads(1)
                .map_err(|e| session_error(e.to_string()))?
                .commit_from_file(&spec.model_path)
                .map_err(|e| session_error(e.to_string()))
        };
        let first = open()?;
        let incompatible = |reason: String| EmbedError::Incompatible {
            model: spec.identity(),
            reason,
        };

        let input = match &spec.input_name {
            Some(name) => first
                .inputs()
                .iter()
                .find(|i| i.name() == name)
                .ok_or_else(|| incompatible(format!("it has no input named {name:?}")))?,
            None => match first.inputs() {
                [only] => only,
                inputs => {
                    return Err(incompatible(format!(
                        "it has {} inputs, expected 1",
                        inputs.len()
                    )));
                }
            },
        };
        let output = match &spec.output_name {
            Some(name) => first
                .outputs()
                .iter()
                .find(|o| o.name() == name)
                .ok_or_else(|| incompatible(format!("it has no output named {name:?}")))?,
            None => first
                .outputs()
                .first()
                .ok_or_else(|| incompatible("it has no outputs".to_owned()))?,
        };

        let size = i64::from(spec.preprocess.size);
        let input_dims = tensor_dims(input.dtype())
            .ok_or_else(|| incompatible("its input is not a tensor".to_owned()))?;
        let fixed_batch = match input_dims.as_slice() {
            [n, c, h, w]
                if (*c == 3 || *c < 0) && (*h == size || *h < 0) && (*w == size || *w < 0) =>
            {
                (*n > 0).then_some(*n as usize)
            }
            other => {
                return Err(incompatible(format!(
                    "its input shape is {other:?}, expected [N, 3, {size}, {size}]"
                )));
            }
        };
        let output_dims = tensor_dims(output.dtype())
            .ok_or_else(|| incompatible("its output is not a tensor".to_owned()))?;
        let declared_dim = output_dims
            .last()
            .copied()
            .filter(|d| *d > 0)
            .map(|d| d as usize);
        let embedding_dim = match (spec.embedding_dim, declared_dim) {
            (Some(a), Some(b)) if a != b => {
                return Err(incompatible(format!(
                    "the manifest says {a} dimensions, the model outputs {b}"
                )));
            }
            (Some(d), _) | (None, Some(d)) => d,
            (None, None) => {
                return Err(incompatible(
                    "its output length is dynamic and no embedding_dim is given".to_owned(),
                ));
            }
        };
        let input_name = input.name().to_owned();
        let output_name = output.name().to_owned();

        let mut sessions = Vec::with_capacity(count);
        sessions.push(first);
        for _ in 1..count {
            sessions.push(open()?);
        }
        let identity = spec.identity();
        Ok(Self {
            spec,
            identity,
            input_name,
            output_name,
            embedding_dim,
            fixed_batch,
            max_batch: options.max_batch.max(1),
            pool: SessionPool::new(sessions),
        })
    }

    /// `name@sha256:<hex>` of the weights; store it with every vector.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    pub fn embedding_dim(&self) -> usize {
        self.embedding_dim
    }

    /// The preprocessing this model expects.
    pub fn preprocess_config(&self) -> &PreprocessConfig {
        &self.spec.preprocess
    }

    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }

    pub fn input_name(&self) -> &str {
        &self.input_name
    }

    pub fn output_name(&self) -> &str {
        &self.output_name
    }

    /// Embeds a batch; the result has one unit-length vector per image, in
    /// order. Blocks while all sessions are busy.
    pub fn embed(&self, images: &[ImageTensor]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let expected = self.spec.preprocess.size;
        if let Some(bad) = images.iter().find(|t| t.size() != expected) {
            return Err(EmbedError::WrongInputSize {
                got: bad.size(),
                expected,
            });
        }
        let chunk = self.fixed_batch.unwrap_or(self.max_batch);
        let mut out = Vec::with_capacity(images.len());
        for part in images.chunks(chunk) {
            out.extend(self.run(part)?);
        }
        Ok(out)
    }

    /// Embeds one image.
    pub fn embed_one(&self, image: &ImageTensor) -> Result<Vec<f32>, EmbedError> {
        Ok(self
            .embed(std::slice::from_ref(image))?
            .pop()
            .expect("one input gives one output"))
    }

    fn run(&self, images: &[ImageTensor]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let s = self.spec.preprocess.size as usize;
        let plane = 3 * s * s;
        // A fixed-batch model gets exactly its batch size, padded with zeros.
        let rows = self.fixed_batch.unwrap_or(images.len()).max(images.len());
        let mut data = vec![0f32; rows * plane];
        for (dst, image) in data.chunks_exact_mut(plane).zip(images) {
            dst.copy_from_slice(image.as_slice());
        }
        let view = ArrayView4::from_shape((rows, 3, s, s), &data).expect("buffer sized above");
        let inference = |e: ort::Error| EmbedError::Inference(e.to_string());
        let input = TensorRef::from_array_view(view).map_err(inference)?;

        let mut session = self.pool.checkout();
        let outputs = session
            .run(ort::inputs![self.input_name.as_str() => input])
            .map_err(inference)?;
        let value = outputs.get(&self.output_name).ok_or_else(|| {
            EmbedError::Inference(format!("no output named {:?}", self.output_name))
        })?;
        let (_, flat) = value.try_extract_tensor::<f32>().map_err(inference)?;
        if flat.len() != rows * self.embedding_dim {
            return Err(EmbedError::Inference(format!(
                "output has {} values, expected {} x {}",
                flat.len(),
                rows,
                self.embedding_dim
            )));
        }
        Ok(flat
            .chunks_exact(self.embedding_dim)
            .take(images.len())
            .map(|v| {
                let mut v = v.to_vec();
                if !self.spec.normalized {
                    l2_normalize(&mut v);
                }
                v
            })
            .collect())
    }
}

/// Scales `v` to unit length; an all-zero vector is left as it is.
pub fn l2_normalize(v: &mut [f32]) {
    let norm = v
        .iter()
        .map(|x| f64::from(*x) * f64::from(*x))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for x in v {
            *x = (f64::from(*x) / norm) as f32;
        }
    }
}

/// Dimensions of a tensor outlet, `-1` where symbolic.
fn tensor_dims(dtype: &ValueType) -> Option<Vec<i64>> {
    dtype
        .tensor_shape()
        .map(|shape| shape.iter().copied().collect())
}

/// Idle sessions plus a condition variable to wait for one.
#[derive(Debug)]
struct SessionPool {
    idle: Mutex<Vec<Session>>,
    returned: Condvar,
}

impl SessionPool {
    fn new(sessions: Vec<Session>) -> Self {
        Self {
            idle: Mutex::new(sessions),
            returned: Condvar::new(),
        }
    }

    /// Takes an idle session, waiting for one if all are busy. A panic while
    /// a session is out still returns it (the guard's `Drop`), so the pool
    /// cannot drain; poisoning is ignored because a `Vec` push/pop cannot
    /// leave it half-updated.
    fn checkout(&self) -> SessionGuard<'_> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(session) = idle.pop() {
                return SessionGuard {
                    pool: self,
                    session: Some(session),
                };
            }
            idle = self
                .returned
                .wait(idle)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

struct SessionGuard<'a> {
    pool: &'a SessionPool,
    session: Option<Session>,
}

impl std::ops::Deref for SessionGuard<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for SessionGuard<'_> {
    fn deref_mut(&mut self) -> &mut Session {
        self.session.as_mut().expect("present until drop")
    }
}

impl Drop for SessionGuard<'_> {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(session);
            self.pool.returned.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_to_unit_length() {
        let mut v = vec![3.0, 4.0];
        l2_normalize(&mut v);
        assert!((v[0] - 0.6).abs() < 1e-7 && (v[1] - 0.8).abs() < 1e-7);
        let mut zero = vec![0.0; 4];
        l2_normalize(&mut zero);
        assert_eq!(zero, vec![0.0; 4]);
    }

    #[test]
    fn embedder_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<ImageEmbedder>();
    }
}
