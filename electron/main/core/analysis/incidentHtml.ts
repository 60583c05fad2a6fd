import type { IncidentBundle, TimelineEvent } from '../../../../shared/contracts/timeline';
import type { AuditRecord } from '../../../../shared/contracts/audit';

/** `<`, `>`, `&` and quotes as entities: every text of the bundle is untrusted (key names, server messages). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON that can sit inside a `<script type="application/json">` block: `<` escaped, so no value
 * can close the block (`</script>`) or open a comment; U+2028/9 too, for old parsers.
 */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function eventRows(events: readonly TimelineEvent[]): string {
  if (events.length === 0) return '<p class="empty">No events in this window.</p>';
  const rows = events.map(
    (e) =>
      `<tr class="sev-${e.severity}"><td class="time">${iso(e.at)}</td><td class="time"><span class="dot"></span>${escapeHtml(e.severity)}</td>` +
      `<td>${escapeHtml(e.kind)}</td><td><strong>${escapeHtml(e.title)}</strong>${e.detail ? `<div class="detail">${escapeHtml(e.detail)}</div>` : ''}</td></tr>`,
  );
  return `<table><thead><tr><th>Time (UTC)</th><th>Severity</th><th>Kind</th><th>Event</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function auditRows(records: readonly AuditRecord[]): string {
  if (records.length === 0) return '<p class="empty">No audited action in this window.</p>';
  const rows = records.map((r) => {
    const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
    return (
      `<tr><td class="time">${escapeHtml(r.time)}</td><td>${escapeHtml(r.action)}</td><td>${escapeHtml(r.outcome)}</td>` +
      `<td>${escapeHtml(`${r.user}@${r.host} (${r.frontEnd})`)}</td><td>${escapeHtml(counts)}${r.error ? `<div class="detail">${escapeHtml(r.error.message)}</div>` : ''}</td></tr>`
    );
  });
  return `<table><thead><tr><th>Time (UTC)</th><th>Action</th><th>Outcome</th><th>Who</th><th>Counts</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function comparisonRows(bundle: IncidentBundle): string {
  if (bundle.keyComparisons.length === 0) return '<p class="empty">No key was compared with its database row in this window.</p>';
  const rows = bundle.keyComparisons.map((c) => `<tr><td class="time">${iso(c.comparedAt)}</td><td>${escapeHtml(c.key)}</td><td>${escapeHtml(c.verdict)}</td></tr>`);
  return `<table><thead><tr><th>Compared (UTC)</th><th>Key</th><th>Verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f8fa;margin:0;padding:24px}
main{max-width:1040px;margin:0 auto}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#59636e;margin:0 0 16px}
figure{margin:0 0 12px;background:#fff;border:1px solid #d5dbe1;border-radius:6px;overflow:hidden}
figure svg{display:block;width:100%;height:auto}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d5dbe1;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa;color:#59636e;font-weight:600}
.time{white-space:nowrap;font-variant-numeric:tabular-nums}
.detail{color:#59636e;font-size:12px;word-break:break-word}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:#0969da}
.sev-ok .dot{background:#1a7f37}.sev-warning .dot{background:#9a6700}.sev-critical .dot{background:#cf222e}
.empty{color:#59636e}
.legend span{margin-right:14px}.legend .dot{vertical-align:middle}
a.download{display:inline-block;margin-top:8px}
`;

/**
 * The incident bundle as one HTML document that opens offline in any browser: the charts as
 * inline SVG, the events, audit records and key comparisons as tables, and the whole bundle as
 * JSON in a script block with a link to save it. A Content-Security-Policy forbids every
 * fetch, so nothing in it can reach the network.
 */
export function incidentHtml(bundle: IncidentBundle, charts: readonly { title: string; svg: string }[]): string {
  const { window, profile } = bundle;
  const title = `CacheScope incident: ${profile.name}, ${iso(window.from)} to ${iso(window.to)}`;
  const figures = charts.map((c) => `<figure aria-label="${escapeHtml(c.title)}">${c.svg}</figure>`).join('\n');
  const legend =
    '<p class="legend">Event marks: <span class="sev-info"><span class="dot"></span>info</span><span class="sev-ok"><span class="dot"></span>recovery</span>' +
    '<span class="sev-warning"><span class="dot"></span>warning</span><span class="sev-critical"><span class="dot"></span>critical</span></p>';
  // The saved JSON is the block's own text: nothing is fetched, nothing is duplicated in the file.
  const saveScript =
    "document.getElementById('save-json').addEventListener('click',function(e){var text=document.getElementById('incident-data').textContent;" +
    "var link=e.currentTarget;link.href=URL.createObjectURL(new Blob([text],{type:'application/json'}));});";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>Incident on ${escapeHtml(profile.name)} (${escapeHtml(profile.environment)})</h1>
<p class="meta">${iso(window.from)} to ${iso(window.to)} · exported ${iso(bundle.exportedAt)} by ${escapeHtml(bundle.app.name)} ${escapeHtml(bundle.app.version)} · ${bundle.events.length} events, ${bundle.audit.length} audited actions</p>
${legend}
${figures}
<h2>Events</h2>
${eventRows(bundle.events)}
<h2>Audited actions</h2>
${auditRows(bundle.audit)}
<h2>Key comparisons</h2>
${comparisonRows(bundle)}
<h2>Data</h2>
<p>The series, events, audit records and comparisons above, as JSON (format <code>${escapeHtml(bundle.format)}</code>).
<br><a id="save-json" class="download" href="#" download="${escapeHtml(`incident-${profile.id}-${window.from}.json`)}">Save the data as JSON</a></p>
</main>
<script type="application/json" id="incident-data">${jsonForScriptBlock(bundle)}</script>
<script>${saveScript}</script>
</body>
</html>
`;
}
