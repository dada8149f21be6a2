/**
 * Screen registry: each feature folder exports its page; the layout shows the one the router
 * names. Adding a screen is one line here.
 */
import type { ComponentType } from 'react';
import { AuditsPage } from '../features/audits/AuditsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { EvidencePage } from '../features/evidence/EvidencePage';
import { FrameworksPage } from '../features/frameworks/FrameworksPage';
import { PoliciesPage } from '../features/policies/PoliciesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { TrashPage } from '../features/trash/TrashPage';
import type { Screen } from './router-store';

export const screens: Record<Screen, ComponentType> = {
  dashboard: DashboardPage,
  frameworks: FrameworksPage,
  policies: PoliciesPage,
  evidence: EvidencePage,
  audits: AuditsPage,
  trash: TrashPage,
  settings: SettingsPage,
  sync: SyncPage,
};
