//! What stands between the open internet and the handlers: keys, per-client rate limits,
//! admission control with load shedding, and the per-route request metrics.
//!
//! The order, outermost first (see [`super::app`]): request id and trace span, metrics (so a
//! shed or refused request is counted too), keys, the rate limit, then admission. Health,
//! readiness and metrics skip the rate limit and the queue, so an orchestrator can still see a
//! saturated instance alive.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::ApiError;
use crate::cli::{Secret, ServeConfig};
use crate::metrics::{header as metric_header, label_value, Histogram};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// The page, its assets, listing photos, health, readiness, metrics and the API description.
    Open,
    /// Search, photos and prices: the search key when one is configured (the admin key also works).
    Public,
    /// `/api/admin/...`: the admin key, always.
    Admin,
}

fn access(path: &str) -> Access {
    if path.starts_with("/api/admin/") || path == "/api/admin" {
        Access::Admin
    } else if path.starts_with("/api/") && path != "/api/openapi.json" {
        Access::Public
    } else {
        Access::Open
    }
}

/// Routes an orchestrator polls: never queued, never rate limited.
fn is_probe(path: &str) -> bool {
    matches!(path, "/health" | "/ready" | "/metrics")
}

/// Keys, the admission queue and the rate limiter of one serving instance.
pub struct Guard {
    admin_key: Option<Secret>,
    search_key: Option<Secret>,
    slots: Semaphore,
    max_queued: usize,
    queued: AtomicUsize,
    queue_timeout: Duration,
    rate: Option<RateLimiter>,
    /// Requests shed because the queue was full or the wait too long.
    shed: AtomicU64,
    /// Requests refused by the per-client rate limit.
    rate_limited: AtomicU64,
}

impl Guard {
    pub fn new(config: &ServeConfig) -> Guard {
        Guard {
            admin_key: config.admin_key.clone(),
            search_key: config.search_key.clone(),
            slots: Semaphore::new(config.max_in_flight.max(1)),
            max_queued: config.max_queued,
            queued: AtomicUsize::new(0),
            queue_timeout: Duration::from_millis(config.queue_timeout_ms),
            rate: (config.rate_limit > 0.0).then(|| RateLimiter::new(config.rate_limit, 2.0 * config.rate_limit)),
            shed: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
        }
    }

    fn check_key(&self, request: &Request) -> Result<(), ApiError> {
        let given = presented_key(request);
        let needed = match access(request.uri().path()) {
            Access::Open => return Ok(()),
            Access::Public => match &self.search_key {
                None => return Ok(()),
                Some(key) => key,
            },
            Access::Admin => match &self.admin_key {
                None => {
                    return Err(ApiError::Unauthorized {
                        message: "admin routes are off on this instance; start it with --admin-key (or DALIL_ADMIN_KEY) to use them".into(),
                        forbidden: true,
                    })
                }
                Some(key) => key,
            },
        };
        let admin = self.admin_key.as_ref().zip(given).is_some_and(|(k, g)| k.matches(g));
        if given.is_some_and(|g| needed.matches(g)) || admin {
            return Ok(());
        }
        Err(ApiError::Unauthorized {
            message: if given.is_some() {
                "the key is not valid for this route".into()
            } else {
                "this route needs a key; send it as Authorization: Bearer <key>".into()
            },
            forbidden: false,
        })
    }

    /// Waits for a slot, or sheds the request when too many already wait or the wait is too long.
    async fn admit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        if let Ok(permit) = self.slots.try_acquire() {
            return Ok(permit);
        }
        let overloaded = || ApiError::Overloaded {
            message: "the service is at capacity; retry in a moment".into(),
            retry_after_secs: 1,
        };
        if self.queued.fetch_add(1, Ordering::AcqRel) >= self.max_queued {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            self.shed.fetch_add(1, Ordering::Relaxed);
            return Err(overloaded());
        }
        let waited = tokio::time::timeout(self.queue_timeout, self.slots.acquire()).await;
        self.queued.fetch_sub(1, Ordering::AcqRel);
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                self.shed.fetch_add(1, Ordering::Relaxed);
                Err(overloaded())
            }
        }
    }

    pub fn write_metrics(&self, out: &mut String) {
        use std::fmt::Write;
        metric_header(out, "dalil_requests_shed_total", "counter", "Requests answered 503 because the instance was at capacity.");
        let _ = writeln!(out, "dalil_requests_shed_total {}", self.shed.load(Ordering::Relaxed));
        metric_header(out, "dalil_requests_rate_limited_total", "counter", "Requests answered 429 by the per-client rate limit.");
        let _ = writeln!(out, "dalil_requests_rate_limited_total {}", self.rate_limited.load(Ordering::Relaxed));
        metric_header(out, "dalil_requests_queued", "gauge", "Requests waiting for a slot now.");
        let _ = writeln!(out, "dalil_requests_queued {}", self.queued.load(Ordering::Relaxed));
    }
}

/// `Authorization: Bearer <key>`, or `X-Dalil-Key: <key>` for clients that cannot set the former.
fn presented_key(request: &Request) -> Option<&str> {
    let headers = request.headers();
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let value = value.trim();
        if value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer ") {
            return Some(value[7..].trim());
        }
    }
    headers.get("x-dalil-key").and_then(|v| v.to_str().ok()).map(str::trim)
}

/// The middleware: keys, then the client's rate, then a slot.
pub async fn guard(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    if let Err(e) = guard.check_key(&request) {
        return e.into_response();
    }
    let path = request.uri().path();
    if is_probe(path) {
        return next.run(request).await;
    }
    if let (Some(rate), Some(ConnectInfo(peer))) = (&guard.rate, request.extensions().get::<ConnectInfo<SocketAddr>>()) {
        if let Err(wait) = rate.take(peer.ip(), Instant::now()) {
            guard.rate_limited.fetch_add(1, Ordering::Relaxed);
            return ApiError::TooManyRequests {
                message: "too many requests from this address; slow down".into(),
                retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
            }
            .into_response();
        }
    }
    match guard.admit().await {
        Ok(_permit) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// A token bucket per client address: `rate` tokens a second, at most `burst` saved up.
struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<Buckets>,
}

#[derive(Default)]
struct Buckets {
    by_client: HashMap<IpAddr, Bucket>,
    /// When full buckets were last dropped: at most one sweep per refill time, so a table full
    /// of active clients does not cost a scan on every request.
    swept: Option<Instant>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets kept before idle ones are dropped (bounds the memory a flood of addresses can take).
const MAX_TRACKED_CLIENTS: usize = 100_000;

impl RateLimiter {
    fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter { rate, burst: burst.max(1.0), buckets: Mutex::new(Buckets::default()) }
    }

    /// Takes a token for `client`, or says how long until one is free.
    fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let full_after = Duration::from_secs_f64(self.burst / self.rate);
        if buckets.by_client.len() >= MAX_TRACKED_CLIENTS && !buckets.by_client.contains_key(&client) {
            if buckets.swept.is_none_or(|at| now.duration_since(at) >= full_after) {
                // A full bucket is the same as no bucket, so forgetting those loses nothing.
                buckets.by_client.retain(|_, b| now.duration_since(b.updated) < full_after);
                buckets.swept = Some(now);
            }
            if buckets.by_client.len() >= MAX_TRACKED_CLIENTS {
                // Still full of active clients: a new one is let through untracked until a
                // sweep makes room, rather than the table growing without bound.
                return Ok(());
            }
        }
        let bucket = buckets.by_client.entry(client).or_insert(Bucket { tokens: self.burst, updated: now });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * self.rate;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

/// Request counts by route, method and status, and latency histograms by route.
#[derive(Default)]
pub struct HttpMetrics {
    routes: Mutex<HashMap<(String, String), RouteMetrics>>,
    /// Price estimates answered with a number.
    pub estimates_served: AtomicU64,
}

#[derive(Default)]
struct RouteMetrics {
    latency: Arc<Histogram>,
    statuses: HashMap<u16, u64>,
}

impl HttpMetrics {
    fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let latency = {
            let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
            let entry = routes.entry((route.to_string(), method.to_string())).or_default();
            *entry.statuses.entry(status).or_default() += 1;
            entry.latency.clone()
        };
        latency.observe(elapsed);
    }

    pub fn write(&self, out: &mut String) {
        use std::fmt::Write;
        metric_header(out, "dalil_estimates_served_total", "counter", "Price estimates answered with a number.");
        let _ = writeln!(out, "dalil_estimates_served_total {}", self.estimates_served.load(Ordering::Relaxed));
        let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys: Vec<_> = routes.keys().cloned().collect();
        keys.sort();
        metric_header(out, "dalil_http_requests_total", "counter", "Requests answered, by route, method and status.");
        for key in &keys {
            let mut statuses: Vec<_> = routes[key].statuses.iter().collect();
            statuses.sort();
            for (status, count) in statuses {
                let _ = writeln!(
                    out,
                    "dalil_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {count}",
                    label_value(&key.0),
                    key.1
                );
            }
        }
        metric_header(out, "dalil_http_request_duration_seconds", "histogram", "Time to answer, by route and method.");
        for key in &keys {
            let labels = format!("route=\"{}\",method=\"{}\"", label_value(&key.0), key.1);
            routes[key].latency.write(out, "dalil_http_request_duration_seconds", &labels);
        }
    }
}

/// Times every request and counts its status under the route's pattern (`/api/products/{id}/similar`,
/// never the raw path, so ids do not explode the series).
pub async fn record(State(metrics): State<Arc<HttpMetrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_string(),
        // Unmatched paths are one series, whatever a scanner tries.
        None => "unmatched".to_string(),
    };
    let response = next.run(request).await;
    metrics.record(&method, &route, response.status().as_u16(), started.elapsed());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_classified_by_who_may_call_them() {
        assert_eq!(access("/api/admin/stats"), Access::Admin);
        assert_eq!(access("/api/search"), Access::Public);
        assert_eq!(access("/api/prices/estimate"), Access::Public);
        assert_eq!(access("/api/openapi.json"), Access::Open);
        assert_eq!(access("/"), Access::Open);
        assert_eq!(access("/images/lst-1.jpg"), Access::Open);
        assert_eq!(access("/health"), Access::Open);
    }

    #[test]
    fn a_bucket_allows_its_burst_then_the_rate() {
        let limiter = RateLimiter::new(10.0, 20.0);
        let (client, start) = ("10.0.0.1".parse().unwrap(), Instant::now());
        for _ in 0..20 {
            assert!(limiter.take(client, start).is_ok());
        }
        let wait = limiter.take(client, start).unwrap_err();
        assert!(wait <= Duration::from_millis(100) && wait > Duration::ZERO, "{wait:?}");
        // A tenth of a second later one more token has come in.
        assert!(limiter.take(client, start + Duration::from_millis(101)).is_ok());
        // Other clients have their own buckets.
        assert!(limiter.take("10.0.0.2".parse().unwrap(), start).is_ok());
    }

    fn guard(flags: &[&str]) -> Guard {
        use clap::Parser;
        let args = ["dalil", "serve"].into_iter().chain(flags.iter().copied());
        let crate::cli::Command::Serve(config) = crate::cli::Cli::parse_from(args).command else { unreachable!() };
        Guard::new(&config)
    }

    #[tokio::test]
    async fn a_full_queue_sheds_at_once_and_a_long_wait_sheds_after_the_timeout() {
        let no_queue = guard(&["--max-in-flight", "1", "--max-queued", "0"]);
        let busy = no_queue.admit().await.unwrap();
        let started = Instant::now();
        let shed = no_queue.admit().await.unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(50), "no waiting when the queue is full");
        assert!(matches!(shed, ApiError::Overloaded { retry_after_secs: 1, .. }), "{shed:?}");
        drop(busy);
        assert!(no_queue.admit().await.is_ok(), "a freed slot admits again");

        let short_wait = guard(&["--max-in-flight", "1", "--max-queued", "8", "--queue-timeout-ms", "30"]);
        let busy = short_wait.admit().await.unwrap();
        let started = Instant::now();
        assert!(short_wait.admit().await.is_err());
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert_eq!(short_wait.shed.load(Ordering::Relaxed), 1);
        assert_eq!(short_wait.queued.load(Ordering::Relaxed), 0, "a shed request leaves the queue");
        // A slot freed while a request waits goes to it.
        let waiter = async { short_wait.admit().await.is_ok() };
        let release = async {
            tokio::time::sleep(Duration::from_millis(5)).await;
            drop(busy);
        };
        let (admitted, ()) = tokio::join!(waiter, release);
        assert!(admitted);
    }

    #[test]
    fn keys_match_only_themselves() {
        let key: Secret = "0123456789abcdef0123".parse().unwrap();
        assert!(key.matches("0123456789abcdef0123"));
        assert!(!key.matches("0123456789abcdef012"));
        assert!(!key.matches(""));
        assert_eq!(format!("{key:?}"), "Secret(\"<redacted>\")");
        assert!("short".parse::<Secret>().is_err());
    }
}
