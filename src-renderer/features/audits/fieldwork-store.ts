/**
 * The fieldwork session for one audit: the scope as a sparse list (the page at the offset being
 * shown loads, so a 2,000-control scope never loads at once and End jumps straight to the last
 * page), which control is current, and what the screen reader should hear next.
 */
import { create } from 'zustand';
import type { AuditSummary, ScopeItem } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';
import { createSparsePages } from '../../components/sparse-pages';

const PAGE = 200;

interface FieldworkState {
  auditId: string | null;
  audit: AuditSummary | null;
  /** As long as `total`; undefined where the row's page has not loaded yet. */
  items: (ScopeItem | undefined)[];
  total: number;
  index: number;
  loading: boolean;
  error: string | null;
  announcement: string;
  open(auditId: string): Promise<void>;
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
    fetchPage: (offset) => call(complyflow().audits.scope({ auditId: get().auditId!, offset, limit: PAGE })),
    onRows: (items, total) => set({ items, total, loading: false }),
    onError: (message) => set({ loading: false, error: message }),
  });
  return {
    auditId: null,
    audit: null,
    items: [],
    total: 0,
    index: 0,
    loading: false,
    error: null,
    announcement: '',

    async open(auditId) {
      set({ auditId, audit: null, items: [], total: 0, index: 0, loading: true, error: null });
      try {
        const [audit] = await Promise.all([call(complyflow().audits.get({ id: auditId })), pages.reset()]);
        if (get().auditId === auditId) set({ audit });
      } catch (error) {
        if (get().auditId === auditId) set({ loading: false, error: (error as Error).message });
      }
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
