/**
 * How things read on the dashboard in both themes: Critical and High findings look different,
 * links take the theme's colour (not the browser's blue or visited purple), and dates use the
 * one format, which never breaks across lines.
 */
import AxeBuilder from '@axe-core/playwright';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

type AppWindow = { complyflow: ComplyflowApi };

test('Critical stands apart from High, links are themed, dates keep together, in light and dark', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const fw = unwrap(await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }));
    const audit = unwrap(
      await api.audits.create({
        title: 'Spot check',
        windowStart: '2026-01-01',
        windowEnd: '2026-01-31',
        frameworkId: fw.frameworkId,
      }),
    );
    unwrap(
      await api.findings.create({
        auditId: audit.id,
        title: 'Root password shared',
        severity: 'critical',
        dueDate: '2026-12-01',
      }),
    );
    unwrap(await api.findings.create({ auditId: audit.id, title: 'Stale accounts', severity: 'high', dueDate: '2026-12-15' }));
  });
  await app.reload();
  await app.getByRole('link', { name: 'Dashboard' }).click();
  const list = app.getByRole('list', { name: 'Most severe open findings' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  const critical = list.getByText('Critical', { exact: true });
  const high = list.getByText('High', { exact: true });
  const link = list.getByRole('link', { name: 'Root password shared' });

  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const look = (el: Element) => {
      const s = getComputedStyle(el);
      return `${s.backgroundColor} ${s.color} ${s.fontWeight}`;
    };
    expect(await critical.evaluate(look), theme).not.toBe(await high.evaluate(look));
    const linkColor = await link.evaluate((el) => getComputedStyle(el).color);
    const accent = await app.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--accent)';
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
    expect(linkColor, theme).toBe(accent);
    const axe = await new AxeBuilder({ page: app }).include('main').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  // "due 1 Dec 2026", its spaces non-breaking.
  await expect(list.getByRole('listitem').first()).toContainText('due 1\u00a0Dec\u00a02026');
});
