import { confirmLeave } from '../../app/router-store';
import { VirtualListbox } from '../../components/VirtualListbox';
import { STATUS_LABELS, useFrameworks } from './frameworks-store';

const ROW_HEIGHT = 56;

/** Virtualized controls of one framework, in catalog order; arrow keys move the selection. */
export function ControlList() {
  const { controls, total, loading, error, want, selectedControlId, selectControl } = useFrameworks();

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load controls: {error}
      </p>
    );
  if (!loading && controls.length === 0) return <p className="empty-state">No controls match.</p>;

  return (
    <VirtualListbox
      className="control-list"
      header={
        <p className="list-count" aria-live="polite">
          {total} {total === 1 ? 'control' : 'controls'}
        </p>
      }
      aria-label="Controls"
      keys="all"
      items={controls}
      rowHeight={ROW_HEIGHT}
      getId={(control) => control.id}
      idPrefix="control"
      selectedId={selectedControlId}
      onSelect={(control) => {
        // Unsaved edits on the open control: ask before switching.
        if (control.id === selectedControlId || !confirmLeave()) return false;
        selectControl(control.id);
      }}
      onRange={want}
      rowClassName={(control) => `control-row${control.parentId ? ' enhancement' : ''}`}
      rowTitle={(control) => `${control.label} ${control.title}`}
      renderRow={(control) => (
        <>
          <span className="control-name">
            <strong>{control.label}</strong> {control.title}
          </span>
          <span className={`badge status-${control.status}`}>{STATUS_LABELS[control.status]}</span>
          <span className="control-group">{control.snippet ?? control.groupTitle}</span>
        </>
      )}
    />
  );
}
