//! Visual lookup: decoding uploaded photos, preprocessing them exactly as
//! OpenAI's CLIP does, and embedding them with an ONNX model run by ONNX
//! Runtime. Self-contained (external crates only) so it can be built and
//! tested on its own; the HTTP and indexing layers call
//! [`preprocess()`] on a blocking thread and hand the tensors to
//! [`ImageEmbedder::embed`].

pub mod embedder;
pub mod manifest;
pub mod preprocess;
pub mod runtime;

pub use embedder::{EmbedError, EmbedderOptions, ImageEmbedder, l2_normalize};
pub use manifest::{ManifestError, ModelLayout, ModelSpec, load_model_dir};
pub use preprocess::{
    CLIP_INPUT_SIZE, CLIP_MEAN, CLIP_STD, DecodedImage, ImageError, ImageLimits, ImageTensor,
    Interpolation, PixelLayout, PreprocessConfig, ResizeMode, decode, preprocess,
};
pub use runtime::{ONNXRUNTIME_PYPI_VERSION, Runtime, RuntimeError, runtime};
