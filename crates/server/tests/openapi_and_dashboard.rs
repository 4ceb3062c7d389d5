//! The OpenAPI document against the real routes, and the embedded
//! dashboard.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use std::collections::BTreeSet;

fn documented() -> BTreeSet<(String, String)> {
    let document = dyad_server::openapi::document();
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            found.insert((method.to_uppercase(), path.clone()));
        }
    }
    found
}

fn routed() -> BTreeSet<(String, String)> {
    dyad_server::routes()
        .iter()
        .map(|route| (route.method.as_str().to_string(), route.path.to_string()))
        .collect()
}

#[test]
fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let documented = documented();
    let routed = routed();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from /openapi.json: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
}

#[test]
fn every_documented_path_parameter_appears_in_its_path() {
    let document = dyad_server::openapi::document();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for operation in item.as_object().expect("item").values() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["in"] == "path" {
                    let name = parameter["name"].as_str().expect("name");
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{path} documents path parameter {name}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn every_documented_path_answers() {
    let state = state();
    ingest_article(&state).await;
    let event = get(&state, "/api/events?limit=1").await;
    let event_id = event.json["items"][0]["event_id"]
        .as_str()
        .expect("event")
        .to_string();
    let cluster_id = event.json["items"][0]["cluster_id"]
        .as_str()
        .expect("cluster")
        .to_string();
    let documents = get(&state, "/api/documents").await;
    let hash = documents.json["items"][0]["content_sha256"]
        .as_str()
        .expect("hash")
        .to_string();
    let storylines = get(&state, "/api/storylines").await;
    let storyline_id = storylines.json["items"][0]["id"]
        .as_str()
        .expect("the article proposes a summit")
        .to_string();
    let served = get(&state, "/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.json, dyad_server::openapi::document());
    for (method, path) in documented() {
        let uri = path
            .replace("{event_id}", &event_id)
            .replace("{cluster_id}", &cluster_id)
            .replace("{content_sha256}", &hash)
            .replace("{storyline_id}", &storyline_id);
        assert!(!uri.contains('{'), "unfilled parameter in {uri}");
        let answer = if method == Method::POST.as_str() {
            post_json(
                &state,
                &uri,
                &serde_json::json!({ "documents": [] }),
                Some(TOKEN),
            )
            .await
        } else {
            // Required query parameters get a value.
            let uri = if uri == "/api/timeseries" {
                format!("{uri}?dyad=USA-RUS")
            } else {
                uri
            };
            get(&state, &uri).await
        };
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{method} {path}: {}",
            answer.text
        );
    }
}

#[tokio::test]
async fn dashboard_is_embedded_and_self_contained() {
    let state = state();
    let page = get(&state, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.text.contains(r#"<script src="/assets/app.js">"#));
    assert!(
        page.text.contains(r#"<meta name="viewport""#),
        "phones need the viewport meta tag"
    );
    let script = get(&state, "/assets/app.js").await;
    assert!(script.content_type.starts_with("text/javascript"));
    let style = get(&state, "/assets/style.css").await;
    assert!(style.content_type.starts_with("text/css"));
    // Nothing is fetched from elsewhere: the only absolute URL in the
    // assets is the SVG namespace name, which browsers never load.
    for (name, text) in [
        ("index.html", &page.text),
        ("app.js", &script.text),
        ("style.css", &style.text),
    ] {
        let external: Vec<&str> = text
            .match_indices("http")
            .map(|(at, _)| text.get(at..(at + 40).min(text.len())).unwrap_or(""))
            .filter(|url| url.starts_with("http:") || url.starts_with("https:"))
            .filter(|url| !url.starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(external.is_empty(), "{name} refers to {external:?}");
        assert!(!text.contains("@import"), "{name} imports a style sheet");
    }
}

#[tokio::test]
async fn responses_carry_security_headers_and_no_cors() {
    let state = state();
    for uri in ["/", "/api/events"] {
        let request = axum::http::Request::get(uri)
            .header("origin", "https://elsewhere.example")
            .body(axum::body::Body::empty())
            .expect("request");
        let response = tower::ServiceExt::oneshot(dyad_server::app(state.clone()), request)
            .await
            .expect("answer");
        let headers = response.headers();
        assert!(
            headers.get("access-control-allow-origin").is_none(),
            "{uri} allows other origins"
        );
        assert_eq!(
            headers
                .get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff")
        );
        assert!(headers.get("content-security-policy").is_some());
    }
}
