/** Short messages at the bottom of the window: errors in words, and undo where it is cheap. */
import { create } from 'zustand';

export interface Toast {
  id: number;
  tone: 'info' | 'error';
  text: string;
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, id }] });
    setTimeout(() => get().dismiss(id), toast.tone === 'error' ? 10_000 : 6_000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const showError = (error: unknown) =>
  useToasts.getState().show({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
