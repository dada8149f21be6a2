/**
 * The feed URL electron-builder writes into app-update.yml for the `generic` provider
 * (`provider: generic` and `url: https://…`). Read here so main can check the URL (HTTPS only)
 * before electron-updater uses it; any other provider is not used by ComplyFlow and gives null.
 */
export function feedUrlFromAppUpdateYml(text: string): string | null {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'm').exec(text);
    return match ? match[1].replace(/^(['"])(.*)\1$/, '$2') : null;
  };
  if (field('provider') !== 'generic') return null;
  return field('url');
}
