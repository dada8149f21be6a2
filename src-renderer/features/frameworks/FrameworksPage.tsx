import { useEffect, useRef } from 'react';
import { Can } from '../account/Can';
import { complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { PageHeader } from '../../components/PageHeader';
import { ControlDetail } from './ControlDetail';
import { DeleteFrameworkButton } from './DeleteFrameworkButton';
import { ControlList } from './ControlList';
import { FrameworkList } from './FrameworkList';
import { rememberedFrameworkId, STATUS_LABELS, useFrameworks } from './frameworks-store';
import { ImportPanel } from './ImportPanel';
import type { ControlStatus } from '../../../src-shared/domain/framework';
import './frameworks.css';

const READINESS_TABLES = new Set(['frameworks', 'controls', 'evidence', 'evidence_controls']);

export function FrameworksPage() {
  const { id } = useRouter();
  const {
    frameworks,
    frameworksLoaded,
    frameworkId,
    status,
    query,
    setFilter,
    selectedControlId,
    selectControl,
    reloadFrameworks,
    reloadControls,
    openFramework,
  } = useFrameworks();

  useEffect(() => {
    void reloadFrameworks();
    return complyflow().events.on('data.changed', (change) => {
      if (READINESS_TABLES.has(change.table)) void reloadFrameworks();
    });
  }, [reloadFrameworks]);

  // The route names a framework (#/frameworks/<frameworkId>, with the selected control after it),
  // or a control (#/frameworks/<controlId>, for links from other pages): then its framework opens
  // with that control selected. Without one, the framework the user last had open comes back.
  // While the route is being resolved, the selection is not written back to the address.
  const resolving = useRef(false);
  useEffect(() => {
    if (!id) return openFramework(useFrameworks.getState().frameworkId ?? rememberedFrameworkId());
    let live = true;
    const wantedControl = useRouter.getState().sub;
    resolving.current = true;
    const done = () => {
      if (!live) return;
      resolving.current = false;
      // Resolved: the address names what is shown (a control link becomes its framework's address).
      const shown = useFrameworks.getState();
      if (shown.frameworkId) useRouter.getState().name(shown.frameworkId, shown.selectedControlId);
    };
    void complyflow()
      .frameworks.get({ id })
      .then(async (framework) => {
        if (!live) return;
        if (framework.ok) {
          openFramework(id);
          if (!wantedControl || wantedControl === useFrameworks.getState().selectedControlId) return;
          const control = await complyflow().controls.get({ id: wantedControl });
          // A control of another framework (or none any more): the framework opens without it.
          if (live && control.ok && control.value.frameworkId === id) selectControl(wantedControl);
          return;
        }
        const control = await complyflow().controls.get({ id });
        if (!live) return;
        if (!control.ok) return openFramework(id);
        openFramework(control.value.frameworkId);
        selectControl(id);
      })
      .finally(done);
    return () => {
      live = false;
    };
  }, [id, openFramework, selectControl]);

  // The open framework and its selected control are in the address, so a reload (or a copied
  // link) reopens them.
  // Only a framework that is listed: a remembered one that is gone must not reach the address.
  const listed = frameworks.some((f) => f.id === frameworkId);
  useEffect(() => {
    if (resolving.current || !frameworkId || !listed) return;
    useRouter.getState().name(frameworkId, selectedControlId);
  }, [frameworkId, selectedControlId, listed]);

  useEffect(() => {
    // A framework re-imported while open: its controls may have changed.
    return complyflow().events.on('data.changed', (change) => {
      if (change.table === 'frameworks' && frameworkId && change.ids.includes(frameworkId)) void reloadControls();
    });
  }, [frameworkId, reloadControls]);

  // Nothing open (or the remembered framework is gone): open the first one, so the controls show.
  useEffect(() => {
    if (id || !frameworksLoaded) return;
    if (frameworkId && frameworks.some((f) => f.id === frameworkId)) return;
    openFramework(frameworks[0]?.id ?? null);
  }, [id, frameworksLoaded, frameworks, frameworkId, openFramework]);

  const current = frameworks.find((f) => f.id === frameworkId);
  const compact = Boolean(frameworkId);

  return (
    <section className={`frameworks-page${compact ? ' has-framework' : ''}`}>
      <PageHeader title="Frameworks" />
      <div className={`frameworks-top${compact ? ' compact' : ''}`}>
        <FrameworkList compact={compact} />
        <Can permission="records.write">
          <ImportPanel compact={compact} />
        </Can>
      </div>
      {frameworkId && (
        <section className="framework-controls" aria-label={current ? `Controls of ${current.title}` : 'Controls'}>
          <div className="filters" role="search">
            <label>
              Search controls
              <input
                type="search"
                value={query}
                placeholder="Label, title or text"
                onChange={(e) => setFilter({ query: e.target.value })}
              />
            </label>
            <label>
              Status
              <select value={status} onChange={(e) => setFilter({ status: e.target.value as ControlStatus | '' })}>
                <option value="">All</option>
                {(Object.keys(STATUS_LABELS) as ControlStatus[]).map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            {current && <DeleteFrameworkButton framework={current} />}
          </div>
          <div className="split">
            <ControlList />
            <div className="detail control-detail-pane">
              {selectedControlId ? (
                <ControlDetail key={selectedControlId} id={selectedControlId} />
              ) : (
                <p className="empty-state">Select a control.</p>
              )}
            </div>
          </div>
        </section>
      )}
    </section>
  );
}
