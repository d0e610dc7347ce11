// Before the browser tests: is Chromium there, and if not, may `npm test` install it?
// Pure decision (no I/O) so test/rules can check it; scripts/test.ts does the checking and installing.

/** Where the browser tests look for Chromium (test/helpers/browser.ts). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The one command that installs it on Debian (run as root). */
export const CHROMIUM_INSTALL = 'apt-get update -qq && apt-get install -y -qq chromium';

export interface BrowserFacts {
  /** Whether any test file of this run is a browser test (test/e2e). */
  needed: boolean;
  /** Whether CHROMIUM_PATH exists. */
  present: boolean;
  /** Whether the process runs as root (uid 0). */
  root: boolean;
  /** Whether apt-get is on this machine. */
  apt: boolean;
}

export type BrowserDecision =
  | { kind: 'ready' }
  | { kind: 'install'; command: string }
  | { kind: 'stop'; message: string };

export function decideBrowser(facts: BrowserFacts): BrowserDecision {
  if (!facts.needed || facts.present) return { kind: 'ready' };
  if (facts.root && facts.apt) return { kind: 'install', command: CHROMIUM_INSTALL };
  const how = facts.apt
    ? `run as root: ${CHROMIUM_INSTALL}\n  (or: sudo sh -c '${CHROMIUM_INSTALL}')`
    : `install the Chromium browser so that ${CHROMIUM_PATH} exists (on Debian, as root: ${CHROMIUM_INSTALL})`;
  return { kind: 'stop', message: `Chromium is missing at ${CHROMIUM_PATH}; the browser tests (test/e2e) need it.\n  ${how}` };
}

/** Whether a run of these files needs the browser: any file under test/e2e. */
export function needsBrowser(files: string[]): boolean {
  return files.some((f) => /(^|[\\/])test[\\/]e2e[\\/]/.test(f));
}
