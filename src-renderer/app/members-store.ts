/**
 * The open organization's members, so changes recorded under a user id read as a person's name
 * (the core keeps a copy for offline display). In the local workspace actors are names already.
 */
import { create } from 'zustand';
import type { Member } from '../../src-shared/domain/account';
import { call, complyflow } from '../api/complyflow';

interface MembersState {
  byId: Map<string, Member>;
  loaded: boolean;
  load(): Promise<void>;
  /** Asks again, e.g. for a name first met after the list was read offline (from an empty copy). */
  refresh(): Promise<void>;
}

export const useMembers = create<MembersState>((set, get) => ({
  byId: new Map(),
  loaded: false,
  async load() {
    if (get().loaded) return;
    set({ loaded: true });
    try {
      const members = await call(complyflow().account.members({}));
      set({ byId: new Map(members.map((m) => [m.userId, m])) });
    } catch {
      // Names are a courtesy: without them the id is shown.
      set({ loaded: false });
    }
  },
  async refresh() {
    try {
      const members = await call(complyflow().account.members({}));
      set({ byId: new Map(members.map((m) => [m.userId, m])), loaded: true });
    } catch {
      // As in load: the id is shown until a later ask succeeds.
    }
  },
}));

/** A person's name for an actor id: display name, else email, else what was recorded. */
export function actorLabel(byId: Map<string, Member>, actor: string): string {
  const member = byId.get(actor);
  return member?.displayName ?? member?.email ?? actor;
}
