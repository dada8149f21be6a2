/**
 * Evidence files that would run when an auditor double-clicks them in an unpacked package.
 * Browsers open these extensions from file:// as pages or scripts (HTML, SVG, XML with XSLT,
 * MHTML), and desktops run others on a double-click (Windows Script Host, HTA, shortcuts,
 * shell scripts, installers). Such a file keeps its bytes and hash but is stored under its name
 * plus ".txt", which every browser and desktop opens as plain text; the manifest says why.
 *
 * Also treated as active: a file with no extension (Chromium sniffs those from file:// and
 * renders HTML it finds), and any file whose recorded MIME type is a page or script type,
 * whatever its extension says.
 */

/** Lower-case extensions, without the dot, grouped by what opens them. */
const BROWSER_PAGES = [
  'html',
  'htm',
  'shtml',
  'shtm',
  'xhtml',
  'xht',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'xsd',
  'rss',
  'atom',
  'rdf',
  'htc',
  'jsp',
  'asp',
  'aspx',
  'php',
];
const SCRIPTS = [
  'js',
  'mjs',
  'cjs',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'wsc',
  'sct',
  'hta',
  'ps1',
  'psm1',
  'psd1',
  'bat',
  'cmd',
  'sh',
  'bash',
  'zsh',
  'command',
  'py',
  'pyw',
  'pl',
  'rb',
  'applescript',
  'scpt',
];
const LAUNCHERS = [
  'exe',
  'com',
  'scr',
  'pif',
  'cpl',
  'msi',
  'msp',
  'msc',
  'jar',
  'jnlp',
  'lnk',
  'url',
  'website',
  'webloc',
  'desktop',
  'appimage',
  'app',
  'reg',
  'inf',
  'scf',
  'library-ms',
  'searchconnector-ms',
  'settingcontent-ms',
  'application',
  'appref-ms',
  'gadget',
  'xbap',
  'chm',
];

export const ACTIVE_EXTENSIONS: ReadonlySet<string> = new Set([...BROWSER_PAGES, ...SCRIPTS, ...LAUNCHERS]);

/** MIME types a browser renders or runs, whatever the file is called. */
const ACTIVE_MIME =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|(application|text)\/xml|[a-z]+\/[a-z.+-]*\+xml|multipart\/related|message\/rfc822|(application|text)\/(x-)?(java|ecma)script|text\/(x-)?(vbscript|sh)|application\/(x-)?(sh|bat|msdownload|msdos-program|ms-installer|hta))$/i;

export const NEUTRAL_SUFFIX = '.txt';

export interface Neutralized {
  /** The name the file is stored under in the package. */
  name: string;
  /** Why, in words, for the manifest. */
  reason: string;
}

const extensionOf = (name: string): string | null => {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : null;
};

/**
 * The package name for an evidence file already made safe as a path segment, or null when the
 * file can keep it.
 */
export function neutralizeActiveContent(safeName: string, mimeType: string): Neutralized | null {
  const ext = extensionOf(safeName);
  const mime = mimeType.trim().toLowerCase().split(';')[0]!;
  let why: string | null = null;
  if (ext === null) why = 'it has no extension, and a browser guesses the type of such a file and may render it as a page';
  else if (ACTIVE_EXTENSIONS.has(ext))
    why = `“.${ext}” files open as a page or run as a program when double-clicked, and could run scripts`;
  else if (ACTIVE_MIME.test(mime)) why = `its type (${mime}) is one a browser renders as a page or runs as a script`;
  if (why === null) return null;
  return {
    name: `${safeName}${NEUTRAL_SUFFIX}`,
    reason: `Stored as “${safeName}${NEUTRAL_SUFFIX}” so that opening it shows its text instead of running it: ${why}. Remove “${NEUTRAL_SUFFIX}” to get the original name; the bytes and SHA-256 are those of the original file.`,
  };
}
