/**
 * Shows the file in the app: images in <img>, text in <pre>, PDFs in a frame, each from a
 * blob: URL made from bytes the core re-verified against their SHA-256. Other types, and
 * files above the preview cap, get a sentence instead.
 */
import { useEffect, useState } from 'react';
import { formatBytes, type Evidence } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { base64ToBytes } from './format';

type Shown = { kind: 'image' | 'pdf'; url: string } | { kind: 'text'; text: string };

const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'application/json']);

export function EvidencePreview({ evidence, previewMaxBytes }: { evidence: Evidence; previewMaxBytes: number }) {
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const previewable = evidence.mimeType !== 'application/octet-stream' && evidence.sizeBytes <= previewMaxBytes;

  useEffect(() => {
    if (!previewable) return;
    let live = true;
    let url: string | null = null;
    setShown(null);
    setError(null);
    call(complyflow().evidence.content({ id: evidence.id })).then(
      ({ mimeType, contentBase64 }) => {
        if (!live) return;
        const bytes = base64ToBytes(contentBase64);
        if (TEXT_TYPES.has(mimeType)) {
          setShown({ kind: 'text', text: new TextDecoder().decode(bytes) });
          return;
        }
        url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
        setShown({ kind: mimeType === 'application/pdf' ? 'pdf' : 'image', url });
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [evidence.id, evidence.sha256, previewable]);

  if (evidence.mimeType === 'application/octet-stream') {
    return <p className="empty-state">No preview: this is not an image, PDF or text file.</p>;
  }
  if (!previewable) {
    return (
      <p className="empty-state">
        No preview: the file is {formatBytes(evidence.sizeBytes)}; previews go up to {formatBytes(previewMaxBytes)}.
      </p>
    );
  }
  if (error)
    return (
      <p role="alert" className="error-text">
        {error}
      </p>
    );
  if (!shown) return <p className="empty-state">Loading preview…</p>;
  if (shown.kind === 'text') {
    return (
      <pre className="evidence-text-preview" aria-label={`Preview of ${evidence.title}`} tabIndex={0}>
        {shown.text}
      </pre>
    );
  }
  if (shown.kind === 'image')
    return <img className="evidence-image-preview" src={shown.url} alt={`Preview of ${evidence.title}`} />;
  return <iframe className="evidence-pdf-preview" src={shown.url} title={`Preview of ${evidence.title}`} />;
}
