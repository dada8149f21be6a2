/**
 * Frameworks page state: the imported frameworks (with readiness), the shipped baselines, and
 * the selected framework's controls as the user filters them, loaded a page at a time.
 */
import { create } from 'zustand';
import type {
  ControlStatus,
  ControlSummary,
  FrameworkWithReadiness,
  ShippedFramework,
} from '../../../src-shared/domain/framework';
import { call, complyflow } from '../../api/complyflow';

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
  controls: ControlSummary[];
  total: number;
  loading: boolean;
  error: string | null;
  selectedControlId: string | null;
  openFramework(id: string | null): void;
  setFilter(filter: Partial<{ status: ControlStatus | ''; query: string }>): void;
  selectControl(id: string | null): void;
  reloadControls(): Promise<void>;
  loadMore(): Promise<void>;
}

let generation = 0;

export const useFrameworks = create<FrameworksState>((set, get) => {
  const fetchPage = (offset: number) => {
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
  };
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
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const page = await fetchPage(0);
        if (mine === generation) set({ controls: page.items, total: page.total, loading: false });
      } catch (error) {
        if (mine === generation) set({ loading: false, error: (error as Error).message });
      }
    },
    async loadMore() {
      const { controls, total, loading, frameworkId } = get();
      if (!frameworkId || loading || controls.length >= total) return;
      const mine = generation;
      set({ loading: true });
      try {
        const page = await fetchPage(controls.length);
        if (mine === generation) set({ controls: [...get().controls, ...page.items], total: page.total, loading: false });
      } catch (error) {
        if (mine === generation) set({ loading: false, error: (error as Error).message });
      }
    },
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
