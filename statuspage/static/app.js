// The status page: polls the serving replica's /v1/overview each second
// and renders it; looks transactions up on /v1/tx/{hash}. No framework,
// no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const time = (ms) => (ms ? new Date(ms).toLocaleTimeString() : "");
const ago = (ms) => (ms ? ((Date.now() - ms) / 1000).toFixed(1) + " s ago" : "");
const STATES = ["sequenced", "posted", "proving", "proven", "finalized"];

function rows(el, items, cells) {
  el.innerHTML = items.map((it) => "<tr>" + cells(it).map((c) => "<td>" + c + "</td>").join("") + "</tr>").join("");
}

function render(o) {
  const n = o.node;
  $("self").textContent = n.id;
  $("leader").textContent = n.leader || "none";
  $("term").textContent = n.term;
  $("height").textContent = n.last_batch;
  $("updated").textContent = "updated " + new Date().toLocaleTimeString();

  const c = o.pipeline.counts || {};
  $("counts").innerHTML = STATES.map((s) =>
    `<span class="count state-${s}" id="count-${s}">${s}<b>${c[s] ?? 0}</b></span>`).join("");
  $("p50-proven").textContent = (o.pipeline.sequenced_to_proven_p50_s || 0).toFixed(1);
  $("p50-final").textContent = (o.pipeline.proven_to_finalized_p50_s || 0).toFixed(1);
  rows($("batches"), o.pipeline.latest || [], (b) => [
    b.number, `<span class="state-${esc(b.state)}">${esc(b.state)}</span>`, b.ops,
    time(b.times.sequenced_ms), time(b.times.proving_ms), time(b.times.proven_ms), time(b.times.finalized_ms), esc(b.prover)]);

  rows($("members"), o.members || [], (m) => {
    const s = m.status;
    if (!s) return [esc(m.id), "", "", "", "", "", `<span class="bad">unreachable</span>`];
    const healthy = s.leader !== "";
    return [esc(m.id), esc(s.role), s.term, s.applied_index, s.last_batch, s.mempool,
      healthy ? `<span class="ok">ok</span>` : `<span class="bad">no leader</span>`];
  });

  const x = o.extra || {};
  rows($("provers"), x.provers || [], (p) => [esc(p.id), esc(p.backend),
    p.job ? `batch ${p.job.batch} (attempt ${p.job.attempt})` : "idle", p.proved]);
  // textContent below: no HTML escaping here.
  const dl = Object.entries(x.deadlines || {}).map(([k, d]) => `${k}: ${(d.deadline_ms / 1000).toFixed(0)} s (p95 ${(d.p95_ms / 1000).toFixed(1)} s, ${d.samples} proofs)`);
  $("deadlines").textContent = dl.length ? "proving deadlines: " + dl.join(" · ") : "";
  $("wd-active").textContent = x.watchdog || "none";
  $("wd-standby").textContent = (x.standby || []).join(", ") || "none";
  rows($("decisions"), (x.decisions || []).slice().reverse(), (d) => [time(d.at_ms), esc(d.action), esc(d.reason), esc(d.what)]);

  renderBacklog(o.backlog);

  const l = o.l1;
  $("l1").innerHTML = !l ? "<dt>L1</dt><dd>not settling</dd>" : [
    ["L1 block", l.block], ["last committed batch", l.last_committed], ["last finalized batch", l.last_finalized],
    ["priority queue backlog", l.queue_backlog],
    ["oldest entry age", `${l.oldest_age_blocks} of ${l.inclusion_deadline_blocks} blocks`],
    ["sequencer balance", l.balance_wei ? (Number(BigInt(l.balance_wei) / 10n ** 12n) / 1e6).toFixed(3) + " ETH" : "?"],
    ["seen", ago(l.at_ms)],
  ].map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("");
}

const secs = (s) => (s >= 120 ? (s / 60).toFixed(1) + " min" : (s || 0).toFixed(1) + " s");
const bytes = (b) => (b >= 1 << 20 ? (b / (1 << 20)).toFixed(1) + " MiB" : b >= 1024 ? (b / 1024).toFixed(1) + " KiB" : b + " B");

// chart draws the backlog's history as inline SVG: unproven batches (left
// axis, with the bound as a dashed line) and the finality lag in seconds
// (right axis), each scaled to its own maximum.
function chart(b) {
  const W = 520, H = 150, L = 34, R = 40, T = 8, B = 18;
  const h = b.history || [];
  // Right-aligned on the newest sample, at least a minute wide.
  const t1 = h.length ? h[h.length - 1].at_ms : 0;
  const span = Math.max(h.length ? t1 - h[0].at_ms : 0, 60000), t0 = t1 - span;
  const maxU = Math.max(1, b.bound || 0, ...h.map((s) => s.unproven_batches));
  const maxF = Math.max(1, ...h.map((s) => s.finality_lag_s));
  const x = (ms) => (L + ((ms - t0) / span) * (W - L - R)).toFixed(1);
  const y = (v, max) => (T + (1 - v / max) * (H - T - B)).toFixed(1);
  const line = (f, max) => h.map((s) => x(s.at_ms) + "," + y(f(s), max)).join(" ");
  let svg = `<line class="grid" x1="${L}" y1="${y(0, 1)}" x2="${W - R}" y2="${y(0, 1)}"/>` +
    `<line class="grid" x1="${L}" y1="${T}" x2="${W - R}" y2="${T}"/>` +
    `<text x="${L - 4}" y="${T + 8}" text-anchor="end">${maxU}</text><text x="${L - 4}" y="${y(0, 1)}" text-anchor="end">0</text>` +
    `<text x="${W - R + 4}" y="${T + 8}">${secs(maxF)}</text>` +
    `<text x="${L}" y="${H - 4}">−${Math.round(span / 60000)} min</text><text x="${W - R}" y="${H - 4}" text-anchor="end">now</text>`;
  if (b.bound) svg += `<line id="chart-bound" x1="${L}" y1="${y(b.bound, maxU)}" x2="${W - R}" y2="${y(b.bound, maxU)}"/>`;
  svg += `<polyline id="chart-finality" points="${line((s) => s.finality_lag_s, maxF)}"/>` +
    `<polyline id="chart-unproven" points="${line((s) => s.unproven_batches, maxU)}"/>`;
  $("backlog-chart").innerHTML = svg;
}

function renderBacklog(b) {
  if (!b) { $("backlog").innerHTML = "<dt>backlog</dt><dd>not reported by this replica</dd>"; return; }
  chart(b);
  $("backlog").innerHTML = [
    ["unproven", "unproven batches", b.unproven_batches + (b.bound ? ` of ${b.bound}` : " (no bound)")],
    ["witness", "witness held", bytes(b.witness_bytes)],
    ["oldest", "oldest unproven", secs(b.oldest_unproven_age_s)],
    ["drain", "drain rate", (b.drain_batches_per_s || 0).toFixed(2) + " batches/s"],
    ["l1", "proven, not final on L1", `${b.l1_lag_batches} batches, oldest ${secs(b.l1_unfinalized_age_s)}`],
    ["refused", "refused at the bound (429)", b.refusals_total],
  ].map(([id, k, v]) => `<dt>${esc(k)}</dt><dd id="backlog-${id}">${esc(v)}</dd>`).join("");
}

async function poll() {
  try {
    const r = await fetch("/v1/overview", { cache: "no-store" });
    if (r.ok) render(await r.json());
    else $("updated").textContent = "overview: HTTP " + r.status;
  } catch (e) {
    $("updated").textContent = "replica unreachable: " + e;
  }
  setTimeout(poll, 1000);
}

$("txform").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const h = $("txhash").value.trim();
  const out = $("tx");
  try {
    const r = await fetch("/v1/tx/" + encodeURIComponent(h), { cache: "no-store" });
    const t = await r.json();
    if (!r.ok) { out.innerHTML = `<p class="bad" id="tx-error">${r.status === 404 ? "unknown transaction" : esc(t.error || r.status)}</p>`; return; }
    const j = t.journey || {};
    // In the order they happened: proving can start before posting ends.
    const steps = STATES.map((s) => [s, j[s + "_ms"]]).filter(([, ms]) => ms).sort((a, b) => a[1] - b[1]);
    out.innerHTML = `<p>status <b id="tx-status" class="state-${esc(t.status)}">${esc(t.status)}</b>` +
      (t.batch ? ` in batch <b id="tx-batch">${t.batch}</b>` : "") + (t.reason ? ` — ${esc(t.reason)}` : "") + "</p>" +
      `<table id="tx-journey"><thead><tr><th>state</th><th>at</th></tr></thead><tbody>` +
      steps.map(([s, ms]) => `<tr><td class="state-${s}">${s}</td><td>${new Date(ms).toLocaleString()}</td></tr>`).join("") +
      "</tbody></table>" +
      (t.posted_ref ? `<p class="muted">posted in L1 tx ${esc(t.posted_ref)}</p>` : "") +
      (t.finalized_ref ? `<p class="muted">finalized in L1 tx ${esc(t.finalized_ref)}</p>` : "");
  } catch (e) {
    out.innerHTML = `<p class="bad" id="tx-error">${esc(e)}</p>`;
  }
});

poll();
