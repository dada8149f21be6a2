/**
 * The fieldwork session for one audit: the scope as a sparse list (the page at the offset being
 * shown loads, so a 2,000-control scope never loads at once and End jumps straight to the last
 * page), which control is current, and what the screen reader should hear next.
 */
import { create } from 'zustand';
import type { AuditSummary, ScopeItem, ScopeResultFilter } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';
import { createSparsePages } from '../../components/sparse-pages';

const PAGE = 200;

export type ScopeFilter = { query: string; result: ScopeResultFilter | null };
const NO_FILTER: ScopeFilter = { query: '', result: null };
const scopeArgs = (filter: ScopeFilter) => ({
  ...(filter.query.trim() ? { query: filter.query.trim() } : {}),
  ...(filter.result ? { result: filter.result } : {}),
});

/**
 * A control to open once the audit's scope is loaded (a finding opened from search lands on
 * its control): set before navigating, consumed by open(). When that audit is already open,
 * it moves there at once.
 */
let pendingControl: { auditId: string; controlId: string } | null = null;
export function openAtControl(auditId: string, controlId: string, alreadyOpen: boolean): void {
  if (alreadyOpen && useFieldwork.getState().auditId === auditId) void useFieldwork.getState().focusControl(controlId);
  else pendingControl = { auditId, controlId };
}

interface FieldworkState {
  auditId: string | null;
  audit: AuditSummary | null;
  /** As long as `total`; undefined where the row's page has not loaded yet. */
  items: (ScopeItem | undefined)[];
  total: number;
  filter: ScopeFilter;
  index: number;
  loading: boolean;
  error: string | null;
  announcement: string;
  open(auditId: string): Promise<void>;
  /** Narrows the scope list (search and result); the current control becomes the first match. */
  setFilter(filter: ScopeFilter): Promise<void>;
  /** Makes a control in scope the current one (clearing any filter that hides it). */
  focusControl(controlId: string): Promise<void>;
  refreshAudit(): Promise<void>;
  /** The rows in view (inclusive): loads their pages. */
  want(start: number, end: number): void;
  select(index: number): Promise<void>;
  move(delta: number): Promise<void>;
  patchItem(controlId: string, patch: Partial<ScopeItem>): void;
  announce(text: string): void;
}

export const useFieldwork = create<FieldworkState>((set, get) => {
  const pages = createSparsePages<ScopeItem>({
    pageSize: PAGE,
    fetchPage: (offset) =>
      call(complyflow().audits.scope({ auditId: get().auditId!, offset, limit: PAGE, ...scopeArgs(get().filter) })),
    onRows: (items, total) => set({ items, total, loading: false }),
    onError: (message) => set({ loading: false, error: message }),
  });
  return {
    auditId: null,
    audit: null,
    items: [],
    total: 0,
    filter: NO_FILTER,
    index: 0,
    loading: false,
    error: null,
    announcement: '',

    async open(auditId) {
      set({ auditId, audit: null, items: [], total: 0, filter: NO_FILTER, index: 0, loading: true, error: null });
      const wanted = pendingControl?.auditId === auditId ? pendingControl.controlId : null;
      pendingControl = null;
      try {
        const [audit] = await Promise.all([call(complyflow().audits.get({ id: auditId })), pages.reset()]);
        if (get().auditId !== auditId) return;
        set({ audit });
        if (wanted) await get().focusControl(wanted);
      } catch (error) {
        if (get().auditId === auditId) set({ loading: false, error: (error as Error).message });
      }
    },

    async focusControl(controlId) {
      const { auditId } = get();
      if (!auditId) return;
      if (get().filter !== NO_FILTER) await get().setFilter(NO_FILTER);
      const { index } = await call(complyflow().audits.scopePosition({ auditId, controlId }));
      if (get().auditId === auditId) await get().select(index);
    },

    async setFilter(filter) {
      if (!get().auditId) return;
      // The next pages are fetched with this filter; answers for the previous one are dropped.
      set({ filter, index: 0, loading: true });
      await pages.reset();
    },

    async refreshAudit() {
      const { auditId } = get();
      if (!auditId) return;
      const audit = await call(complyflow().audits.get({ id: auditId }));
      if (get().auditId === auditId) set({ audit });
    },

    want: (start, end) => pages.want(start, end),

    async select(index) {
      const next = Math.max(0, Math.min(get().total - 1, index));
      await pages.load(next);
      const item = get().items[next];
      if (!item) return;
      // Unsaved notes or a half-written finding on the current control: ask before moving on.
      if (next !== get().index && !confirmLeave()) return;
      set({ index: next, announcement: `${item.label} ${item.title}, ${next + 1} of ${get().total}` });
    },

    move(delta) {
      return get().select(get().index + delta);
    },

    patchItem(controlId, patch) {
      set({ items: get().items.map((item) => (item?.controlId === controlId ? { ...item, ...patch } : item)) });
    },

    announce(text) {
      // The same words twice must still be read out: clear first, then set.
      set({ announcement: '' });
      queueMicrotask(() => set({ announcement: text }));
    },
  };
});
