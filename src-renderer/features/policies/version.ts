/** "v2.1": how a policy version reads everywhere in the app. */
export const versionLabel = (v: { versionMajor: number; versionMinor: number }) => `v${v.versionMajor}.${v.versionMinor}`;
