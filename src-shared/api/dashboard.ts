/** The dashboard namespace: one summary call, computed from the replica on every call. */
import { z } from 'zod';
import { DashboardSummary } from '../domain/dashboard';
import { method } from './define';

export const dashboardApi = {
  summary: method(z.strictObject({}), DashboardSummary),
};
