// The dyad dashboard: a small single-page application over the JSON API.
//
// Everything is drawn with the DOM and SVG; user text is only ever set as
// text content, never as HTML, so stored documents cannot inject markup.
// Pages are addressed by the URL fragment (#/timeline?..., #/dyad?...,
// #/network?..., #/storylines?..., #/storyline/ID, #/event/ID,
// #/document/HASH) so that every view can be linked and reloaded.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const QUAD_COLOURS = ["#8cc7a1", "#2e7d4f", "#e89a8f", "#b3362f"];
const ROLE_NAMES = { source: "source", target: "target", trigger: "trigger", attribution: "attribution", location: "place" };
const PAGE_SIZE = 50;

// ---------------------------------------------------------------- helpers

/** Creates an element with attributes and children (strings become text). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  appendAll(node, children);
  return node;
}

/** Creates an SVG element with attributes and children. */
function svgEl(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  appendAll(node, children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
}

function appendAll(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the page content. */
function show(...children) {
  const view = document.getElementById("view");
  view.replaceChildren(...children.flat().filter(Boolean));
}

function stateBox(kind, message) {
  return el("p", { class: `state ${kind}`, "data-testid": `state-${kind}` }, message);
}

/** An error raised for a failed API call, carrying the server's message. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Fetches JSON from the API, with the bearer token when one was given. */
async function api(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && String(value).trim() !== "") query.set(name, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("dyad-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    throw new ApiError(0, "The server cannot be reached. Is dyad serve still running?");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, message);
  }
  return body;
}

/** Shows an API failure, offering a token field when one is needed. */
function showError(error) {
  const parts = [stateBox("error", error.message || String(error))];
  if (error.status === 401) {
    const input = el("input", { type: "password", name: "token", placeholder: "bearer token", "aria-label": "Bearer token" });
    parts.push(
      el("form", { class: "panel filters", onsubmit: (event) => {
        event.preventDefault();
        sessionStorage.setItem("dyad-token", input.value.trim());
        route();
      } }, el("label", {}, "This server needs a token to read.", input), el("button", { type: "submit" }, "Use token")),
    );
  }
  show(parts);
}

/** Parses the fragment into a page name, a path argument and parameters. */
function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?", 2);
  const [page, ...rest] = path.split("/");
  return { page: page || "timeline", argument: rest.map(decodeURIComponent).join("/"), params: new URLSearchParams(query || "") };
}

function link(page, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) if (value) query.set(name, value);
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ""}`;
}

function actorLabel(actor) {
  if (!actor) return "—";
  const name = actor.name || actor.text || "?";
  return actor.code ? `${name} (${actor.code})` : name;
}

function formatNumber(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

// ------------------------------------------------------- byte-span mapping

/**
 * Maps UTF-8 byte offsets of `text` to JavaScript string (UTF-16) offsets.
 * Spans from the server count bytes; JavaScript strings count UTF-16 code
 * units, so "–" is 3 bytes but 1 unit and an emoji 4 bytes but 2 units.
 * Offsets inside a character map to that character's start.
 */
function byteToStringOffsets(text) {
  const map = new Map();
  let bytes = 0;
  let units = 0;
  for (const character of text) {
    map.set(bytes, units);
    const point = character.codePointAt(0);
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    units += character.length;
  }
  map.set(bytes, units);
  return (offset) => {
    if (offset <= 0) return 0;
    if (offset >= bytes) return units;
    let probe = offset;
    while (!map.has(probe) && probe > 0) probe -= 1;
    return map.get(probe) || 0;
  };
}

/**
 * Splits `sentence` into runs, each marked with the roles whose spans cover
 * it. `spans` hold byte offsets into the document; `sentenceStart` is the
 * sentence's own byte offset in the document.
 */
function highlightRuns(sentence, sentenceStart, highlights) {
  const toUnits = byteToStringOffsets(sentence);
  const marks = [];
  for (const highlight of highlights) {
    const start = toUnits(highlight.span.start - sentenceStart);
    const end = toUnits(highlight.span.end - sentenceStart);
    if (end > start) marks.push({ role: highlight.role, start, end });
  }
  const cuts = new Set([0, sentence.length]);
  for (const mark of marks) { cuts.add(mark.start); cuts.add(mark.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const runs = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const start = points[index];
    const end = points[index + 1];
    const roles = marks.filter((mark) => mark.start <= start && mark.end >= end).map((mark) => mark.role);
    runs.push({ text: sentence.slice(start, end), roles });
  }
  return runs;
}

/** The sentence as DOM with nested <mark>s for each covering role. */
function highlightedSentence(sentence, sentenceStart, highlights) {
  const container = el("p", { class: "evidence-sentence", "data-testid": "evidence-sentence" });
  for (const run of highlightRuns(sentence, sentenceStart, highlights)) {
    let node = document.createTextNode(run.text);
    for (const role of [...run.roles].reverse()) {
      node = el("mark", { class: role, "data-role": role, title: ROLE_NAMES[role] || role }, node);
    }
    container.append(node);
  }
  return container;
}

// ---------------------------------------------------------------- timeline

let vocabularyCache = null;

async function vocabulary() {
  if (!vocabularyCache) vocabularyCache = await api("/api/vocabulary");
  return vocabularyCache;
}

function selectField(name, label, options, selected) {
  const select = el("select", { name }, el("option", { value: "" }, "any"));
  for (const option of options) {
    select.append(el("option", { value: option, selected: option === selected ? "selected" : null }, option));
  }
  return el("label", {}, label, select);
}

function textField(name, label, value, attributes) {
  return el("label", {}, label, el("input", { name, value: value || "", ...(attributes || {}) }));
}

/** The filter form; submitting it moves to `page` with the new filters. */
function filterForm(page, params, words) {
  const form = el(
    "form",
    { class: "panel filters", "data-testid": "filters" },
    textField("actor", "Actor", params.get("actor"), { placeholder: "Putin, USAGOV" }),
    textField("dyad", "Dyad", params.get("dyad"), { placeholder: "USA-RUS" }),
    selectField("category", "Category (PLOVER)", words.plover_categories, params.get("category")),
    selectField("status", "Status", words.modalities, params.get("status")),
    textField("from", "From", params.get("from"), { type: "date" }),
    textField("to", "To", params.get("to"), { type: "date" }),
    textField("q", "Words", params.get("q"), { placeholder: "ceasefire" }),
    el("button", { type: "submit" }, "Apply"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const [name, value] of new FormData(form).entries()) values[name] = String(value).trim();
    location.hash = link(page, values);
  });
  return form;
}

function eventCard(item) {
  const event = item;
  return el(
    "a",
    { class: "event-card", href: `#/event/${encodeURIComponent(event.event_id)}`, "data-testid": "event-card", "data-event-id": event.event_id },
    el(
      "div",
      { class: "event-head" },
      el("span", { class: "who" }, actorLabel(event.source), " → ", event.target ? actorLabel(event.target) : "—"),
      el("span", { class: "badge" }, `${event.plover} · CAMEO ${event.cameo}`),
      el("span", { class: `badge ${event.modality}` }, event.modality),
      el("span", { class: "meta" }, `“${event.trigger.text}”`, event.outlet ? ` · ${event.outlet}` : "", event.cluster_reports > 1 ? ` · ${event.cluster_reports} reports` : ""),
    ),
    el("div", { class: "sentence" }, event.sentence),
  );
}

/** Groups events under their dates, newest first, undated last. */
function timelineList(events) {
  const sorted = [...events].sort((a, b) => (b.effective_date || "").localeCompare(a.effective_date || ""));
  const list = el("ol", { class: "timeline", "data-testid": "timeline" });
  let lastDate = undefined;
  for (const event of sorted) {
    const date = event.effective_date || "undated";
    if (date !== lastDate) {
      list.append(el("li", { class: "date-heading" }, el("h2", {}, date)));
      lastDate = date;
    }
    list.append(el("li", { class: `q${event.quad_class}` }, eventCard(event)));
  }
  return list;
}

async function timelinePage(params) {
  show(el("h1", {}, "Timeline of events"), stateBox("loading", "Loading events…"));
  const words = await vocabulary();
  const filters = Object.fromEntries(params.entries());
  const first = await api("/api/events", { ...filters, limit: PAGE_SIZE });
  const events = first.items;
  const form = filterForm("timeline", params, words);
  const body = el("div", { "data-testid": "timeline-body" });
  const render = (cursor) => {
    if (events.length === 0) {
      const filtered = Object.values(filters).some((value) => value);
      body.replaceChildren(stateBox("empty", filtered
        ? "No events match these filters. Widen the dates or clear a filter."
        : "No events are stored yet. Run `dyad ingest examples/articles` and reload."));
      return;
    }
    const children = [timelineList(events)];
    if (cursor) {
      const more = el("button", { type: "button", class: "secondary", "data-testid": "load-more" }, "Load more");
      more.addEventListener("click", async () => {
        more.disabled = true;
        more.textContent = "Loading…";
        try {
          const next = await api("/api/events", { ...filters, limit: PAGE_SIZE, cursor });
          events.push(...next.items);
          render(next.next_cursor);
        } catch (error) {
          more.replaceWith(stateBox("error", error.message));
        }
      });
      children.push(el("div", { class: "more" }, more));
    }
    body.replaceChildren(...children);
  };
  render(first.next_cursor);
  show(el("h1", {}, "Timeline of events"), form, body);
}

// ------------------------------------------------------------------- dyad

/** Adds days to an ISO date and returns an ISO date. */
function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function periodEnd(iso, granularity) {
  if (granularity === "day") return iso;
  if (granularity === "week") return addDays(iso, 6);
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/**
 * Draws the dyad chart: stacked bars of reports per QuadClass and a line
 * of the mean Goldstein score (−10..+10, right axis). Clicking a bar opens
 * the events of that period.
 */
function dyadChart(series, dyadText, granularity) {
  const width = 800;
  const height = 320;
  const margin = { left: 44, right: 44, top: 16, bottom: 54 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const points = series.points;
  const maxCount = Math.max(1, ...points.map((point) => point.total));
  const band = plotWidth / points.length;
  const barWidth = Math.max(2, Math.min(48, band * 0.7));
  const yCount = (count) => margin.top + plotHeight - (count / maxCount) * plotHeight;
  const yGoldstein = (score) => margin.top + plotHeight / 2 - (score / 10) * (plotHeight / 2);
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Reports and Goldstein score for ${dyadText}`, "data-testid": "dyad-chart" });
  svg.append(svgEl("line", { x1: margin.left, x2: width - margin.right, y1: yCount(0), y2: yCount(0), stroke: "#9aa3b2" }));
  svg.append(svgEl("line", { x1: margin.left, x2: width - margin.right, y1: yGoldstein(0), y2: yGoldstein(0), stroke: "#d9dee7", "stroke-dasharray": "4 4" }));
  for (const tick of [0, Math.round(maxCount / 2), maxCount]) {
    svg.append(svgEl("text", { x: margin.left - 6, y: yCount(tick) + 4, "text-anchor": "end", "font-size": 11, fill: "#5b6475" }, String(tick)));
  }
  for (const tick of [-10, 0, 10]) {
    svg.append(svgEl("text", { x: width - margin.right + 6, y: yGoldstein(tick) + 4, "font-size": 11, fill: "#5b6475" }, String(tick)));
  }
  svg.append(svgEl("text", { x: 4, y: 12, "font-size": 11, fill: "#5b6475" }, "reports"));
  svg.append(svgEl("text", { x: width - 4, y: 12, "font-size": 11, fill: "#5b6475", "text-anchor": "end" }, "Goldstein"));
  const labelEvery = Math.max(1, Math.ceil(points.length / 10));
  const line = [];
  points.forEach((point, index) => {
    const x = margin.left + band * index + (band - barWidth) / 2;
    const group = svgEl("a", { href: link("timeline", { dyad: dyadText, from: point.period, to: periodEnd(point.period, granularity) }), "data-testid": "dyad-bar" });
    let stacked = 0;
    point.quad_counts.forEach((count, quad) => {
      if (count === 0) return;
      const top = yCount(stacked + count);
      group.append(svgEl("rect", { x, y: top, width: barWidth, height: yCount(stacked) - top, fill: QUAD_COLOURS[quad] },
        svgEl("title", {}, `${point.period}: ${count} ${QUAD_NAMES[quad]}`)));
      stacked += count;
    });
    svg.append(group);
    if (index % labelEvery === 0) {
      svg.append(svgEl("text", { x: x + barWidth / 2, y: height - margin.bottom + 16, "text-anchor": "middle", "font-size": 11, fill: "#5b6475" }, point.period));
    }
    line.push([x + barWidth / 2, yGoldstein(point.mean_goldstein)]);
  });
  if (line.length > 0) {
    svg.append(svgEl("polyline", { points: line.map(([x, y]) => `${x},${y}`).join(" "), fill: "none", stroke: "#1d2433", "stroke-width": 2, "data-testid": "goldstein-line" }));
    line.forEach(([x, y], index) => {
      svg.append(svgEl("circle", { cx: x, cy: y, r: 4, fill: "#1d2433" },
        svgEl("title", {}, `${points[index].period}: mean Goldstein ${formatNumber(points[index].mean_goldstein, 2)}`)));
    });
  }
  return svg;
}

function quadLegend() {
  return el("div", { class: "legend" },
    QUAD_NAMES.map((name, index) => el("span", {}, svgSwatch(QUAD_COLOURS[index]), name)),
    el("span", {}, svgSwatch("#1d2433"), "mean Goldstein (right axis)"));
}

function svgSwatch(colour) {
  return svgEl("svg", { class: "swatch", viewBox: "0 0 10 10", width: 12, height: 12 }, svgEl("rect", { width: 10, height: 10, fill: colour }));
}

async function dyadPage(params) {
  const first = (params.get("a") || "USA").toUpperCase();
  const second = (params.get("b") || "RUS").toUpperCase();
  const granularity = params.get("granularity") || "week";
  const dyadText = `${first}-${second}`;
  const form = el("form", { class: "panel filters", "data-testid": "dyad-form" },
    textField("a", "First actor (code prefix)", first),
    textField("b", "Second actor (code prefix)", second),
    selectField("granularity", "Per", ["day", "week", "month"], granularity),
    textField("from", "From", params.get("from"), { type: "date" }),
    textField("to", "To", params.get("to"), { type: "date" }),
    el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const [name, value] of new FormData(form).entries()) values[name] = String(value).trim();
    location.hash = link("dyad", values);
  });
  const heading = el("h1", {}, `Cooperation and conflict: ${first} – ${second}`);
  show(heading, form, stateBox("loading", "Loading the time series…"));
  const [series, events] = await Promise.all([
    api("/api/timeseries", { dyad: dyadText, granularity, from: params.get("from"), to: params.get("to") }),
    api("/api/events", { dyad: dyadText, from: params.get("from"), to: params.get("to"), limit: 20 }),
  ]);
  if (series.points.length === 0) {
    show(heading, form, stateBox("empty", `No dated events between ${first} and ${second}. Try other codes or dates.`));
    return;
  }
  const totals = series.points.reduce((sum, point) => sum + point.total, 0);
  show(
    heading,
    form,
    el("section", { class: "panel chart" }, dyadChart(series, dyadText, granularity), quadLegend(),
      el("p", { class: "meta" }, `${totals} reports in ${series.points.length} ${granularity}s. Click a bar to read its events.`)),
    el("h2", {}, "Events of this dyad"),
    events.items.length ? timelineList(events.items) : stateBox("empty", "No events."),
  );
}

// ---------------------------------------------------------------- network

/**
 * Draws the actor network on a circle: nodes sized by their reports,
 * arrows from actor to target, wider for more reports and coloured by the
 * mean Goldstein score. Clicking an arrow lists its events.
 */
function networkChart(network, level) {
  const size = 640;
  const centre = size / 2;
  const radius = size / 2 - 90;
  const svg = svgEl("svg", { viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": "Actor network", "data-testid": "network-chart" });
  svg.append(svgEl("defs", {}, ["coop", "conf", "neutral"].map((kind) =>
    svgEl("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: kind === "coop" ? "#2e7d4f" : kind === "conf" ? "#b3362f" : "#5b6475" })))));
  const positions = new Map();
  const maxNode = Math.max(1, ...network.nodes.map((node) => node.weight));
  const nodeRadius = (node) => 6 + 14 * Math.sqrt(node.weight / maxNode);
  network.nodes.forEach((node, index) => {
    const angle = (2 * Math.PI * index) / network.nodes.length - Math.PI / 2;
    positions.set(node.id, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle), node, angle });
  });
  const maxEdge = Math.max(1, ...network.edges.map((edge) => edge.weight));
  for (const edge of network.edges) {
    const from = positions.get(edge.source);
    const to = positions.get(edge.target);
    if (!from || !to) continue;
    const kind = edge.mean_goldstein > 0 ? "coop" : edge.mean_goldstein < 0 ? "conf" : "neutral";
    const colour = kind === "coop" ? "#2e7d4f" : kind === "conf" ? "#b3362f" : "#5b6475";
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const startGap = nodeRadius(from.node) + 2;
    const endGap = nodeRadius(to.node) + 4;
    // Reciprocal edges bend to opposite sides so that both stay visible.
    const bend = 0.15 * length;
    const midX = (from.x + to.x) / 2 - (dy / length) * bend;
    const midY = (from.y + to.y) / 2 + (dx / length) * bend;
    const startX = from.x + ((midX - from.x) / Math.hypot(midX - from.x, midY - from.y)) * startGap;
    const startY = from.y + ((midY - from.y) / Math.hypot(midX - from.x, midY - from.y)) * startGap;
    const endX = to.x - ((to.x - midX) / Math.hypot(to.x - midX, to.y - midY)) * endGap;
    const endY = to.y - ((to.y - midY) / Math.hypot(to.x - midX, to.y - midY)) * endGap;
    const self = edge.source === edge.target;
    const path = self
      ? `M ${from.x} ${from.y - startGap} c 30 -50 60 0 ${startGap} ${startGap}`
      : `M ${startX} ${startY} Q ${midX} ${midY} ${endX} ${endY}`;
    const dyadParam = level === "country" ? `${edge.source}->${edge.target}` : `${edge.source}->${edge.target}`;
    svg.append(svgEl("a", { href: link("timeline", { dyad: dyadParam }), "data-testid": "network-edge" },
      svgEl("path", { d: path, fill: "none", stroke: colour, "stroke-opacity": 0.75, "stroke-width": 1 + 7 * (edge.weight / maxEdge), "marker-end": `url(#arrow-${kind})` },
        svgEl("title", {}, `${edge.source} → ${edge.target}: ${edge.weight} reports, mean Goldstein ${formatNumber(edge.mean_goldstein, 2)}`))));
  }
  for (const { x, y, node, angle } of positions.values()) {
    const labelX = centre + (radius + 30) * Math.cos(angle);
    const labelY = centre + (radius + 30) * Math.sin(angle);
    const anchor = Math.abs(Math.cos(angle)) < 0.3 ? "middle" : Math.cos(angle) > 0 ? "start" : "end";
    svg.append(svgEl("a", { href: link("timeline", { actor: node.id }) },
      svgEl("circle", { cx: x, cy: y, r: nodeRadius(node), fill: "#1f5fbf", "fill-opacity": 0.85, "data-testid": "network-node" },
        svgEl("title", {}, `${node.label}: ${node.weight} reports`)),
      svgEl("text", { x: labelX, y: labelY + 4, "text-anchor": anchor, "font-size": 12, fill: "#1d2433" }, node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label)));
  }
  return svg;
}

async function networkPage(params) {
  const level = params.get("level") || "country";
  const words = await vocabulary();
  const form = filterForm("network", params, words);
  const levelSelect = selectField("level", "Group by", ["country", "actor"], level);
  form.insertBefore(levelSelect, form.lastChild);
  const heading = el("h1", {}, "Who acted on whom");
  show(heading, form, stateBox("loading", "Loading the network…"));
  const network = await api("/api/network", { ...Object.fromEntries(params.entries()), level, limit: 60 });
  if (network.edges.length === 0) {
    show(heading, form, stateBox("empty", "No events with both an actor and a target match these filters."));
    return;
  }
  const table = el("table", { class: "data" },
    el("thead", {}, el("tr", {}, el("th", {}, "from"), el("th", {}, "to"), el("th", {}, "reports"), el("th", {}, "mean Goldstein"))),
    el("tbody", {}, network.edges.slice(0, 25).map((edge) => el("tr", {},
      el("td", {}, edge.source), el("td", {}, edge.target),
      el("td", {}, el("a", { href: link("timeline", { dyad: `${edge.source}->${edge.target}` }) }, String(edge.weight))),
      el("td", {}, formatNumber(edge.mean_goldstein, 2))))));
  show(heading, form,
    el("div", { class: "columns" },
      el("section", { class: "panel chart" }, networkChart(network, level),
        el("div", { class: "legend" }, el("span", {}, svgSwatch("#2e7d4f"), "cooperative on average"), el("span", {}, svgSwatch("#b3362f"), "conflictual on average"), el("span", {}, "width: number of reports"))),
      el("section", { class: "panel scroll" }, el("h2", {}, "Heaviest links"), table)));
}

// ------------------------------------------------------------------ event

function fact(term, ...value) {
  return [el("dt", {}, term), el("dd", {}, ...value)];
}

async function eventPage(eventId) {
  show(el("h1", {}, "Event"), stateBox("loading", "Loading the event…"));
  const detail = await api(`/api/events/${encodeURIComponent(eventId)}`);
  const event = detail.event;
  const sourceDocument = detail.document;
  const legend = el("div", { class: "legend" }, detail.highlights.map((highlight) =>
    el("span", {}, el("mark", { class: highlight.role }, ROLE_NAMES[highlight.role] || highlight.role), " ", highlight.text || "")));
  const facts = el("dl", { class: "facts", "data-testid": "event-facts" },
    fact("status", el("span", { class: `badge ${event.modality}`, "data-testid": "event-status" }, event.modality)),
    fact("date", event.effective_date || "unknown", event.date_text ? ` (“${event.date_text}”)` : ""),
    fact("action", `${event.plover}${event.plover_mode ? ` / ${event.plover_mode}` : ""} · CAMEO ${event.cameo}`),
    fact("Goldstein", formatNumber(event.goldstein, 1), ` · ${QUAD_NAMES[event.quad_class - 1] || "?"}`),
    fact("source", actorLabel(event.source)),
    fact("target", event.target ? actorLabel(event.target) : "none"),
    event.attribution ? fact("according to", event.attribution.text) : null,
    event.location ? fact("place", event.location.name, event.location.country ? ` (${event.location.country})` : "") : null,
    event.fatalities !== null && event.fatalities !== undefined ? fact("killed", String(event.fatalities)) : null,
    event.injuries !== null && event.injuries !== undefined ? fact("injured", String(event.injuries)) : null,
    fact("rule", `${event.evidence.rule}: ${event.evidence.pattern}`, event.evidence.pattern_origin ? ` (${event.evidence.pattern_origin})` : ""),
    event.evidence.dependency_path ? fact("path", el("code", {}, event.evidence.dependency_path)) : null,
  );
  const source = el("dl", { class: "facts" },
    fact("document", sourceDocument
      ? el("a", { href: `#/document/${sourceDocument.content_sha256}` }, sourceDocument.title || sourceDocument.doc_id)
      : event.doc_id),
    fact("outlet", event.outlet || "unknown"),
    event.url ? fact("link", el("a", { href: event.url, rel: "noopener noreferrer" }, event.url)) : null,
    fact("sentence", `#${event.sentence_index + 1}`));
  const members = el("ul", { class: "plain", "data-testid": "cluster-members" }, detail.cluster_members.map((member) =>
    el("li", {},
      member.event_id === event.event_id ? el("strong", {}, "this report") : el("a", { href: `#/event/${encodeURIComponent(member.event_id)}` }, member.doc_id),
      el("span", { class: "meta" }, ` · ${member.outlet || "unknown outlet"} · ${member.date || "undated"}`),
      el("div", { class: "sentence" }, member.sentence))));
  show(
    el("h1", {}, `${actorLabel(event.source)} → ${event.target ? actorLabel(event.target) : "—"}`),
    el("section", { class: "panel", "data-testid": "event-evidence" }, highlightedSentence(event.sentence, event.sentence_span.start, detail.highlights), legend),
    el("div", { class: "columns" },
      el("section", { class: "panel" }, facts),
      el("section", { class: "panel" }, el("h2", {}, "Source"), source,
        el("h2", {}, `Reports of this occurrence (${detail.cluster_members.length})`), members)),
  );
}

// --------------------------------------------------------------- document

async function documentPage(hash) {
  show(el("h1", {}, "Document"), stateBox("loading", "Loading the document…"));
  const detail = await api(`/api/documents/${encodeURIComponent(hash)}`);
  const bySentence = new Map();
  for (const event of detail.events) {
    const list = bySentence.get(event.sentence_index) || [];
    list.push(event);
    bySentence.set(event.sentence_index, list);
  }
  const sentences = el("ol", { class: "plain" }, detail.sentences.map((sentence) => {
    const events = bySentence.get(sentence.index) || [];
    const highlights = events.flatMap((event) => event.highlights.filter((highlight) => highlight.role === "trigger"));
    return el("li", {}, highlightedSentence(sentence.text, sentence.span.start, highlights),
      events.map((event) => el("div", {}, el("a", { href: `#/event/${encodeURIComponent(event.event_id)}` },
        `${actorLabel(event.source)} → ${event.target ? actorLabel(event.target) : "—"}: ${event.plover} (${event.modality})`))));
  }));
  const meta = detail.document;
  show(el("h1", {}, meta.title || meta.doc_id),
    el("p", { class: "meta" }, `${meta.source || "unknown outlet"} · ${meta.date || "undated"} · ${meta.event_count} events`),
    el("section", { class: "panel" }, detail.sentences.length ? sentences : stateBox("empty", "No sentences were stored for this document.")));
}

// ------------------------------------------------------------- storylines

// Status colours of the storyline lanes; every step also names its status
// in its accessible name and tooltip, and the legend maps colour to word.
// The colours are dark enough for white badge text (contrast 4.5:1 or more).
const STATUS_COLOURS = {
  proposed: "#2f65b5", agreed: "#1f7380", scheduled: "#6a45a8", held: "#2e7d4f",
  postponed: "#8a5a0a", cancelled: "#b3362f", stalled: "#5b6475",
};
const STORYLINE_PAGE = 500;
const storylineDetails = new Map();

/** Days since 1970 of an ISO date, for placing steps on a time axis. */
function dayNumber(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000);
}

function dayToIso(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** The storyline's detail, fetched once per page view. */
async function storylineDetail(id) {
  if (!storylineDetails.has(id)) storylineDetails.set(id, api(`/api/storylines/${encodeURIComponent(id)}`));
  try {
    return await storylineDetails.get(id);
  } catch (error) {
    storylineDetails.delete(id);
    throw error;
  }
}

function storylineTitle(storyline) {
  return `${storyline.kind.replace(/_/g, " ")} · ${storyline.participants.join("–")}`;
}

function statusBadge(status) {
  return el("span", { class: `badge status status-${status}`, "data-testid": "storyline-status" }, status);
}

/** The attribute line of a storyline: date, place, format, mediator, conditions. */
function storylineFacts(storyline) {
  const parts = [];
  if (storyline.proposed_date) parts.push(`date ${storyline.proposed_date}`);
  if (storyline.place) parts.push(`place ${storyline.place}`);
  if (storyline.format) parts.push(storyline.format);
  if (storyline.mediator) parts.push(`mediator ${storyline.mediator}`);
  if (storyline.conditions.length) parts.push(`conditions: ${storyline.conditions.join("; ")}`);
  if (storyline.agreed_by.length) parts.push(`agreed by ${storyline.agreed_by.join(", ")}`);
  parts.push(`${storyline.counts.reports} report${storyline.counts.reports === 1 ? "" : "s"} in ${storyline.counts.documents} document${storyline.counts.documents === 1 ? "" : "s"}`);
  parts.push(`${storyline.first_report_on || "undated"} – ${storyline.last_report_on || "undated"}`);
  return parts.join(" · ");
}

/** One report behind a step or claim: the sentence with its evidence marked, and who said so. */
function storylineEvidence(report) {
  const sentence = report.sentence_span
    ? highlightedSentence(report.sentence, report.sentence_span.start, report.highlights)
    : el("p", { class: "evidence-sentence", "data-testid": "evidence-sentence" }, report.sentence);
  const said = report.attribution
    ? `according to “${report.attribution}”${report.attributed_to ? ` (${report.attributed_to})` : ""}`
    : "no attribution in the sentence";
  return el("li", { class: "storyline-report", "data-testid": "storyline-report", "data-event-id": report.event_id },
    sentence,
    el("div", { class: "meta" },
      el("span", { "data-testid": "report-attribution" }, said),
      ` · ${report.source} → ${report.target || "—"} · “${report.trigger}” · CAMEO ${report.cameo} · `,
      el("span", { class: `badge ${report.modality}` }, report.modality),
      report.pattern ? ` · pattern ${report.pattern}` : "",
      ` · ${report.reported_on || "undated"} · `,
      el("a", { href: `#/event/${encodeURIComponent(report.event_id)}` }, report.doc_id)));
}

/** The evidence of one step: what changed, why, and the reports behind it. */
function stepEvidence(step) {
  return [
    el("h3", {}, `${step.from ? `${step.from} → ` : "opened as "}${step.to}`, ` · ${step.date || "undated"}`),
    el("p", { class: "meta" }, step.reason),
    el("ul", { class: "plain" }, step.evidence.map(storylineEvidence)),
  ];
}

/** Places a lane's steps (percent of the track) on the shared axis, keeping neighbours apart. */
function stepPositions(steps, scale) {
  const minimumGap = 3;
  const positions = steps.map((step) => scale(step.date));
  for (let index = 1; index < positions.length; index += 1) {
    positions[index] = Math.max(positions[index], positions[index - 1] + minimumGap);
  }
  const overflow = positions.length ? positions[positions.length - 1] - 98 : 0;
  if (overflow > 0) {
    for (let index = positions.length - 1; index >= 0; index -= 1) {
      const limit = index === positions.length - 1 ? 98 : positions[index + 1] - minimumGap;
      positions[index] = Math.max(2, Math.min(positions[index], limit));
    }
  }
  return positions;
}

/**
 * One lane: the storyline's name and current status, a track on the shared
 * time axis with a coloured segment per status and a button per step, and
 * a panel that shows the evidence of the step clicked.
 */
function storylineLane(storyline, scale, index) {
  const panelId = `lane-evidence-${index}`;
  const panel = el("div", { class: "lane-evidence panel", id: panelId, "data-testid": "step-evidence", hidden: "hidden", tabindex: "-1" });
  const track = el("div", { class: "lane-track", role: "group", "aria-label": `Status of ${storylineTitle(storyline)} over time` });
  const positions = stepPositions(storyline.steps, scale);
  const end = Math.max(positions.length ? positions[positions.length - 1] : 0, scale(storyline.last_report_on));
  const buttons = [];
  storyline.steps.forEach((step, stepIndex) => {
    const from = positions[stepIndex];
    const to = stepIndex + 1 < positions.length ? positions[stepIndex + 1] : Math.max(end, from + 1);
    const segment = el("span", { class: "lane-segment", "aria-hidden": "true" });
    segment.style.left = `${from}%`;
    segment.style.width = `${Math.max(0, to - from)}%`;
    segment.style.background = STATUS_COLOURS[step.to] || "#7d8594";
    track.append(segment);
  });
  storyline.steps.forEach((step, stepIndex) => {
    const label = `${step.to} on ${step.date || "an unknown date"}: show the ${step.evidence_count} report${step.evidence_count === 1 ? "" : "s"} behind it`;
    const button = el("button", {
      type: "button", class: "lane-step", title: label, "aria-label": label, "aria-expanded": "false", "aria-controls": panelId,
      "data-testid": "storyline-step", "data-status": step.to, "data-date": step.date || "",
    }, el("span", { class: "visually-hidden" }, step.to));
    button.style.left = `${positions[stepIndex]}%`;
    button.style.background = STATUS_COLOURS[step.to] || "#7d8594";
    button.addEventListener("click", async () => {
      const open = button.getAttribute("aria-expanded") === "true";
      for (const other of buttons) other.setAttribute("aria-expanded", "false");
      if (open) {
        panel.hidden = true;
        return;
      }
      button.setAttribute("aria-expanded", "true");
      panel.hidden = false;
      panel.replaceChildren(stateBox("loading", "Loading the evidence…"));
      try {
        const detail = await storylineDetail(storyline.id);
        const full = detail.timeline[stepIndex];
        panel.replaceChildren(...(full ? stepEvidence(full) : [stateBox("empty", "This step has no recorded evidence.")]));
      } catch (error) {
        panel.replaceChildren(stateBox("error", error.message));
      }
    });
    buttons.push(button);
    track.append(button);
  });
  return el("li", { class: "lane", "data-testid": "storyline-lane", "data-storyline-id": storyline.id, "data-status": storyline.status },
    el("div", { class: "lane-head" },
      el("a", { href: `#/storyline/${encodeURIComponent(storyline.id)}`, class: "who" }, storylineTitle(storyline)),
      statusBadge(storyline.status),
      storyline.conflicting.length ? el("span", { class: "badge negated" }, `conflicting claims: ${storyline.conflicting.join(", ")}`) : null),
    el("div", { class: "meta" }, storylineFacts(storyline)),
    track,
    panel);
}

function statusLegend() {
  return el("div", { class: "legend" }, Object.entries(STATUS_COLOURS).map(([status, colour]) => el("span", {}, svgSwatch(colour), status)));
}

/** The shared time axis of all lanes: a function from ISO date to percent, and its ends. */
function laneScale(storylines) {
  const days = [];
  for (const storyline of storylines) {
    for (const step of storyline.steps) if (step.date) days.push(dayNumber(step.date));
    if (storyline.last_report_on) days.push(dayNumber(storyline.last_report_on));
  }
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 1;
  // One day either side keeps a single-day axis from dividing by zero and
  // steps off the track's rounded ends.
  const start = first - 1;
  const span = Math.max(1, last + 1 - start);
  const scale = (iso) => (iso ? 2 + (96 * (dayNumber(iso) - start)) / span : 98);
  return { scale, first: dayToIso(first), last: dayToIso(last) };
}

async function storylinesPage(params) {
  const words = await vocabulary();
  const heading = el("h1", {}, "Storylines: planned events from proposal to outcome");
  const form = el("form", { class: "panel filters", "data-testid": "storyline-filters" },
    selectField("status", "Status", words.storyline_statuses || [], params.get("status")),
    textField("actor", "Participant or mediator", params.get("actor"), { placeholder: "RUS, USA" }),
    el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const [name, value] of new FormData(form).entries()) values[name] = String(value).trim();
    location.hash = link("storylines", values);
  });
  show(heading, form, stateBox("loading", "Loading storylines…"));
  storylineDetails.clear();
  const page = await api("/api/storylines", { status: params.get("status"), actor: params.get("actor"), limit: STORYLINE_PAGE });
  const storylines = page.items;
  if (storylines.length === 0) {
    const filtered = params.get("status") || params.get("actor");
    show(heading, form, stateBox("empty", filtered
      ? "No storylines match these filters."
      : "No storylines yet. They open when reports propose a meeting, summit, talks, visit or ceasefire between two parties."));
    return;
  }
  const { scale, first, last } = laneScale(storylines);
  const axis = el("div", { class: "lane-axis", "aria-hidden": "true" }, el("span", {}, first), el("span", {}, last));
  show(heading, form,
    el("section", { class: "panel" },
      el("p", { class: "meta" }, `${storylines.length} storyline${storylines.length === 1 ? "" : "s"}, one lane each, on one time axis. Each dot is a change of status; choose one to read the reports behind it.`),
      statusLegend(),
      axis,
      el("ol", { class: "lanes", "data-testid": "storyline-lanes" }, storylines.map((storyline, index) => storylineLane(storyline, scale, index))),
      page.next_cursor ? el("p", { class: "meta" }, `Only the first ${STORYLINE_PAGE} storylines are shown; filter to see others.`) : null));
}

function claimItem(claim) {
  return el("li", {}, el("strong", {}, `${claim.participant} ${claim.stance === "supports" ? "agreed" : "denied"}`), ` — claimed by ${claim.claimed_by}`,
    el("ul", { class: "plain" }, storylineEvidence(claim.evidence)));
}

async function storylinePage(id) {
  show(el("h1", {}, "Storyline"), stateBox("loading", "Loading the storyline…"));
  const detail = await storylineDetail(id);
  const history = el("dl", { class: "facts", "data-testid": "storyline-history" },
    Object.entries(detail.history).flatMap(([name, values]) => values.length
      ? fact(name.replace(/_/g, " "), values.map((value) => `${value.value} (${value.reported_on || "undated"})`).join(" → "))
      : []),
    fact("kind", `${detail.kind} (${Object.entries(detail.kind_mentions).map(([kind, count]) => `${kind} ×${count}`).join(", ") || "no planning report"})`));
  const conflicts = detail.conflicts.map((conflict) => el("section", { class: "panel", "data-testid": "storyline-conflict" },
    el("h3", {}, `Conflicting claims about ${conflict.participant}`),
    el("div", { class: "side-by-side" },
      el("div", {}, el("h4", {}, "Says it agreed"), el("ul", { class: "plain" }, conflict.supporting.map(claimItem))),
      el("div", {}, el("h4", {}, "Says it did not"), el("ul", { class: "plain" }, conflict.denying.map(claimItem))))));
  show(
    el("h1", {}, storylineTitle(detail), " ", statusBadge(detail.status)),
    el("p", { class: "meta" }, storylineFacts(detail), " · ", el("a", { href: "#/storylines" }, "all storylines")),
    el("section", { class: "panel" }, history),
    conflicts,
    el("h2", {}, "Timeline"),
    el("ol", { class: "plain", "data-testid": "storyline-timeline" }, detail.timeline.map((step) =>
      el("li", { class: "timeline-step" }, el("span", { class: "swatch-dot", "aria-hidden": "true" }), stepEvidence(step)))),
    detail.claims.length ? [el("h2", {}, "Claims about consent"), el("ul", { class: "plain" }, detail.claims.map(claimItem))] : null,
  );
  for (const [index, dot] of document.querySelectorAll(".timeline-step .swatch-dot").entries()) {
    const step = detail.timeline[index];
    if (step) dot.style.background = STATUS_COLOURS[step.to] || "#7d8594";
  }
}

// ---------------------------------------------------------------- routing

async function route() {
  const { page, argument, params } = currentRoute();
  for (const anchor of document.querySelectorAll("[data-nav]")) {
    const active = anchor.dataset.nav === page || (page === "storyline" && anchor.dataset.nav === "storylines");
    anchor.classList.toggle("active", active);
    if (active) anchor.setAttribute("aria-current", "page");
    else anchor.removeAttribute("aria-current");
  }
  try {
    if (page === "event" && argument) await eventPage(argument);
    else if (page === "document" && argument) await documentPage(argument);
    else if (page === "dyad") await dyadPage(params);
    else if (page === "network") await networkPage(params);
    else if (page === "storylines") await storylinesPage(params);
    else if (page === "storyline" && argument) await storylinePage(argument);
    else await timelinePage(params);
  } catch (error) {
    showError(error);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
