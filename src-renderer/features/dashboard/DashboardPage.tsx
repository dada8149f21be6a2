/**
 * The dashboard: readiness per framework, evidence expiring within 30 days, policies overdue for
 * review and open findings by severity, each linking to its records. It refreshes whenever a
 * record changes (data.changed).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuditSummary } from '../../../src-shared/domain/audit';
import type { DashboardSummary, Severity } from '../../../src-shared/domain/dashboard';
import { call, complyflow } from '../../api/complyflow';
import { PageHeader } from '../../components/PageHeader';
import { FirstRunChoice } from '../account/FirstRun';
import { ExportAuditButton } from '../exports/ExportAuditButton';
import './dashboard.css';
import { ReadinessBars } from './ReadinessBars';
import { formatDate } from '../../components/dates';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
const REFRESH_TABLES = new Set(['policies', 'evidence', 'evidence_controls', 'controls', 'frameworks', 'findings', 'audits']);

function RecordLink({ href, children }: { href: string; children: React.ReactNode }) {
  return <a href={href}>{children}</a>;
}

export function DashboardPage() {
  const [summary, setSummary] = useState<DashboardSummary | null>(null);
  const [audits, setAudits] = useState<AuditSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, a] = await Promise.all([call(complyflow().dashboard.summary({})), call(complyflow().audits.list({ limit: 20 }))]);
      setSummary(s);
      setAudits(a.items);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = complyflow().events.on('data.changed', (change) => {
      if (!REFRESH_TABLES.has(change.table)) return;
      // A burst of changes (an import) refreshes once.
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 200);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [load]);

  return (
    <section aria-labelledby="page-title" className="dashboard">
      <PageHeader title="Dashboard" />
      <FirstRunChoice />
      {error && (
        <p role="alert" className="error-text">
          Could not load the dashboard: {error}
        </p>
      )}
      {!summary && !error && <p className="empty-state">Loading…</p>}
      {summary && (
        <div className="dashboard-grid">
          <section className="dashboard-card" aria-labelledby="card-readiness">
            <h2 id="card-readiness">Readiness per framework</h2>
            {summary.frameworks.length === 0 ? (
              <p className="empty-state">
                No framework yet. <a href="#/frameworks">Add one</a>.
              </p>
            ) : (
              <ReadinessBars frameworks={summary.frameworks} />
            )}
          </section>

          <section className="dashboard-card" aria-labelledby="card-findings">
            <h2 id="card-findings">Open findings</h2>
            <p className="dashboard-figure" aria-label={`${summary.openFindings.total} open findings`}>
              {summary.openFindings.total}
            </p>
            <ul className="severity-counts" aria-label="Open findings by severity">
              {SEVERITIES.map((s) => (
                <li key={s} className={`severity severity-${s}`}>
                  <span>{SEVERITY_LABELS[s]}</span> <strong>{summary.openFindings.bySeverity[s]}</strong>
                </li>
              ))}
            </ul>
            <ul className="dashboard-list" aria-label="Most severe open findings">
              {summary.openFindings.items.map((f) => (
                <li key={f.id}>
                  <span className={`badge severity-${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span>{' '}
                  <RecordLink href={`#/audits/${f.auditId}`}>{f.title}</RecordLink>
                  {f.dueDate && <span className="muted"> · due {formatDate(f.dueDate)}</span>}
                </li>
              ))}
            </ul>
          </section>

          <section className="dashboard-card" aria-labelledby="card-policies">
            <h2 id="card-policies">Policies overdue for review</h2>
            <p className="dashboard-figure" aria-label={`${summary.overduePolicies.count} policies overdue for review`}>
              {summary.overduePolicies.count}
            </p>
            {summary.overduePolicies.count === 0 ? (
              <p className="empty-state">Every policy is within its review date.</p>
            ) : (
              <ul className="dashboard-list" aria-label="Overdue policies">
                {summary.overduePolicies.items.map((p) => (
                  <li key={p.id}>
                    <RecordLink href={`#/policies/${p.id}`}>{p.title}</RecordLink>
                    <span className="muted"> · review was due {p.nextReviewDate && formatDate(p.nextReviewDate)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="dashboard-card" aria-labelledby="card-evidence">
            <h2 id="card-evidence">Evidence expiring within 30 days</h2>
            <p
              className="dashboard-figure"
              aria-label={`${summary.expiringEvidence.count} evidence items expiring within 30 days`}
            >
              {summary.expiringEvidence.count}
            </p>
            {summary.expiringEvidence.expiredCount > 0 && (
              <p className="error-text">{summary.expiringEvidence.expiredCount} already expired.</p>
            )}
            {summary.expiringEvidence.count === 0 ? (
              <p className="empty-state">Nothing expires in the next 30 days.</p>
            ) : (
              <ul className="dashboard-list" aria-label="Expiring evidence">
                {summary.expiringEvidence.items.map((e) => (
                  <li key={e.id}>
                    <RecordLink href={`#/evidence/${e.id}`}>{e.title}</RecordLink>
                    <span className="muted"> · expires {e.expiresOn && formatDate(e.expiresOn)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="dashboard-card dashboard-wide" aria-labelledby="card-exports">
            <h2 id="card-exports">Audit packages</h2>
            {audits.length === 0 ? (
              <p className="empty-state">No audits yet.</p>
            ) : (
              <ul className="dashboard-list" aria-label="Audits to export">
                {audits.map((a) => (
                  <li key={a.id} className="dashboard-export-row">
                    <RecordLink href={`#/audits/${a.id}`}>{a.title}</RecordLink>
                    <ExportAuditButton auditId={a.id} auditTitle={a.title} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
