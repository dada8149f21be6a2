/**
 * Settings → You: the name recorded as "who" on everything done in this workspace (approvals,
 * test results, the audit trail). Without one, records say "local".
 */
import { useEffect, useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';

export function ProfileSettings() {
  const [saved, setSaved] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  // The field stays read-only until the saved name is in: typing before it arrives would be
  // overwritten by it.
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    call(complyflow().app.profile({})).then((profile) => {
      setSaved(profile.displayName);
      setName(profile.displayName ?? '');
      setLoaded(true);
    }, showError);
  }, []);

  const dirty = name.trim() !== (saved ?? '');
  useUnsavedChanges(dirty, 'your name');

  const save = async () => {
    if (!dirty || saving) return;
    setSaving(true);
    try {
      const profile = await call(complyflow().app.updateProfile({ displayName: name }));
      setSaved(profile.displayName);
      setName(profile.displayName ?? '');
      useToasts.getState().show({ tone: 'info', text: `Changes are now recorded as ${profile.displayName}.` });
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="profile-settings"
      aria-label="Your name"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        Your name
        <input
          value={name}
          autoComplete="name"
          readOnly={!loaded}
          aria-describedby="profile-help"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <span id="profile-help" className="settings-hint">
        {saved ? `Approvals, test results and the audit trail record you as ${saved}.` : 'Until you set it, records say “local”.'}
      </span>
      <button type="submit" disabled={!loaded || !dirty || saving}>
        {saving ? 'Saving…' : 'Save name'}
      </button>
    </form>
  );
}
