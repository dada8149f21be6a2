/**
 * The fieldwork session for one audit: the scope as loaded so far (pages on demand, so a
 * 2,000-control scope never loads at once), which control is current, and what the screen
 * reader should hear next.
 */
import { create } from 'zustand';
import type { AuditSummary, ScopeItem, ScopeResultFilter } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';

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
  items: ScopeItem[];
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
  loadMore(): Promise<void>;
  select(index: number): Promise<void>;
  move(delta: number): Promise<void>;
  patchItem(controlId: string, patch: Partial<ScopeItem>): void;
  announce(text: string): void;
}

export const useFieldwork = create<FieldworkState>((set, get) => ({
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
      const [audit, page] = await Promise.all([
        call(complyflow().audits.get({ id: auditId })),
        call(complyflow().audits.scope({ auditId, offset: 0, limit: PAGE })),
      ]);
      if (get().auditId !== auditId) return;
      set({ audit, items: page.items, total: page.total, loading: false });
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
    const { auditId } = get();
    if (!auditId) return;
    set({ filter, loading: true });
    try {
      const page = await call(complyflow().audits.scope({ auditId, offset: 0, limit: PAGE, ...scopeArgs(filter) }));
      // A later filter won the race: its answer is the one to show.
      if (get().auditId !== auditId || get().filter !== filter) return;
      set({ items: page.items, total: page.total, index: 0, loading: false });
    } catch (error) {
      if (get().filter === filter) set({ loading: false, error: (error as Error).message });
    }
  },

  async refreshAudit() {
    const { auditId } = get();
    if (!auditId) return;
    const audit = await call(complyflow().audits.get({ id: auditId }));
    if (get().auditId === auditId) set({ audit });
  },

  async loadMore() {
    const { auditId, items, total, loading, filter } = get();
    if (!auditId || loading || items.length >= total) return;
    set({ loading: true });
    try {
      const page = await call(complyflow().audits.scope({ auditId, offset: items.length, limit: PAGE, ...scopeArgs(filter) }));
      if (get().filter !== filter) return; // setFilter's answer replaces this page
      if (get().auditId === auditId) set({ items: [...get().items, ...page.items], total: page.total, loading: false });
    } catch (error) {
      set({ loading: false, error: (error as Error).message });
    }
  },

  async select(index) {
    const { total } = get();
    const next = Math.max(0, Math.min(total - 1, index));
    while (next >= get().items.length && get().items.length < get().total) {
      const before = get().items.length;
      await get().loadMore();
      if (get().items.length === before) return;
    }
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
    set({ items: get().items.map((item) => (item.controlId === controlId ? { ...item, ...patch } : item)) });
  },

  announce(text) {
    // The same words twice must still be read out: clear first, then set.
    set({ announcement: '' });
    queueMicrotask(() => set({ announcement: text }));
  },
}));
