import type { FrameworkReadiness } from '../../../src-shared/domain/dashboard';

/** One bar per framework, with the figures in words beside it (the bar is decoration). */
export function ReadinessBars({ frameworks }: { frameworks: FrameworkReadiness[] }) {
  return (
    <ul className="readiness-bars" aria-label="Readiness per framework">
      {frameworks.map((f) => {
        const percent = Math.round(f.readiness * 100);
        return (
          <li key={f.frameworkId}>
            <a href={`#/frameworks/${f.frameworkId}`} className="readiness-title">
              {f.title}
            </a>
            <div
              className="readiness-track"
              role="meter"
              aria-label={`${f.title} readiness`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={`${percent}%: ${f.ready} of ${f.applicable} applicable controls implemented and evidenced`}
            >
              <div className="readiness-fill" style={{ width: `${percent}%` }} />
            </div>
            <span className="readiness-text">
              {percent}% · {f.ready} of {f.applicable} ready · {f.implemented} implemented
            </span>
          </li>
        );
      })}
    </ul>
  );
}
