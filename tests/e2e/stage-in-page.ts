/**
 * Stages a file from inside the page exactly as the app's evidence form does in the browser host:
 * a one-time ticket from evidence.beginUpload, then the bytes PUT to the host's upload endpoint
 * with the tab's host token. Answers the staged file (its id goes into evidence.add).
 */
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';

export interface StagedInPage {
  id: string;
  sha256: string;
  sizeBytes: number;
  fileName: string;
}

export const stageInPage = (app: Page, fileName: string, text: string) =>
  app.evaluate(
    async ({ fileName, text }) => {
      const page = globalThis as unknown as {
        complyflow: ComplyflowApi;
        sessionStorage: { getItem(key: string): string | null };
      };
      const body = new TextEncoder().encode(text);
      const ticket = await page.complyflow.evidence.beginUpload({ fileName, sizeBytes: body.length });
      if (!ticket.ok) throw new Error(ticket.error.message);
      const response = await fetch(ticket.value.uploadPath, {
        method: 'PUT',
        body,
        headers: { authorization: `Bearer ${page.sessionStorage.getItem('complyflow.hostToken') ?? ''}` },
      });
      const answer = (await response.json()) as StagedInPage & { error?: { message: string } };
      if (!response.ok) throw new Error(answer.error?.message ?? String(response.status));
      return answer;
    },
    { fileName, text },
  );
