/**
 * The fieldwork session for one audit: the scope as loaded so far (pages on demand, so a
 * 2,000-control scope never loads at once), which control is current, and what the screen
 * reader should hear next.
 */
import { create } from 'zustand';
import type { AuditSummary, ScopeItem } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave } from '../../app/router-store';

const PAGE = 200;

interface FieldworkState {
  auditId: string | null;
  audit: AuditSummary | null;
  items: ScopeItem[];
  total: number;
  index: number;
  loading: boolean;
  error: string | null;
  announcement: string;
  open(auditId: string): Promise<void>;
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
  index: 0,
  loading: false,
  error: null,
  announcement: '',

  async open(auditId) {
    set({ auditId, audit: null, items: [], total: 0, index: 0, loading: true, error: null });
    try {
      const [audit, page] = await Promise.all([
        call(complyflow().audits.get({ id: auditId })),
        call(complyflow().audits.scope({ auditId, offset: 0, limit: PAGE })),
      ]);
      if (get().auditId === auditId) set({ audit, items: page.items, total: page.total, loading: false });
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

  async loadMore() {
    const { auditId, items, total, loading } = get();
    if (!auditId || loading || items.length >= total) return;
    set({ loading: true });
    try {
      const page = await call(complyflow().audits.scope({ auditId, offset: items.length, limit: PAGE }));
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
