/**
 * The audit package's readable report (summary.html): what was audited, the totals, every
 * finding in full, each control's result beside how the organisation implements it, the
 * evidence and policies in the package and the size of the trail. Self-contained and printable:
 * every user text is escaped, nothing is fetched, and a CSP forbids scripts.
 */
import type { ManifestFile } from '../../../src-shared/domain/export';
import type { AuditRow, FindingRow, ResultRow } from './package-data';
import { escapeHtml as e } from './policy-html';

export interface SummaryInput {
  audit: AuditRow;
  auditors: string[];
  generatedAt: string;
  appVersion: string;
  results: ResultRow[];
  findings: FindingRow[];
  evidence: {
    title: string;
    file: string;
    sha256: string;
    asOfDate: string;
    controls: string[];
    storedAsText: boolean;
    /** The signed capture's line (captureLine), when it was captured in an audit and signed. */
    capture?: string | null;
  }[];
  policies: { title: string; version: string; inForce: boolean; files: string[] }[];
  trailEvents: number;
  omitted: number;
  files: ManifestFile[];
}

const RESULT_WORDS: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  not_tested: 'Not tested',
  not_applicable: 'Not applicable',
};
const IMPLEMENTATION_WORDS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};
const STATUS_WORDS: Record<string, string> = {
  open: 'Open',
  in_remediation: 'In remediation',
  closed: 'Closed',
  accepted: 'Risk accepted',
  planned: 'Planned',
  fieldwork: 'Fieldwork',
  reporting: 'Reporting',
};
const SEVERITY_WORDS: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

const word = (map: Record<string, string>, value: string) => map[value] ?? value;
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Multi-line user text as escaped paragraphs-with-breaks. */
const prose = (text: string) => e(text).replace(/\r?\n/g, '<br>');

const FINDING_PARTS: [keyof FindingRow, string][] = [
  ['condition', 'Condition'],
  ['criteria', 'Criteria'],
  ['cause', 'Cause'],
  ['effect', 'Effect'],
  ['recommendation', 'Recommendation'],
  ['management_response', 'Management response'],
];

function findingSection(f: FindingRow): string {
  const facts = [
    `Severity: ${word(SEVERITY_WORDS, f.severity)}`,
    `Status: ${word(STATUS_WORDS, f.status)}`,
    f.control_label ? `Control: ${f.control_label}` : 'On the audit as a whole',
    f.owner ? `Owner: ${f.owner}` : null,
    f.due_date ? `Due: ${f.due_date}` : null,
  ].filter(Boolean) as string[];
  const parts = FINDING_PARTS.filter(([key]) => String(f[key] ?? '').trim() !== '')
    .map(([key, label]) => `<dt>${label}</dt><dd>${prose(String(f[key]))}</dd>`)
    .join('');
  const accepted =
    f.status === 'accepted'
      ? `<p class="accepted">Risk accepted by ${e(f.risk_accepted_by)}: ${prose(f.risk_acceptance_reason)}</p>`
      : '';
  return `<section class="finding severity-${e(f.severity)}">
<h3>${e(f.title)}</h3>
<p class="facts">${facts.map(e).join(' · ')}</p>
${f.description ? `<p>${prose(f.description)}</p>` : ''}
${parts ? `<dl>${parts}</dl>` : ''}
${accepted}
</section>`;
}

export function summaryHtml(input: SummaryInput): string {
  const { audit, results, findings } = input;
  const byResult = (r: string) => results.filter((x) => x.result === r).length;
  const openFindings = findings.filter((f) => f.status === 'open' || f.status === 'in_remediation').length;
  const rows = results
    .map(
      (r) => `<tr class="result-${e(r.result)}"><td>${e(r.control_label || r.control_key)}</td><td>${e(r.control_title)}</td>
<td>${e(word(RESULT_WORDS, r.result))}</td><td>${e(word(IMPLEMENTATION_WORDS, r.implementation_status))}</td>
<td>${e(r.implementation_owner)}</td><td>${prose(r.na_justification)}</td><td>${prose(r.notes)}</td></tr>`,
    )
    .join('\n');
  const evidence = input.evidence
    .map(
      (
        x,
      ) => `<tr><td>${e(x.title)}</td><td><code>${e(x.file)}</code>${x.storedAsText ? ' <em>(stored as text: see manifest)</em>' : ''}</td>
<td>${e(x.asOfDate)}</td><td>${e(x.controls.join(', '))}</td><td><code class="hash">${e(x.sha256)}</code>${x.capture ? `<br><small class="capture">${e(x.capture)}</small>` : ''}</td></tr>`,
    )
    .join('\n');
  const policies = input.policies
    .map(
      (p) =>
        `<li>${e(p.title)}, v${e(p.version)}${p.inForce ? ' (in force)' : ' (not yet in force)'}: <code>${e(p.files.join(', '))}</code></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Audit report: ${e(audit.title)}</title>
<style>
body { font: 10.5pt/1.45 system-ui, sans-serif; color: #111; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 18pt; margin-bottom: 0.2rem; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.6rem; }
h3 { font-size: 11pt; margin: 0.2rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.35rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
.facts { color: #333; margin: 0.1rem 0 0.4rem; }
.finding { border-left: 4px solid #888; padding: 0.2rem 0 0.2rem 0.6rem; margin: 0.8rem 0; break-inside: avoid; }
.severity-critical { border-color: #7a0010; } .severity-high { border-color: #c0392b; } .severity-medium { border-color: #d68910; } .severity-low { border-color: #2e86c1; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0; }
.finding dt { font-weight: 600; } .finding dd { margin: 0; }
.accepted { font-style: italic; }
.totals { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
.totals dt { font-weight: 600; } .totals dd { margin: 0; }
.hash { font-size: 7.5pt; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>Audit report: ${e(audit.title)}</h1>
<p>Audit id <code>${e(audit.id)}</code>. Generated ${e(input.generatedAt)} by ComplyFlow ${e(input.appVersion)}.</p>
<h2>The audit</h2>
<dl class="totals">
<dt>Framework</dt><dd>${e(audit.framework_title ?? 'Chosen controls')}</dd>
<dt>Observation window</dt><dd>${e(audit.window_start)} to ${e(audit.window_end)}</dd>
<dt>Status</dt><dd>${e(word(STATUS_WORDS, audit.status))}</dd>
<dt>Auditors</dt><dd>${e(input.auditors.join(', ') || 'None named')}</dd>
</dl>
<h2>Totals</h2>
<dl class="totals">
<dt>Controls in scope</dt><dd>${results.length}</dd>
<dt>Results</dt><dd>${byResult('pass')} pass, ${byResult('fail')} fail, ${byResult('not_applicable')} not applicable, ${byResult('not_tested')} not tested</dd>
<dt>Findings</dt><dd>${count(findings.length, 'finding')}, ${openFindings} open or in remediation</dd>
<dt>Evidence</dt><dd>${count(input.evidence.length, 'item')}${input.omitted ? `; ${input.omitted} not on the exporting device and left out (see manifest.json)` : ''}</dd>
<dt>Audit trail</dt><dd>${count(input.trailEvents, 'event')} in trail.json</dd>
<dt>Files</dt><dd>${count(input.files.length, 'file')} besides manifest.json, each with its SHA-256 in manifest.json (check with <code>npx complyflow verify-package</code>)</dd>
</dl>
<h2>Findings</h2>
${findings.length ? findings.map(findingSection).join('\n') : '<p>No findings were raised.</p>'}
<h2>Controls: results and implementation</h2>
<table>
<thead><tr><th>Control</th><th>Title</th><th>Result</th><th>Implementation</th><th>Owner</th><th>Not-applicable justification</th><th>Test notes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Evidence</h2>
${input.evidence.length ? `<table><thead><tr><th>Title</th><th>File in the package</th><th>As of</th><th>Controls</th><th>SHA-256</th></tr></thead><tbody>\n${evidence}\n</tbody></table>` : '<p>No evidence in the package.</p>'}
<h2>Policies</h2>
${policies ? `<ul>\n${policies}\n</ul>` : '<p>No policies in the package.</p>'}
</body>
</html>
`;
}
