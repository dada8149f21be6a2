/**
 * The spoken summary of a policy revision: asked for on demand ("Listen"), then its transcript
 * and a player with play/pause, speed and position. Keyboard, with the player focused: Space
 * plays or pauses, ←/→ seek 5 seconds, ↑/↓ change the speed. The audio comes from the copy
 * this computer keeps (voice.audio), so a summary heard once plays offline; with no copy and no
 * connection it says that a connection is needed. Without audio it shows the transcript and why.
 */
import { useEffect, useRef, useState } from 'react';
import type { VoiceSummary } from '../../../src-shared/api/voice';
import { call, complyflow } from '../../api/complyflow';
import './voice.css';

export const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;
const SEEK_SECONDS = 5;

const clock = (seconds: number) =>
  Number.isFinite(seconds) ? `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}` : '0:00';

function audioUrl(contentBase64: string): string {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/mpeg' }));
}

export function VoiceSummaryPlayer({ revisionId, unsavedChanges }: { revisionId: string | null; unsavedChanges?: boolean }) {
  const [summary, setSummary] = useState<VoiceSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [src, setSrc] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [position, setPosition] = useState({ at: 0, duration: 0 });
  const audio = useRef<HTMLAudioElement>(null);
  // Summaries come from the organization's server: the local workspace has none to offer.
  const [inOrg, setInOrg] = useState(false);
  useEffect(() => {
    void call(complyflow().app.workspace({})).then(
      (w) => setInOrg(w.role !== 'local'),
      () => setInOrg(false),
    );
  }, []);

  // Another revision: start over (and let go of the previous audio's memory).
  useEffect(() => {
    setSummary(null);
    setProblem(null);
    setPlaying(false);
    setSrc(null);
  }, [revisionId]);
  useEffect(() => () => void (src && URL.revokeObjectURL(src)), [src]);
  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed, src]);

  if (!revisionId || !inOrg) return null;

  async function listen(refresh = false) {
    setBusy(true);
    setProblem(null);
    try {
      const next = await call(complyflow().voice.summary({ revisionId: revisionId!, refresh }));
      setSummary(next);
      if (next.hasAudio) {
        const kept = await call(complyflow().voice.audio({ revisionId: revisionId! }));
        setSrc(audioUrl(kept.contentBase64));
      } else setSrc(null);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function toggle() {
    const element = audio.current;
    if (!element) return;
    if (element.paused) void element.play().catch((error: Error) => setProblem(`The audio cannot play: ${error.message}`));
    else element.pause();
  }
  function seek(delta: number) {
    const element = audio.current;
    if (!element) return;
    element.currentTime = Math.min(Math.max(0, element.currentTime + delta), element.duration || 0);
  }
  function changeSpeed(step: number) {
    const index = SPEEDS.indexOf(speed as (typeof SPEEDS)[number]);
    setSpeed(SPEEDS[Math.min(Math.max(0, index + step), SPEEDS.length - 1)]);
  }

  return (
    <section className="voice-summary" aria-label="Voice summary">
      {!summary && (
        <div className="voice-summary-start">
          <button type="button" onClick={() => void listen()} disabled={busy}>
            {busy ? 'Preparing the summary…' : 'Listen to a summary'}
          </button>
          {unsavedChanges && <span className="settings-hint">Summarises the saved revision, not unsaved changes.</span>}
        </div>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {summary && (
        <>
          {src && (
            <div
              className="voice-player"
              role="group"
              aria-label="Summary player"
              tabIndex={0}
              data-state={playing ? 'playing' : 'paused'}
              data-speed={speed}
              onKeyDown={(event) => {
                const keys: Record<string, () => void> = {
                  ' ': toggle,
                  ArrowRight: () => seek(SEEK_SECONDS),
                  ArrowLeft: () => seek(-SEEK_SECONDS),
                  ArrowUp: () => changeSpeed(1),
                  ArrowDown: () => changeSpeed(-1),
                };
                const action = keys[event.key];
                if (!action || event.target instanceof HTMLSelectElement) return;
                event.preventDefault();
                action();
              }}
            >
              <audio
                ref={audio}
                src={src}
                preload="auto"
                onPlay={() => setPlaying(true)}
                onPause={() => setPlaying(false)}
                onEnded={() => setPlaying(false)}
                onTimeUpdate={(e) => setPosition({ at: e.currentTarget.currentTime, duration: e.currentTarget.duration })}
                onLoadedMetadata={(e) => setPosition({ at: 0, duration: e.currentTarget.duration })}
                onSeeked={(e) => setPosition({ at: e.currentTarget.currentTime, duration: e.currentTarget.duration })}
              />
              <button type="button" onClick={toggle} aria-label={playing ? 'Pause' : 'Play'}>
                {playing ? 'Pause' : 'Play'}
              </button>
              <span className="voice-time" aria-label="Position">
                {clock(position.at)} / {clock(position.duration)}
              </span>
              <label>
                Speed
                <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                  {SPEEDS.map((s) => (
                    <option key={s} value={s}>
                      {s}×
                    </option>
                  ))}
                </select>
              </label>
              <span className="settings-hint">Space plays or pauses, ←/→ seek, ↑/↓ speed.</span>
            </div>
          )}
          {summary.audioUnavailable && (
            <p className="voice-unavailable" role="status">
              {summary.audioUnavailable}
            </p>
          )}
          <h3 className="voice-transcript-title">Transcript</h3>
          <p className="voice-transcript" data-testid="voice-transcript">
            {summary.transcript}
          </p>
          <p className="settings-hint">
            {summary.voice === 'org' ? 'Spoken in the organization’s voice.' : 'Spoken in the default voice.'}{' '}
            {summary.fromThisComputer ? 'Played from this computer.' : 'Kept on this computer for offline listening.'}{' '}
            {!summary.hasAudio && (
              <button type="button" className="link-button" onClick={() => void listen(true)} disabled={busy}>
                Try the audio again
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
