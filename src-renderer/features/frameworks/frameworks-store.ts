/**
 * Frameworks page state: the imported frameworks (with readiness), the shipped baselines, and
 * the selected framework's controls as the user filters them, as a sparse list whose page at
 * the offset being shown loads (components/sparse-pages.ts).
 */
import { create } from 'zustand';
import type {
  ControlStatus,
  ControlSummary,
  FrameworkWithReadiness,
  ShippedFramework,
} from '../../../src-shared/domain/framework';
import { call, complyflow } from '../../api/complyflow';
import { createSparsePages } from '../../components/sparse-pages';

const PAGE = 200;
const LAST_FRAMEWORK_KEY = 'complyflow.frameworks.last';

/** The framework the user last had open, so coming back to the page (or reloading) reopens it. */
export function rememberedFrameworkId(): string | null {
  try {
    return localStorage.getItem(LAST_FRAMEWORK_KEY);
  } catch {
    return null;
  }
}
function remember(id: string | null) {
  try {
    if (id) localStorage.setItem(LAST_FRAMEWORK_KEY, id);
    else localStorage.removeItem(LAST_FRAMEWORK_KEY);
  } catch {
    // Storage unavailable: the page still works, it just won't remember.
  }
}

interface FrameworksState {
  frameworks: FrameworkWithReadiness[];
  shipped: ShippedFramework[];
  loadError: string | null;
  /** True once the framework list has loaded at least once. */
  frameworksLoaded: boolean;
  /** Archived frameworks are listed only while this is on. */
  showArchived: boolean;
  /** How many frameworks are archived (listed or not). */
  archivedCount: number;
  setShowArchived(show: boolean): void;
  reloadFrameworks(): Promise<void>;

  frameworkId: string | null;
  status: ControlStatus | '';
  query: string;
  /** As long as `total`; undefined where the row's page has not loaded yet. */
  controls: (ControlSummary | undefined)[];
  total: number;
  loading: boolean;
  error: string | null;
  selectedControlId: string | null;
  openFramework(id: string | null): void;
  setFilter(filter: Partial<{ status: ControlStatus | ''; query: string }>): void;
  selectControl(id: string | null): void;
  reloadControls(): Promise<void>;
  /** The rows in view (inclusive): loads their pages. */
  want(start: number, end: number): void;
}

export const useFrameworks = create<FrameworksState>((set, get) => {
  const pages = createSparsePages<ControlSummary>({
    pageSize: PAGE,
    fetchPage: (offset) => {
      const { frameworkId, status, query } = get();
      return call(
        complyflow().controls.list({
          frameworkId: frameworkId!,
          status: status || undefined,
          query: query.trim() || undefined,
          offset,
          limit: PAGE,
        }),
      );
    },
    onRows: (controls, total) => set({ controls, total, loading: false }),
    onError: (message) => set({ loading: false, error: message }),
  });
  return {
    frameworks: [],
    shipped: [],
    loadError: null,
    frameworksLoaded: false,
    showArchived: false,
    archivedCount: 0,
    setShowArchived(show) {
      set({ showArchived: show });
      void get().reloadFrameworks();
    },
    async reloadFrameworks() {
      try {
        const [list, shipped] = await Promise.all([
          call(complyflow().frameworks.list({ limit: 500, includeArchived: get().showArchived })),
          call(complyflow().frameworks.listShipped({})),
        ]);
        set({
          frameworks: list.items,
          archivedCount: list.archived,
          shipped: shipped.items,
          loadError: null,
          frameworksLoaded: true,
        });
      } catch (error) {
        set({ loadError: (error as Error).message });
      }
    },

    frameworkId: null,
    status: '',
    query: '',
    controls: [],
    total: 0,
    loading: false,
    error: null,
    selectedControlId: null,
    openFramework(id) {
      remember(id);
      if (id === get().frameworkId) {
        void get().reloadControls();
        return;
      }
      set({ frameworkId: id, controls: [], total: 0, selectedControlId: null, status: '', query: '' });
      if (id) void get().reloadControls();
    },
    setFilter(filter) {
      set(filter);
      void get().reloadControls();
    },
    selectControl(id) {
      set({ selectedControlId: id });
    },
    async reloadControls() {
      if (!get().frameworkId) return;
      set({ loading: true, error: null });
      await pages.reset();
    },
    want: (start, end) => pages.want(start, end),
  };
});

export const STATUS_LABELS: Record<ControlStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};

/** Policy lifecycle words as users say them ("in_review" → "In review"). */
export const policyStatusLabel = (status: string) => {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
