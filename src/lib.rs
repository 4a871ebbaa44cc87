//! Dalil (دليل, "guide"): storefront search, visual lookup and price estimates for
//! Arabic-first online marketplaces, from one binary.
//!
//! - [`catalog`]: the domain types and the JSON Lines file formats.
//! - [`search`]: the Arabic-aware analyzer, the Tantivy index, searches with facets.
//! - [`http`]: the HTTP API.
//! - [`fuzzing`]: what the cargo-fuzz targets in `fuzz/` run, shared with their regression test.
//! - [`metrics`]: counters and latency histograms in the Prometheus text format.
//! - [`cli`]: the command line, with the typed configuration.
//! - [`dataset`]: the deterministic generator of the bundled marketplace data.
//! - [`db`]: the marketplace's PostgreSQL schema (migrations) and loading the dataset into it.
//! - [`pricing`]: price estimates from comparable sales (Polars frames, hedonic adjustments,
//!   calibrated ranges), the backtest and the market index.
//! - [`vision`]: photo decoding, CLIP-exact preprocessing, the ONNX Runtime embedder.
//! - [`vectors`]: listing embeddings in embedded Qdrant Edge or a Qdrant server.
//! - [`visual`]: visual lookup, tying listings, the embedder and the vector store together.

pub mod catalog;
pub mod dataset;
pub mod db;
pub mod fuzzing;
pub mod cli;
pub mod http;
pub mod metrics;
pub mod pricing;
pub mod search;
pub mod sync;
pub mod vectors;
pub mod vision;
pub mod visual;
