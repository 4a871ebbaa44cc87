//! `/api/openapi.json` stays true: every route the router has is described (with its methods),
//! every described path is routed, and the served document is the checked-in one.
//! (Responses against the schemas: `scripts/schemathesis.sh`, see BENCHMARKS.md.)

mod common;

use std::collections::BTreeSet;

/// `(path, method)` of every `.route("...", get(..).post(..))` in `src/http/`, and the
/// prefixes of nested services (`/images`).
fn routed() -> (BTreeSet<(String, String)>, Vec<String>) {
    let mut routes = BTreeSet::new();
    let mut nested = Vec::new();
    for entry in std::fs::read_dir(common::repo_path("src/http")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (i, _) in source.match_indices(".route(\"") {
            let rest = &source[i + 8..];
            let (route, rest) = rest.split_once('"').unwrap();
            // The handler expression runs to the next route (or the end of the builder).
            let end = rest.find(".route(").unwrap_or(rest.len()).min(rest.find("\n}").unwrap_or(rest.len()));
            let handler = &rest[..end];
            for method in ["get", "post", "put", "patch", "delete"] {
                if handler.contains(&format!("{method}(")) {
                    routes.insert((route.to_string(), method.to_string()));
                }
            }
        }
        for (i, _) in source.match_indices(".nest_service(\"") {
            let rest = &source[i + 15..];
            nested.push(rest.split_once('"').unwrap().0.to_string());
        }
    }
    (routes, nested)
}

fn described() -> (serde_json::Value, BTreeSet<(String, String)>) {
    let text = std::fs::read_to_string(common::repo_path("src/http/openapi.json")).unwrap();
    let spec: serde_json::Value = serde_json::from_str(&text).expect("openapi.json is JSON");
    let mut operations = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                operations.insert((path.clone(), method.clone()));
            }
        }
    }
    (spec, operations)
}

#[test]
fn every_route_is_described_and_every_description_is_routed() {
    let (routes, nested) = routed();
    let (spec, operations) = described();
    assert_eq!(spec["openapi"], "3.0.3");
    assert!(routes.len() >= 15, "the route scan found too few routes: {routes:?}");
    let undocumented: Vec<_> = routes.difference(&operations).collect();
    assert!(undocumented.is_empty(), "routes missing from src/http/openapi.json: {undocumented:?}");
    let unrouted: Vec<_> = operations
        .difference(&routes)
        .filter(|(path, _)| !nested.iter().any(|prefix| path.starts_with(&format!("{prefix}/"))))
        .collect();
    assert!(unrouted.is_empty(), "described in openapi.json but not routed: {unrouted:?}");
    for prefix in &nested {
        assert!(operations.iter().any(|(path, _)| path.starts_with(&format!("{prefix}/"))), "{prefix}/ is not described");
    }
    // Every operation says what it answers, errors included.
    for (path, method) in &operations {
        let responses = spec["paths"][path][method]["responses"].as_object().unwrap();
        assert!(responses.keys().any(|code| code.starts_with('2')), "{method} {path} has no success response");
        assert!(responses.keys().any(|code| code.starts_with('4') || code.starts_with('5')), "{method} {path} has no error response");
    }
}
