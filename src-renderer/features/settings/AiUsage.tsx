/**
 * Settings → AI usage (owners and admins of an organization): requests and tokens per month, and
 * the quotas the server enforces per person and for the whole organization. Read from the server
 * each time (it needs a connection); the server refuses every other role.
 */
import { useEffect, useState } from 'react';
import type { AiQuota, AiUsageMonth } from '../../../src-shared/api/ai-gap';
import { call, complyflow } from '../../api/complyflow';
import './ai-usage.css';

const KIND: Record<AiQuota['kind'], string> = { ai: 'AI (tokens)', voice: 'Voice (characters)' };
const monthName = (iso: string) =>
  new Date(`${iso.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const number = (n: number) => n.toLocaleString();

type Fields = { orgRequests: string; orgTokens: string; userRequests: string; userTokens: string; monthlyTokens: string };
const fieldsOf = (q: AiQuota): Fields => ({
  orgRequests: String(q.orgRequests),
  orgTokens: String(q.orgTokens),
  userRequests: String(q.userRequests),
  userTokens: String(q.userTokens),
  monthlyTokens: q.monthlyTokens === null ? '' : String(q.monthlyTokens),
});

function QuotaForm({ quota, onSaved }: { quota: AiQuota; onSaved(quotas: AiQuota[]): void }) {
  const [fields, setFields] = useState(fieldsOf(quota));
  const [problem, setProblem] = useState<string | null>(null);
  const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);
  const save = async () => {
    const values = {
      orgRequests: whole(fields.orgRequests),
      orgTokens: whole(fields.orgTokens),
      userRequests: whole(fields.userRequests),
      userTokens: whole(fields.userTokens),
    };
    if (Object.values(values).some(Number.isNaN)) return setProblem('Quotas are whole numbers of zero or more.');
    const monthly = fields.monthlyTokens.trim() === '' ? null : whole(fields.monthlyTokens);
    if (Number.isNaN(monthly)) return setProblem('The monthly cap is a whole number, or empty for none.');
    try {
      onSaved(await call(complyflow().aiUsage.setQuota({ kind: quota.kind, ...values, monthlyTokens: monthly })));
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const unit = quota.kind === 'voice' ? 'characters' : 'tokens';
  const field = (key: keyof Fields, label: string) => (
    <label>
      {label}
      <input inputMode="numeric" value={fields[key]} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </label>
  );
  return (
    <form
      className="ai-quota"
      aria-label={`${KIND[quota.kind]} quota`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className="ai-quota-title">
        {KIND[quota.kind]} {quota.isDefault && <small>(defaults)</small>}
      </h2>
      <div className="form-grid">
        {field('orgRequests', 'Organization requests per hour')}
        {field('orgTokens', `Organization ${unit} per hour`)}
        {field('userRequests', 'Requests per person per hour')}
        {field('userTokens', `${unit[0]!.toUpperCase()}${unit.slice(1)} per person per hour`)}
        {field('monthlyTokens', `Organization ${unit} per month (empty: no cap)`)}
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <button type="submit">Save {quota.kind === 'voice' ? 'voice' : 'AI'} quota</button>
    </form>
  );
}

export function AiUsage() {
  const [months, setMonths] = useState<AiUsageMonth[] | null>(null);
  const [quotas, setQuotas] = useState<AiQuota[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([call(complyflow().aiUsage.months({})), call(complyflow().aiUsage.quotas({}))]).then(
      ([m, q]) => {
        setMonths(m);
        setQuotas(q);
      },
      (error: Error) => setProblem(error.message),
    );
  }, []);
  if (problem) return <p className="settings-hint">AI usage could not be read: {problem}</p>;
  if (!months || !quotas) return <p className="settings-hint">Reading AI usage…</p>;
  return (
    <div className="ai-usage">
      {months.length === 0 ? (
        <p className="settings-hint">Nobody has used AI or voice in this organization yet.</p>
      ) : (
        <table aria-label="AI usage per month">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Kind</th>
              <th scope="col">Requests</th>
              <th scope="col">Tokens / characters</th>
              <th scope="col">People</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={`${m.month}-${m.kind}`}>
                <td>{monthName(m.month)}</td>
                <td>{KIND[m.kind]}</td>
                <td>{number(m.requests)}</td>
                <td>{number(m.tokens)}</td>
                <td>{number(m.users)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {quotas.map((q) => (
        <QuotaForm
          key={`${q.kind}-${q.orgRequests}-${q.userRequests}-${q.orgTokens}-${q.userTokens}-${q.monthlyTokens}`}
          quota={q}
          onSaved={setQuotas}
        />
      ))}
    </div>
  );
}
