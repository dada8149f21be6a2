/**
 * The Evidence page: search and filter the list, add files by the picker or by dropping them
 * anywhere on the page, fill in their metadata one by one, and open an item to edit, link,
 * preview or delete it.
 */
import { Upload } from 'lucide-react';
import { useCan } from '../../app/session-store';
import { useEffect, useRef, useState } from 'react';
import type { EvidenceSettings as Settings } from '../../../src-shared/domain/evidence';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { PageHeader } from '../../components/PageHeader';
import { AddEvidenceForm, type PendingSource } from './AddEvidenceForm';
import { useNativeFiles } from '../../components/file-actions';
import { dropBridge } from './intake';
import { EvidenceDetail } from './EvidenceDetail';
import { EvidenceList } from './EvidenceList';
import { EvidenceSettings } from './EvidenceSettings';
import { useEvidence, type ExpiryFilter } from './evidence-store';
import './evidence.css';

let nextKey = 1;

export function EvidencePage() {
  const canWrite = useCan('records.write');
  const { query, expiry, setFilter, reload } = useEvidence();
  const { id, go } = useRouter();
  const [pending, setPending] = useState<{ key: number; source: PendingSource }[]>([]);
  // The desktop app picks files in main's own dialog (the page never names a path).
  const native = useNativeFiles();
  const [added, setAdded] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [settings, setSettings] = useState<Settings | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void reload();
    call(complyflow().evidence.settings({})).then(setSettings, showError);
    return complyflow().events.on('data.changed', (change) => {
      if (change.table === 'evidence' || change.table === 'evidence_controls') void reload();
    });
  }, [reload]);

  const enqueue = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    // An empty file is refused when chosen, in the core's words, before any form is filled.
    const empty = Array.from(files).filter((file) => file.size === 0);
    for (const file of empty)
      useToasts.getState().show({ tone: 'error', text: `“${file.name}” is empty: there is nothing to keep as evidence.` });
    const arrived = Array.from(files)
      .filter((file) => file.size > 0)
      .map((file) => ({ key: nextKey++, source: { kind: 'file' as const, file } as PendingSource }));
    if (arrived.length === 0) return;
    // Desktop app: main asks once for the whole drop and answers a token per file.
    const bridge = dropBridge();
    if (bridge) {
      try {
        const tokens = await bridge.dropTokens(arrived.map((a) => (a.source as { file: File }).file));
        arrived.forEach((a, i) => ((a.source as { dropToken?: string }).dropToken = tokens[i]));
      } catch (error) {
        useToasts.getState().show({ tone: 'error', text: (error as Error).message });
        return;
      }
    }
    if (pending.length === 0) setAdded(0);
    setPending((current) => [...current, ...arrived]);
  };

  const next = () => setPending((current) => current.slice(1));

  // Outside an audit, evidence is added by those who may change records (auditors capture it in fieldwork).
  const canAdd = canWrite;
  return (
    <section
      className="split-page evidence-page"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (canAdd) void enqueue(event.dataTransfer.files);
      }}
    >
      <PageHeader title="Evidence">
        {canAdd && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              if (!native) return picker.current?.click();
              if (pending.length === 0) setAdded(0);
              setPending((current) => [...current, { key: nextKey++, source: { kind: 'choose' } }]);
            }}
          >
            <Upload aria-hidden size={16} /> Add evidence
          </button>
        )}
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Choose evidence files"
          onChange={(event) => {
            void enqueue(event.target.files);
            event.target.value = '';
          }}
        />
      </PageHeader>
      {canAdd && (
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          role="region"
          aria-label="Drop files here to add evidence"
          data-testid="evidence-drop-zone"
        >
          Drop files here to add them as evidence, or use “Add evidence”.
          {settings && <span className="muted"> Files up to {formatBytes(settings.maxFileBytes)}.</span>}
          <details className="evidence-limit">
            <summary>Change the size limit</summary>
            <EvidenceSettings onChange={setSettings} />
          </details>
        </div>
      )}
      <div className="filters" role="search">
        <label>
          Search evidence
          <input
            type="search"
            value={query}
            placeholder="Title, description or file name"
            onChange={(e) => setFilter({ query: e.target.value })}
          />
        </label>
        <label>
          Show
          <select value={expiry} onChange={(e) => setFilter({ expiry: e.target.value as ExpiryFilter })}>
            <option value="">All evidence</option>
            <option value="current">Current only</option>
            <option value="expired">Expired only</option>
          </select>
        </label>
      </div>
      <div className="split">
        <EvidenceList />
        <div className="detail">
          {pending.length > 0 && settings ? (
            <AddEvidenceForm
              key={pending[0].key}
              source={pending[0].source}
              position={added + 1}
              count={added + pending.length}
              maxFileBytes={settings.maxFileBytes}
              onAdded={(evidence) => {
                setAdded((n) => n + 1);
                void reload();
                go('evidence', evidence.id);
                useToasts.getState().show({ tone: 'info', text: `Added “${evidence.title}”.` });
                next();
              }}
              onSkip={() => {
                setAdded((n) => n + 1);
                next();
              }}
            />
          ) : id ? (
            <EvidenceDetail key={id} id={id} previewMaxBytes={settings?.previewMaxBytes ?? 0} />
          ) : (
            <p className="empty-state">Select an item, or add evidence.</p>
          )}
        </div>
      </div>
    </section>
  );
}
