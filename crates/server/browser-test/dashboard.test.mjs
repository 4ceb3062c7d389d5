// Browser test of the dyad dashboard: ingests the seed article and the
// example articles through the API, then drives Debian's headless Chromium
// to check that the timeline shows Trump's call to Putin, that the dyad
// chart draws, that opening an event highlights its evidence, and that the
// storylines view draws one lane per storyline whose steps open their
// evidence. Writes screenshots to $DYAD_TEST_OUTPUT.
//
// Environment: DYAD_URL (the running server), DYAD_TOKEN (its write
// token), DYAD_SHARED (the shared data directory), DYAD_EXAMPLES (the
// example articles), DYAD_TEST_OUTPUT (where screenshots go).
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";
import assert from "node:assert/strict";

const base = process.env.DYAD_URL;
const token = process.env.DYAD_TOKEN;
const shared = process.env.DYAD_SHARED;
const examples = process.env.DYAD_EXAMPLES;
const output = process.env.DYAD_TEST_OUTPUT;
for (const [name, value] of Object.entries({ DYAD_URL: base, DYAD_TOKEN: token, DYAD_SHARED: shared, DYAD_EXAMPLES: examples, DYAD_TEST_OUTPUT: output })) {
  if (!value) throw new Error(`${name} is not set`);
}
mkdirSync(output, { recursive: true });

async function api(path, options = {}) {
  const response = await fetch(`${base}${path}`, options);
  const body = await response.json();
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

// --- Ingest through the API, as an analyst's feed would.
const seedText = readFileSync(join(shared, "seed", "article.txt"), "utf8");
const documents = [{
  id: "seed/article.txt",
  text: seedText,
  date: "2025-08-19",
  title: seedText.split("\n", 1)[0],
  source: "Seed Wire",
}];
for (const name of readdirSync(examples).filter((file) => file.endsWith(".txt")).sort()) {
  const text = readFileSync(join(examples, name), "utf8");
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(name);
  documents.push({ id: `examples/articles/${name}`, text, date: date ? date[1] : undefined, title: text.split("\n", 1)[0], source: "dyad examples" });
}
const ingest = await api("/api/documents", {
  method: "POST",
  headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
  body: JSON.stringify({ documents }),
});
console.log(`ingested ${documents.length} documents: ${JSON.stringify(ingest.summary)}`);
const seedReport = ingest.documents.find((document) => document.doc_id === "seed/article.txt");
assert.ok(seedReport && seedReport.events > 0, `the seed article gave no events: ${JSON.stringify(seedReport)}`);

// The report of Trump's call to Putin, found through the API.
const calls = await api("/api/events?dyad=USA-%3ERUS&plover=CONSULT&limit=100");
const call = calls.items.find((event) => event.doc_id === "seed/article.txt"
  && ["called", "phoned", "call"].includes(event.trigger.text)
  && /Putin/.test(event.target ? event.target.text + (event.target.name || "") : ""));
assert.ok(call, `no USA->RUS CONSULT call in the seed article: ${JSON.stringify(calls.items.map((e) => [e.doc_id, e.trigger.text, e.source.code, e.target && e.target.code]))}`);
console.log(`the call: ${call.event_id} ${call.source.code} -> ${call.target.code} "${call.trigger.text}"`);

// --- Drive the dashboard.
const profile = mkdtempSync(join(tmpdir(), "dyad-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
const failures = [];
const outsideRequests = [];
try {
  const page = context.pages()[0] || await context.newPage();
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  page.on("console", (message) => { if (message.type() === "error") failures.push(`console error: ${message.text()}`); });
  page.on("request", (request) => { if (!request.url().startsWith(base)) outsideRequests.push(request.url()); });
  page.setDefaultTimeout(20000);

  // Timeline: the call is listed.
  await page.goto(`${base}/#/timeline`);
  const card = page.locator(`[data-event-id="${call.event_id}"]`);
  await card.waitFor({ state: "visible" });
  const cardText = await card.innerText();
  assert.match(cardText, /Trump|USA/, cardText);
  assert.match(cardText, /Putin|RUS/, cardText);
  await page.screenshot({ path: join(output, "timeline-1280.png"), fullPage: true });

  // Filtering the timeline by dyad keeps the call.
  await page.fill("input[name=dyad]", "USA-RUS");
  await page.click("form[data-testid=filters] button[type=submit]");
  await page.waitForURL(/dyad=USA-RUS/);
  await page.locator(`[data-event-id="${call.event_id}"]`).waitFor({ state: "visible" });

  // Event page: clicking the card highlights the evidence.
  await page.locator(`[data-event-id="${call.event_id}"]`).click();
  await page.waitForURL(new RegExp(`#/event/${call.event_id}`));
  const evidence = page.locator("[data-testid=evidence-sentence]");
  await evidence.waitFor({ state: "visible" });
  const marked = async (role) => (await page.locator(`[data-testid=evidence-sentence] mark.${role}`).allInnerTexts()).join("");
  assert.equal(await marked("trigger"), call.trigger.text);
  if (call.source.span && call.source.span.start >= call.sentence_span.start) assert.equal(await marked("source"), call.source.text);
  if (call.target && call.target.span && call.target.span.start >= call.sentence_span.start) assert.equal(await marked("target"), call.target.text);
  assert.equal(await evidence.innerText(), call.sentence, "highlighting must not change the sentence");
  const status = await page.locator("[data-testid=event-status]").innerText();
  assert.equal(status, call.modality);
  const members = await page.locator("[data-testid=cluster-members] li").count();
  assert.ok(members >= 1, "the cluster lists its reports");
  await page.screenshot({ path: join(output, "event-1280.png"), fullPage: true });

  // Every event of the seed article highlights exactly its evidence, which
  // checks the byte-to-UTF-16 conversion on its curly quotes and dashes.
  const seedEvents = (await api("/api/events?limit=1000")).items.filter((event) => event.doc_id === "seed/article.txt");
  for (const event of seedEvents) {
    await page.goto(`${base}/#/event/${event.event_id}`);
    await page.locator("[data-testid=evidence-sentence] mark.trigger").first().waitFor();
    assert.equal(await marked("trigger"), event.trigger.text, `trigger of ${event.event_id}`);
    if (event.source.span) {
      const inside = event.source.span.start >= event.sentence_span.start && event.source.span.end <= event.sentence_span.end;
      if (inside) assert.equal(await marked("source"), event.source.text, `source of ${event.event_id}`);
    }
  }
  console.log(`highlights checked on ${seedEvents.length} seed events`);

  // Dyad view: the chart draws bars and the Goldstein line.
  await page.goto(`${base}/#/dyad?a=USA&b=RUS&granularity=day`);
  const chart = page.locator("[data-testid=dyad-chart]");
  await chart.waitFor({ state: "visible" });
  assert.ok(await chart.locator("rect").count() > 0, "the dyad chart has bars");
  assert.equal(await chart.locator("[data-testid=goldstein-line]").count(), 1);
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 300 && box.height > 100, `chart size ${JSON.stringify(box)}`);
  // Regression (legend swatches stretched to the chart's width): the
  // legend's colour squares stay small.
  for (const swatch of await page.locator(".legend svg.swatch").all()) {
    const size = await swatch.boundingBox();
    assert.ok(size && size.width <= 20 && size.height <= 20, `legend swatch is ${JSON.stringify(size)}`);
  }
  await page.screenshot({ path: join(output, "dyad-1280.png"), fullPage: true });

  // Network: nodes and weighted edges.
  await page.goto(`${base}/#/network?level=country`);
  await page.locator("[data-testid=network-chart]").waitFor({ state: "visible" });
  assert.ok(await page.locator("[data-testid=network-edge]").count() > 0, "the network has edges");
  await page.screenshot({ path: join(output, "network-1280.png"), fullPage: true });

  // Storylines: one lane per storyline on a shared time axis; choosing a
  // step shows the reports behind it with the trigger marked.
  const storylines = await api("/api/storylines?limit=500");
  const meeting = storylines.items.find((storyline) => storyline.participants.join("-") === "RUS-UKR");
  assert.ok(meeting, `the seed opens no RUS-UKR storyline: ${JSON.stringify(storylines.items.map((s) => [s.kind, s.participants]))}`);
  assert.equal(meeting.kind, "meeting");
  assert.ok(storylines.items.some((storyline) => storyline.participants.join("-") === "RUS-UKR-USA" && storyline.kind === "summit"), "the seed's three-way summit");
  await page.goto(`${base}/#/storylines`);
  const lanes = page.locator("[data-testid=storyline-lane]");
  await lanes.first().waitFor({ state: "visible" });
  assert.equal(await lanes.count(), storylines.items.length, "one lane per storyline");
  const lane = page.locator(`[data-testid=storyline-lane][data-storyline-id="${meeting.id}"]`);
  const laneSteps = lane.locator("[data-testid=storyline-step]");
  assert.equal(await laneSteps.count(), meeting.steps.length, "one step per status change");
  const track = await lane.locator(".lane-track").boundingBox();
  for (const [index, step] of (await laneSteps.all()).entries()) {
    assert.equal(await step.getAttribute("data-status"), meeting.steps[index].to);
    const box = await step.boundingBox();
    assert.ok(track && box && box.x >= track.x - box.width && box.x + box.width <= track.x + track.width + box.width,
      `step ${index} lies on its lane: ${JSON.stringify({ track, box })}`);
    const colour = await step.evaluate((node) => getComputedStyle(node).backgroundColor);
    assert.notEqual(colour, "rgba(0, 0, 0, 0)", "steps are coloured by status");
  }
  const firstStep = laneSteps.first();
  await firstStep.click();
  const stepPanel = lane.locator("[data-testid=step-evidence]");
  await stepPanel.locator("[data-testid=storyline-report]").first().waitFor({ state: "visible" });
  assert.equal(await firstStep.getAttribute("aria-expanded"), "true");
  const meetingDetail = await api(`/api/storylines/${meeting.id}`);
  const opening = meetingDetail.timeline[0].evidence;
  assert.equal(await stepPanel.locator("[data-testid=storyline-report]").count(), opening.length);
  // textContent, not innerText: the sentence may hold a line break (a
  // headline run into the first sentence), which rendering folds away.
  const shownSentences = await stepPanel.locator("[data-testid=evidence-sentence]").allTextContents();
  assert.deepEqual(shownSentences, opening.map((report) => report.sentence), "highlighting must not change the sentences");
  const markedTriggers = await stepPanel.locator("mark.trigger").allInnerTexts();
  for (const report of opening) assert.ok(markedTriggers.includes(report.trigger), `trigger ${report.trigger} is marked: ${markedTriggers}`);
  assert.match(await stepPanel.locator("[data-testid=report-attribution]").first().innerText(), /according to|no attribution/);
  await page.screenshot({ path: join(output, "storylines-1280.png"), fullPage: true });
  // The keyboard works: Enter on the focused step closes its evidence, Space opens it again.
  await firstStep.focus();
  await page.keyboard.press("Enter");
  await stepPanel.waitFor({ state: "hidden" });
  assert.equal(await firstStep.getAttribute("aria-expanded"), "false");
  await page.keyboard.press("Space");
  await stepPanel.waitFor({ state: "visible" });

  // Filters: status and actor narrow the lanes to what the API selects.
  const proposed = await api("/api/storylines?status=proposed&limit=500");
  await page.selectOption("form[data-testid=storyline-filters] select[name=status]", "proposed");
  await page.click("form[data-testid=storyline-filters] button[type=submit]");
  await page.waitForURL(/#\/storylines\?status=proposed/);
  await page.waitForFunction((count) => {
    const shown = [...document.querySelectorAll("[data-testid=storyline-lane]")];
    return shown.length === count && shown.every((node) => node.dataset.status === "proposed");
  }, proposed.items.length);
  const withUsa = await api("/api/storylines?actor=USA&limit=500");
  await page.goto(`${base}/#/storylines?actor=USA`);
  await page.waitForFunction((ids) => {
    const shown = [...document.querySelectorAll("[data-testid=storyline-lane]")].map((node) => node.dataset.storylineId);
    return shown.length === ids.length && ids.every((id) => shown.includes(id));
  }, withUsa.items.map((storyline) => storyline.id));
  assert.ok(withUsa.items.some((storyline) => storyline.id === meeting.id), "the USA mediates the meeting");

  // The storyline's own page: Putin's readiness credited to a source cited by AFP.
  await page.goto(`${base}/#/storyline/${meeting.id}`);
  await page.locator("[data-testid=storyline-timeline]").waitFor({ state: "visible" });
  assert.match(await page.locator("main").innerText(), /a source cited by AFP/);
  assert.match(await page.locator("[data-testid=storyline-history]").innerText(), /to be determined/);
  await page.screenshot({ path: join(output, "storyline-1280.png"), fullPage: true });

  // Empty and error states.
  await page.goto(`${base}/#/timeline?actor=nobody-of-that-name`);
  await page.locator("[data-testid=state-empty]").waitFor({ state: "visible" });
  await page.goto(`${base}/#/event/0000000000000000`);
  await page.locator("[data-testid=state-error]").waitFor({ state: "visible" });
  failures.splice(0, failures.length, ...failures.filter((failure) => !/404/.test(failure)));

  // Phone width: nothing overflows sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneViews = [
    ["timeline", "#/timeline", "[data-testid=event-card]"],
    ["event", `#/event/${call.event_id}`, "[data-testid=evidence-sentence]"],
    ["dyad", "#/dyad?a=USA&b=RUS&granularity=day", "[data-testid=dyad-chart]"],
    ["storylines", "#/storylines", "[data-testid=storyline-step]"],
    ["storyline", `#/storyline/${meeting.id}`, "[data-testid=storyline-timeline]"],
  ];
  for (const [name, route, ready] of phoneViews) {
    await page.goto(`${base}/${route}`);
    await page.locator(ready).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} overflows a phone screen by ${overflow} px`);
    await page.screenshot({ path: join(output, `${name}-390.png`), fullPage: true });
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
assert.deepEqual(outsideRequests, [], "the page fetched something from another origin");
assert.deepEqual(failures, [], "the page reported errors");
console.log(`browser test passed; screenshots in ${output}`);
