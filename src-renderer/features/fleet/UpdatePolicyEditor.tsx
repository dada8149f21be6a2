/**
 * Settings → Fleet → Update policy: what the organization decides about app updates on every
 * device (channel, minimum and pinned version, staged rollout, deferral, install mode). An
 * empty field is "not set by the organization" (then a machine policy or the user decides).
 * Checked here with the same rules the server applies, each message beside its field.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FleetPolicyAnswer } from '../../../src-shared/api/fleet';
import { UpdatePolicyInput } from '../../../src-shared/domain/fleet';
import type { OrgUpdatePolicy } from '../../../src-shared/domain/update-policy';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { useToasts } from '../../app/toast-store';
import { formatDateTime } from '../../components/dates';
import { useInFlight } from '../../components/use-in-flight';

interface Fields {
  channel: string;
  minimumVersion: string;
  pinnedVersion: string;
  rolloutPercent: string;
  deferDays: string;
  installMode: string;
}
type Key = keyof Fields;

const EMPTY: Fields = { channel: '', minimumVersion: '', pinnedVersion: '', rolloutPercent: '', deferDays: '', installMode: '' };

const fieldsOf = (p: OrgUpdatePolicy | null): Fields =>
  p
    ? {
        channel: p.channel ?? '',
        minimumVersion: p.minimumVersion ?? '',
        pinnedVersion: p.pinnedVersion ?? '',
        rolloutPercent: p.rolloutPercent === null ? '' : String(p.rolloutPercent),
        deferDays: p.deferDays === null ? '' : String(p.deferDays),
        installMode: p.installMode ?? '',
      }
    : EMPTY;

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text.trim()));

const LABELS: Record<Key, string> = {
  channel: 'Channel',
  minimumVersion: 'Minimum version',
  pinnedVersion: 'Pinned version',
  rolloutPercent: 'Rollout (%)',
  deferDays: 'Days a user may defer',
  installMode: 'Install mode',
};

/** The form's values checked as the API will check them: the input, or each field's message. */
function check(fields: Fields) {
  const parsed = UpdatePolicyInput.safeParse({
    channel: fields.channel || null,
    minimumVersion: fields.minimumVersion,
    pinnedVersion: fields.pinnedVersion,
    rolloutPercent: numberOrNull(fields.rolloutPercent),
    deferDays: numberOrNull(fields.deferDays),
    installMode: fields.installMode || null,
  });
  if (parsed.success) return { input: parsed.data, problems: {} as Partial<Record<Key, string>> };
  const problems: Partial<Record<Key, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as Key;
    const words = issue.message.startsWith('must') ? `${LABELS[key]} ${issue.message}.` : issue.message;
    problems[key] ??= words;
  }
  return { input: null, problems };
}

export function UpdatePolicyEditor() {
  const [answer, setAnswer] = useState<FleetPolicyAnswer | null>(null);
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, runSave] = useInFlight();

  useEffect(() => {
    call(complyflow().fleet.policy({})).then(
      (a) => {
        setAnswer(a);
        setFields(fieldsOf(a.policy));
      },
      (error: Error) => setFailure(error.message),
    );
  }, []);

  const dirty = !!answer && JSON.stringify(fields) !== JSON.stringify(fieldsOf(answer.policy));
  useUnsavedChanges(dirty, 'the update policy');

  if (failure)
    return (
      <p role="alert" className="error-text">
        {failure}
      </p>
    );
  if (!answer) return <p className="settings-hint">Loading the update policy…</p>;

  const { input, problems } = check(fields);
  const problem = (key: Key) => (shown ? problems[key] : undefined);
  const set = (patch: Partial<Fields>) => setFields({ ...fields, ...patch });

  const save = () =>
    runSave(async () => {
      setShown(true);
      if (!input) return;
      try {
        const saved = await call(complyflow().fleet.setPolicy(input));
        setAnswer({ policy: saved, fresh: true, message: null });
        setFields(fieldsOf(saved));
        setShown(false);
        useToasts.getState().show({ tone: 'info', text: 'Saved the update policy. Devices apply it at their next sync.' });
      } catch (error) {
        useToasts.getState().show({ tone: 'error', text: (error as Error).message });
      }
    });

  const field = (
    key: Key,
    control: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode,
  ) => {
    const id = `update-policy-${key}`;
    const message = problem(key);
    return (
      <div className="update-policy-field">
        <label htmlFor={id}>{LABELS[key]}</label>
        {control({ id, 'aria-invalid': !!message, 'aria-describedby': `${id}-hint` })}
        <span id={`${id}-hint`} className={message ? 'error-text' : 'settings-hint'} role={message ? 'alert' : undefined}>
          {message ?? HINTS[key]}
        </span>
      </div>
    );
  };

  return (
    <form
      className="update-policy-editor"
      aria-label="Update policy"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p className="settings-hint">
        Applies to every device of the organization at its next sync, and offline from then on. An empty field is not set by the
        organization: the computer’s machine policy or its user decides.
      </p>
      {answer.message && <p className="settings-hint">{answer.message}</p>}
      <fieldset className="plain-fieldset update-policy-grid" disabled={saving}>
        {field('channel', (props) => (
          <select {...props} value={fields.channel} onChange={(e) => set({ channel: e.target.value })}>
            <option value="">Not set</option>
            <option value="latest">Latest (stable)</option>
            <option value="beta">Beta</option>
          </select>
        ))}
        {field('minimumVersion', (props) => (
          <input
            {...props}
            value={fields.minimumVersion}
            placeholder="e.g. 1.4.0"
            inputMode="decimal"
            onChange={(e) => set({ minimumVersion: e.target.value })}
          />
        ))}
        {field('pinnedVersion', (props) => (
          <input
            {...props}
            value={fields.pinnedVersion}
            placeholder="e.g. 1.4.2"
            onChange={(e) => set({ pinnedVersion: e.target.value })}
          />
        ))}
        {field('rolloutPercent', (props) => (
          <input
            {...props}
            value={fields.rolloutPercent}
            inputMode="numeric"
            placeholder="100"
            onChange={(e) => set({ rolloutPercent: e.target.value })}
          />
        ))}
        {field('deferDays', (props) => (
          <input
            {...props}
            value={fields.deferDays}
            inputMode="numeric"
            placeholder="0–90"
            onChange={(e) => set({ deferDays: e.target.value })}
          />
        ))}
        {field('installMode', (props) => (
          <select {...props} value={fields.installMode} onChange={(e) => set({ installMode: e.target.value })}>
            <option value="">Not set</option>
            <option value="on-quit">When the app quits</option>
            <option value="on-next-launch">At the next launch</option>
            <option value="manual">Only when the user chooses</option>
          </select>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save update policy'}
        </button>
        <span className="settings-hint" data-testid="update-policy-saved">
          {answer.policy
            ? `Last saved by ${answer.policy.updatedBy ?? 'an unknown member'} on ${formatDateTime(answer.policy.updatedAt)}.`
            : 'The organization has not set an update policy yet.'}
        </span>
      </div>
    </form>
  );
}

const HINTS: Record<Key, string> = {
  channel: 'Beta gets new versions first.',
  minimumVersion: 'Below it, the app says so and sync pauses until it is updated.',
  pinnedVersion: 'Every device runs exactly this version (installed even when older).',
  rolloutPercent: 'Share of devices offered a new version; the same devices each time.',
  deferDays: 'After these days the update installs at the next quit.',
  installMode: 'When a downloaded update is installed.',
};
