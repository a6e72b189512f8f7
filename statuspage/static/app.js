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

  const l = o.l1;
  $("l1").innerHTML = !l ? "<dt>L1</dt><dd>not settling</dd>" : [
    ["L1 block", l.block], ["last committed batch", l.last_committed], ["last finalized batch", l.last_finalized],
    ["priority queue backlog", l.queue_backlog],
    ["oldest entry age", `${l.oldest_age_blocks} of ${l.inclusion_deadline_blocks} blocks`],
    ["sequencer balance", l.balance_wei ? (Number(BigInt(l.balance_wei) / 10n ** 12n) / 1e6).toFixed(3) + " ETH" : "?"],
    ["seen", ago(l.at_ms)],
  ].map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("");
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
