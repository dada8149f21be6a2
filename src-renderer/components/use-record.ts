/**
 * One record loaded by id for editing: the saved record, the user's draft of its editable
 * fields, and whether they differ. A load that finishes after the id changed (or the editor
 * closed) is dropped. Until the new record arrives the previous one stays shown, as before.
 *
 * `load` and `draftOf` must be stable (module-level functions), or every render reloads.
 */
import { useEffect, useState } from 'react';

export function useRecord<R, D>(load: (id: string) => Promise<R>, id: string, draftOf: (record: R) => D) {
  const [saved, setSaved] = useState<R | null>(null);
  const [draft, setDraft] = useState<D | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    load(id).then(
      (record) => {
        if (!live) return;
        setSaved(record);
        setDraft(draftOf(record));
      },
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, [load, id, draftOf]);

  const dirty = saved !== null && draft !== null && JSON.stringify(draftOf(saved)) !== JSON.stringify(draft);
  return { saved, setSaved, draft, setDraft, dirty, loadError };
}
