/**
 * Settings → Organization profile: the context AI drafts are written for (name, industry, size,
 * systems). Owners and admins edit it; every other member reads it. It lives on the server, so
 * it needs a connection; the local workspace has none.
 */
import { useEffect, useState } from 'react';
import { ORG_SIZES, type OrgProfile } from '../../../src-shared/domain/org-profile';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { useCan, useSession } from '../../app/session-store';
import { useToasts } from '../../app/toast-store';
import { useInFlight } from '../../components/use-in-flight';

interface Fields {
  name: string;
  industry: string;
  size: OrgProfile['size'];
  systems: string;
}

const fieldsOf = (p: OrgProfile): Fields => ({ name: p.name, industry: p.industry, size: p.size, systems: p.systems.join('\n') });
const systemsOf = (text: string) =>
  text
    .split(/\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);

export function OrgProfileSettings() {
  const account = useSession((s) => s.account);
  const canEdit = useCan('org.admin');
  const local = !account || account.activeOrgId === LOCAL_ORG_ID;
  const [saved, setSaved] = useState<OrgProfile | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, runSave] = useInFlight();

  useEffect(() => {
    if (local || !account?.online) return;
    call(complyflow().orgProfile.get({})).then(
      (profile) => {
        setSaved(profile);
        setFields(profile ? fieldsOf(profile) : null);
        setProblem(null);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [local, account?.online]);

  const dirty = !!saved && !!fields && JSON.stringify(fields) !== JSON.stringify(fieldsOf(saved));
  useUnsavedChanges(dirty, 'the organization profile');

  if (local)
    return (
      <p className="settings-hint">The local workspace has no organization profile: it belongs to an organization on a server.</p>
    );
  if (!account?.online && !saved)
    return <p className="settings-hint">The organization profile needs a connection to your organization’s server.</p>;
  if (problem)
    return (
      <p role="alert" className="error-text">
        {problem}
      </p>
    );
  if (!fields || !saved) return <p className="settings-hint">Loading…</p>;

  const save = () =>
    runSave(async () => {
      try {
        const next = await call(
          complyflow().orgProfile.update({
            name: fields.name,
            industry: fields.industry,
            size: fields.size,
            systems: systemsOf(fields.systems),
          }),
        );
        setSaved(next);
        setFields(fieldsOf(next));
        setProblem(null);
        useToasts.getState().show({ tone: 'info', text: 'Saved the organization profile.' });
      } catch (error) {
        useToasts.getState().show({ tone: 'error', text: (error as Error).message });
      }
    });
  const set = (patch: Partial<Fields>) => setFields({ ...fields, ...patch });

  return (
    <form
      className="org-profile-settings"
      aria-label="Organization profile"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p className="settings-hint">
        AI drafts are written for this context.{' '}
        {canEdit ? 'Owners and admins edit it.' : 'Owners and admins edit it; you can read it.'}
      </p>
      <fieldset className="plain-fieldset form-grid" disabled={!canEdit || saving}>
        <label>
          Name
          <input value={fields.name} required maxLength={200} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          Industry
          <input
            value={fields.industry}
            maxLength={200}
            placeholder="e.g. Healthcare"
            onChange={(e) => set({ industry: e.target.value })}
          />
        </label>
        <label>
          Size (people)
          <select value={fields.size} onChange={(e) => set({ size: e.target.value as Fields['size'] })}>
            <option value="">Not stated</option>
            {ORG_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <label>
          Systems (one a line)
          <textarea
            rows={4}
            value={fields.systems}
            placeholder={'Okta\nAWS\nGoogle Workspace'}
            onChange={(e) => set({ systems: e.target.value })}
          />
        </label>
      </fieldset>
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      )}
    </form>
  );
}
