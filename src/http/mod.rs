//! The HTTP API of `CONTRACTS.md`: JSON in camelCase, errors as `application/problem+json`.
//!
//! [`app`] builds the router from an [`AppState`]; [`serve`] binds the port and shuts down
//! gracefully on Ctrl-C or SIGTERM (in-flight requests get a deadline to finish).

mod admin;
mod error;
mod guard;
mod health;
mod page;
mod prices;
mod search;
mod visual;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::cli::ServeConfig;
use crate::search::LiveIndex;

/// How often a server looks for a newly published index generation.
const GENERATION_CHECK: Duration = Duration::from_secs(2);

/// Bodies larger than this are refused before they are read (search routes take no body).
const MAX_BODY_BYTES: usize = 64 * 1024;
/// Room for a multipart form's boundaries and headers around a 10 MB photo.
const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<ServeConfig>,
    /// The index generation being served (swapped when a new one is published).
    pub search: Arc<LiveIndex>,
    /// How far behind the database the index is, when serving with `--database-url`.
    pub sync: Option<Arc<crate::sync::SyncStatus>>,
    /// Completed sales and their fitted models, when the instance has sales.
    pub prices: Option<crate::pricing::LiveBook>,
    /// Visual lookup, when the model and ONNX Runtime loaded.
    pub visual: Option<Arc<crate::visual::Visual>>,
    /// Why visual lookup is off, with what to do about it (answered as a 503).
    pub visual_unavailable: Option<Arc<str>>,
    /// Keys, rate limits and the admission queue.
    pub guard: Arc<guard::Guard>,
    /// Request counts and latencies by route, for `/metrics`.
    pub http_metrics: Arc<guard::HttpMetrics>,
}

impl AppState {
    /// A state serving `search` alone; set the other capabilities with struct update syntax.
    pub fn new(config: Arc<ServeConfig>, search: Arc<LiveIndex>) -> AppState {
        AppState {
            guard: Arc::new(guard::Guard::new(&config)),
            http_metrics: Arc::default(),
            config,
            search,
            sync: None,
            prices: None,
            visual: None,
            visual_unavailable: None,
        }
    }
}

pub fn app(state: AppState) -> Router {
    let timeout = Duration::from_secs(state.config.request_timeout_secs.max(1));
    // Listing photos, as hits name them (`images/lst-0000001.jpg`, relative to the data
    // folder). ServeDir refuses paths that climb out of the folder.
    let images = tower_http::services::ServeDir::new(state.config.data_dir.join("images"));
    // Photo uploads take up to 10 MB; every other route a small body.
    let small = Router::new()
        .merge(search::router())
        .merge(prices::router())
        .merge(visual::similar_router())
        .merge(health::router())
        .merge(page::router())
        .merge(admin::router())
        .nest_service("/images", images)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    let uploads = visual::router()
        .layer(axum::extract::DefaultBodyLimit::max(visual::MAX_IMAGE_BYTES + MULTIPART_OVERHEAD))
        .layer(RequestBodyLimitLayer::new(visual::MAX_IMAGE_BYTES + MULTIPART_OVERHEAD));
    // Layers run outermost last-added: the request id and span wrap everything, metrics count
    // even refused requests, then keys, rate and admission (see guard), then the timeout.
    Router::new()
        .merge(small)
        .merge(uploads)
        .fallback(|| async { ApiError::NotFound("no such route; see / for the storefront page and /api/openapi.json for the API".into()) })
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, timeout))
        .layer(axum::middleware::from_fn_with_state(state.guard.clone(), guard::guard))
        .layer(axum::middleware::from_fn_with_state(state.http_metrics.clone(), guard::record))
        .layer(axum::middleware::map_response(error::problem_for_bare_errors))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// The log span of a request: method, path (never the query, which may hold what a shopper
/// typed) and the request id, which is also sent back as `x-request-id`.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
}

/// Serves until Ctrl-C or SIGTERM, then lets in-flight requests finish within the deadline.
///
/// The accept loop is hyper-util's rather than `axum::serve`, which sets no timer and so no
/// header deadline: a client trickling its headers (slowloris) would hold its connection
/// forever. Here headers must arrive within `--header-timeout-secs`.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt;

    let config = state.config.clone();
    let search = state.search.clone();
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, listings = search.get().num_docs(), "dalil is serving");
    // Notice generations published by `dalil index` (or a re-snapshot) while serving.
    let watched = search.clone();
    let watcher = tokio::spawn(async move {
        let mut tick = tokio::time::interval(GENERATION_CHECK);
        loop {
            tick.tick().await;
            let live = watched.clone();
            let _ = tokio::task::spawn_blocking(move || live.follow_published()).await;
        }
    });
    let router = app(state);
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(config.header_timeout_secs.max(1)));
    builder.http2().timer(TokioTimer::new());
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stopping = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stopping => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer address feeds the per-client rate limit.
        let service = router.clone().map_request(move |mut request: axum::http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            request.map(axum::body::Body::new)
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), hyper_util::service::TowerToHyperService::new(service));
        let connection = connections.watch(connection.into_owned());
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    tracing::info!("shutting down: no new connections, finishing requests in flight");
    drop(listener);
    let deadline = Duration::from_secs(config.shutdown_timeout_secs);
    if tokio::time::timeout(deadline, connections.shutdown()).await.is_err() {
        tracing::warn!(seconds = deadline.as_secs(), "requests still in flight after the deadline; stopping anyway");
    }
    watcher.abort();
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
