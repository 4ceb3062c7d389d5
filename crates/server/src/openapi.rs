//! The OpenAPI 3.1 description of the server, served at `/openapi.json`.
//!
//! It is written by hand next to the routes and kept honest by a test that
//! compares its paths and methods with [`crate::routes`].

use axum::Json;
use serde_json::{json, Value};

fn query_parameter(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": description })
}

fn path_parameter(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" }, "description": description })
}

fn filter_parameters() -> Vec<Value> {
    vec![
        query_parameter(
            "actor",
            "Case-insensitive substring of the source's or target's code or name.",
        ),
        query_parameter(
            "country",
            "ISO 3166-1 alpha-3 country of the source, target or place.",
        ),
        query_parameter(
            "dyad",
            "Two actor code prefixes: `USA-RUS` (either direction) or `USA->RUS` (directed).",
        ),
        query_parameter(
            "cameo",
            "CAMEO code or prefix, digits only (`04` matches 040..046).",
        ),
        query_parameter(
            "plover",
            "PLOVER category, case-insensitive. `category` is an alias.",
        ),
        query_parameter("category", "Alias of `plover`."),
        query_parameter(
            "modality",
            "asserted, planned, hypothetical, negated or claimed. `status` is an alias.",
        ),
        query_parameter("status", "Alias of `modality`."),
        query_parameter("from", "Earliest effective date, YYYY-MM-DD, inclusive."),
        query_parameter("to", "Latest effective date, YYYY-MM-DD, inclusive."),
        query_parameter(
            "q",
            "Full-text query over the reports' sentences (SQLite FTS5 syntax).",
        ),
    ]
}

fn page_parameters() -> Vec<Value> {
    vec![
        query_parameter(
            "limit",
            "Page size (default 100, at most 5000 per page; follow next_cursor for more).",
        ),
        query_parameter("cursor", "The next_cursor of the previous page."),
    ]
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({
        "200": { "description": description, "content": { "application/json": { "schema": schema } } },
        "400": { "$ref": "#/components/responses/Error" },
        "401": { "$ref": "#/components/responses/Error" },
        "404": { "$ref": "#/components/responses/Error" },
        "500": { "$ref": "#/components/responses/Error" }
    })
}

fn page_of(item: Value) -> Value {
    json!({
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
            "items": { "type": "array", "items": item },
            "next_cursor": { "type": ["string", "null"], "description": "Cursor of the next page; null on the last page." }
        }
    })
}

fn static_file(description: &str, media: &str) -> Value {
    json!({ "get": {
        "summary": description,
        "security": [],
        "responses": { "200": { "description": description, "content": { media: { "schema": { "type": "string" } } } } }
    }})
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut filters_and_page = filter_parameters();
    filters_and_page.extend(page_parameters());
    let mut network_parameters = filter_parameters();
    network_parameters.push(query_parameter(
        "level",
        "Group actors by `actor` code (default) or by `country`.",
    ));
    network_parameters.push(query_parameter(
        "limit",
        "At most this many edges, heaviest first (default 100).",
    ));
    let event = json!({ "$ref": "#/components/schemas/EventItem" });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dyad API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Political event data coded by dyad: events with evidence, clusters, actors, documents, dyad time series and storylines. See docs/api.md."
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": {
                    "description": "An error: {\"error\": {\"code\", \"message\"}}.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": { "error": { "type": "object", "properties": {
                        "code": { "type": "string", "enum": ["bad_request", "payload_too_large", "unauthorized", "forbidden", "not_found", "unavailable", "internal"] },
                        "message": { "type": "string" }
                    } } }
                },
                "Span": { "type": "object", "properties": { "start": { "type": "integer" }, "end": { "type": "integer" } },
                          "description": "Byte range [start, end) into the document text." },
                "EventItem": {
                    "type": "object",
                    "description": "An event record (docs/formats/event-record.md) plus cluster_id, effective_date, outlet, url, cluster_reports and cluster_documents.",
                    "properties": {
                        "event_id": { "type": "string" }, "doc_id": { "type": "string" }, "cluster_id": { "type": "string" },
                        "sentence": { "type": "string" }, "sentence_span": { "$ref": "#/components/schemas/Span" },
                        "cameo": { "type": "string" }, "plover": { "type": "string" }, "goldstein": { "type": "number" },
                        "quad_class": { "type": "integer" }, "modality": { "type": "string" },
                        "source": { "type": "object" }, "target": { "type": ["object", "null"] },
                        "effective_date": { "type": ["string", "null"], "format": "date" },
                        "outlet": { "type": ["string", "null"] }, "url": { "type": ["string", "null"] },
                        "cluster_reports": { "type": "integer" }, "cluster_documents": { "type": "integer" }
                    }
                },
                "Cluster": { "type": "object", "properties": {
                    "cluster_id": { "type": "string" }, "report_count": { "type": "integer" },
                    "documents": { "type": "array", "items": { "type": "string" } },
                    "outlets": { "type": "array", "items": { "type": "string" } },
                    "first_report": { "type": ["string", "null"] }, "last_report": { "type": ["string", "null"] },
                    "event_ids": { "type": "array", "items": { "type": "string" } }
                } },
                "Document": { "type": "object", "properties": {
                    "doc_id": { "type": "string" }, "content_sha256": { "type": "string" }, "url": { "type": ["string", "null"] },
                    "source": { "type": ["string", "null"] }, "date": { "type": ["string", "null"] }, "title": { "type": ["string", "null"] },
                    "sentence_count": { "type": "integer" }, "event_count": { "type": "integer" }
                } },
                "AttributeValue": { "type": "object", "properties": {
                    "value": { "type": "string" }, "reported_on": { "type": ["string", "null"], "format": "date" },
                    "event_id": { "type": "string" } } },
                "StorylineStep": { "type": "object", "properties": {
                    "from": { "type": ["string", "null"], "enum": storyline_statuses_or_null() },
                    "to": { "type": "string", "enum": storyline_statuses() },
                    "date": { "type": ["string", "null"], "format": "date" },
                    "evidence_count": { "type": "integer" } } },
                "StorylineSummary": {
                    "type": "object",
                    "description": "A planned occurrence followed from proposal to outcome (docs/storylines.md), with its newest attribute values.",
                    "properties": {
                        "id": { "type": "string" },
                        "kind": { "type": "string", "enum": ["meeting", "summit", "talks", "visit", "ceasefire", "agreement_signing", "withdrawal", "prisoner_exchange", "deadline"] },
                        "kind_mentions": { "type": "object", "additionalProperties": { "type": "integer" },
                                           "description": "How many proposals and consents named each kind; the most frequent names the storyline." },
                        "participants": { "type": "array", "items": { "type": "string" } },
                        "status": { "type": "string", "enum": storyline_statuses() },
                        "mediator": { "type": ["string", "null"] }, "proposed_date": { "type": ["string", "null"] },
                        "place": { "type": ["string", "null"], "description": "\"to be determined\" is a value." },
                        "format": { "type": ["string", "null"] },
                        "conditions": { "type": "array", "items": { "type": "string" } },
                        "agreed_by": { "type": "array", "items": { "type": "string" } },
                        "conflicting": { "type": "array", "items": { "type": "string" } },
                        "first_report_on": { "type": ["string", "null"], "format": "date" },
                        "last_report_on": { "type": ["string", "null"], "format": "date" },
                        "counts": { "type": "object", "properties": {
                            "reports": { "type": "integer" }, "documents": { "type": "integer" }, "transitions": { "type": "integer" },
                            "claims": { "type": "integer" }, "conflicts": { "type": "integer" } } },
                        "steps": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineStep" } }
                    }
                },
                "StorylineEvidence": {
                    "type": "object",
                    "description": "A report behind a step or claim: sentence, trigger words and span, attribution, the coder's rule and pattern, and highlight spans (document byte offsets).",
                    "properties": {
                        "event_id": { "type": "string" }, "doc_id": { "type": "string" }, "sentence_index": { "type": "integer" },
                        "sentence": { "type": "string" }, "sentence_span": { "$ref": "#/components/schemas/Span" },
                        "trigger": { "type": "string" }, "trigger_span": { "$ref": "#/components/schemas/Span" },
                        "cameo": { "type": "string" }, "plover": { "type": ["string", "null"] }, "modality": { "type": "string" },
                        "source": { "type": "string" }, "target": { "type": ["string", "null"] },
                        "attribution": { "type": ["string", "null"] }, "attributed_to": { "type": ["string", "null"] },
                        "reported_on": { "type": ["string", "null"], "format": "date" },
                        "rule": { "type": ["string", "null"] }, "pattern": { "type": ["string", "null"] }, "pattern_origin": { "type": ["string", "null"] },
                        "highlights": { "type": "array", "items": { "$ref": "#/components/schemas/Highlight" } }
                    }
                },
                "StorylineClaim": { "type": "object", "properties": {
                    "participant": { "type": "string" }, "stance": { "type": "string", "enum": ["supports", "denies"] },
                    "claimed_by": { "type": "string" }, "evidence": { "$ref": "#/components/schemas/StorylineEvidence" } } },
                "Highlight": { "type": "object", "properties": {
                    "role": { "type": "string", "enum": ["source", "target", "trigger", "attribution", "location"] },
                    "span": { "$ref": "#/components/schemas/Span" }, "text": { "type": ["string", "null"] }
                } }
            }
        },
        "security": [ {}, { "bearer": [] } ],
        "paths": {
            "/": static_file("The dashboard page.", "text/html"),
            "/assets/app.js": static_file("The dashboard's script.", "text/javascript"),
            "/assets/style.css": static_file("The dashboard's style sheet.", "text/css"),
            "/openapi.json": static_file("This document.", "application/json"),
            "/api/health": { "get": {
                "summary": "Liveness, store counts and whether ingestion is available.",
                "responses": json_response("Health.", json!({ "type": "object", "properties": {
                    "status": { "type": "string" }, "counts": { "type": "object" }, "ingest_available": { "type": "boolean" } } }))
            } },
            "/api/vocabulary": { "get": {
                "summary": "PLOVER categories, modalities and QuadClass names the filters accept.",
                "responses": json_response("Vocabularies.", json!({ "type": "object" }))
            } },
            "/api/events": { "get": {
                "summary": "Event reports matching the filters, in ingest order, a page at a time.",
                "parameters": filters_and_page,
                "responses": json_response("A page of events.", page_of(event.clone()))
            } },
            "/api/events/{event_id}": { "get": {
                "summary": "One event with its evidence spans, document and every report of its cluster.",
                "parameters": [ path_parameter("event_id", "The event's id.") ],
                "responses": json_response("The event.", json!({ "type": "object", "properties": {
                    "event": event, "document": { "$ref": "#/components/schemas/Document" },
                    "highlights": { "type": "array", "items": { "$ref": "#/components/schemas/Highlight" } },
                    "cluster": { "$ref": "#/components/schemas/Cluster" },
                    "cluster_members": { "type": "array", "items": { "type": "object" } } } }))
            } },
            "/api/clusters": { "get": {
                "summary": "Event clusters (occurrences), oldest first.",
                "parameters": page_parameters(),
                "responses": json_response("A page of clusters.", page_of(json!({ "$ref": "#/components/schemas/Cluster" })))
            } },
            "/api/clusters/{cluster_id}": { "get": {
                "summary": "One cluster. A merged cluster's id resolves to the cluster it joined.",
                "parameters": [ path_parameter("cluster_id", "The cluster's id.") ],
                "responses": json_response("The cluster.", json!({ "$ref": "#/components/schemas/Cluster" }))
            } },
            "/api/actors": { "get": {
                "summary": "Actors of the matching events with their report counts, most frequent first.",
                "parameters": filters_and_page_clone(),
                "responses": json_response("A page of actors.", page_of(json!({ "type": "object", "properties": {
                    "key": { "type": "string" }, "code": { "type": ["string", "null"] }, "name": { "type": ["string", "null"] },
                    "country": { "type": ["string", "null"] }, "as_source": { "type": "integer" }, "as_target": { "type": "integer" } } })))
            } },
            "/api/network": { "get": {
                "summary": "Who acted on whom among the matching events, weighted by report count.",
                "parameters": network_parameters,
                "responses": json_response("Nodes and edges.", json!({ "type": "object", "properties": {
                    "nodes": { "type": "array", "items": { "type": "object" } },
                    "edges": { "type": "array", "items": { "type": "object" } } } }))
            } },
            "/api/documents": {
                "get": {
                    "summary": "Stored documents in ingest order.",
                    "parameters": page_parameters(),
                    "responses": json_response("A page of documents.", page_of(json!({ "$ref": "#/components/schemas/Document" })))
                },
                "post": {
                    "summary": "Analyses documents with the server's pipeline and stores them. Needs the bearer token.",
                    "security": [ { "bearer": [] } ],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["documents"], "properties": { "documents": { "type": "array", "items": {
                            "type": "object", "required": ["text"], "properties": {
                                "id": { "type": "string" }, "text": { "type": "string" }, "date": { "type": "string", "format": "date" },
                                "title": { "type": "string" }, "url": { "type": "string" }, "source": { "type": "string" } } } } } } } } },
                    "responses": {
                        "200": { "description": "What was stored.", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "400": { "$ref": "#/components/responses/Error" },
                        "401": { "$ref": "#/components/responses/Error" },
                        "403": { "$ref": "#/components/responses/Error" },
                        "413": { "description": "The body is larger than the server accepts." },
                        "503": { "$ref": "#/components/responses/Error" }
                    }
                }
            },
            "/api/documents/{content_sha256}": { "get": {
                "summary": "A document with its text, sentences and each event's spans.",
                "parameters": [ path_parameter("content_sha256", "Hex SHA-256 of the document text (see GET /api/documents).") ],
                "responses": json_response("The document.", json!({ "type": "object", "properties": {
                    "document": { "$ref": "#/components/schemas/Document" }, "text": { "type": "string" },
                    "sentences": { "type": "array", "items": { "type": "object" } },
                    "events": { "type": "array", "items": { "type": "object" } } } }))
            } },
            "/api/storylines": { "get": {
                "summary": "Storylines (planned occurrences followed from proposal to outcome) built from the stored reports, in the order they were opened.",
                "parameters": [
                    query_parameter("status", "proposed, agreed, scheduled, held, postponed, cancelled or stalled; any other value is a 400."),
                    query_parameter("actor", "A participant's or mediator's country or organisation code (RUS, NATO), case-insensitive."),
                    query_parameter("limit", "Page size (default 100, at most 5000 per page; follow next_cursor for more)."),
                    query_parameter("cursor", "The next_cursor of the previous page.")
                ],
                "responses": json_response("A page of storylines.", page_of(json!({ "$ref": "#/components/schemas/StorylineSummary" })))
            } },
            "/api/storylines/{storyline_id}": { "get": {
                "summary": "One storyline with its timeline: each status change with the reports that caused it, their evidence and attribution, and conflicting claims side by side.",
                "parameters": [ path_parameter("storyline_id", "The storyline's id (sl-...), as the list gives it.") ],
                "responses": json_response("The storyline.", json!({ "allOf": [
                    { "$ref": "#/components/schemas/StorylineSummary" },
                    { "type": "object", "properties": {
                        "history": { "type": "object", "description": "Every value of each attribute, oldest first.", "properties": {
                            "proposed_date": { "type": "array", "items": { "$ref": "#/components/schemas/AttributeValue" } },
                            "place": { "type": "array", "items": { "$ref": "#/components/schemas/AttributeValue" } },
                            "format": { "type": "array", "items": { "$ref": "#/components/schemas/AttributeValue" } },
                            "conditions": { "type": "array", "items": { "$ref": "#/components/schemas/AttributeValue" } },
                            "mediator": { "type": "array", "items": { "$ref": "#/components/schemas/AttributeValue" } } } },
                        "timeline": { "type": "array", "items": { "type": "object", "properties": {
                            "from": { "type": ["string", "null"] }, "to": { "type": "string" },
                            "date": { "type": ["string", "null"], "format": "date" }, "reason": { "type": "string" },
                            "evidence": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineEvidence" } } } } },
                        "claims": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineClaim" } },
                        "conflicts": { "type": "array", "items": { "type": "object", "properties": {
                            "participant": { "type": "string" },
                            "supporting": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineClaim" } },
                            "denying": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineClaim" } } } } },
                        "reports": { "type": "array", "items": { "$ref": "#/components/schemas/StorylineEvidence" } }
                    } }
                ] }))
            } },
            "/api/timeseries": { "get": {
                "summary": "Report counts by QuadClass and mean Goldstein score per period for one dyad.",
                "parameters": [
                    { "name": "dyad", "in": "query", "required": true, "schema": { "type": "string" }, "description": "`USA-RUS` or `USA->RUS`." },
                    query_parameter("granularity", "day, week (default) or month."),
                    query_parameter("from", "Earliest date, YYYY-MM-DD."),
                    query_parameter("to", "Latest date, YYYY-MM-DD.")
                ],
                "responses": json_response("The series.", json!({ "type": "object", "properties": {
                    "dyad": { "type": "object" }, "granularity": { "type": "string" },
                    "points": { "type": "array", "items": { "type": "object", "properties": {
                        "period": { "type": "string", "format": "date" },
                        "quad_counts": { "type": "array", "items": { "type": "integer" }, "minItems": 4, "maxItems": 4 },
                        "total": { "type": "integer" }, "mean_goldstein": { "type": "number" } } } } } }))
            } }
        }
    })
}

/// The storyline status names, for enumerations.
fn storyline_statuses() -> Vec<Value> {
    dyad_engine::vocabulary::storyline_statuses()
        .into_iter()
        .map(Value::from)
        .collect()
}

/// The storyline status names and null, for the opening step's `from`.
fn storyline_statuses_or_null() -> Vec<Value> {
    let mut names = storyline_statuses();
    names.push(Value::Null);
    names
}

fn filters_and_page_clone() -> Vec<Value> {
    let mut parameters = filter_parameters();
    parameters.extend(page_parameters());
    parameters
}

/// `GET /openapi.json`.
pub async fn serve() -> Json<Value> {
    Json(document())
}
