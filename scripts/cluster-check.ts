// Before the cluster tests (test/cluster): are HAProxy, PgBouncer and PostgreSQL 15 (server and pg_basebackup) from
// Debian's packages there, and if not, may `npm test` install them? Pure decision (no I/O) so test/rules can check
// it; scripts/test.ts does the checking and installing. Unlike Chromium, missing packages that cannot be installed
// (not root, or no apt-get) do not stop the run: the cluster tests are skipped with the message (OPENDVC_CLUSTER_SKIP).

/** The programs the cluster tests start (test/helpers/cluster.ts), by the Debian package that brings them. */
export const CLUSTER_PROGRAMS = [
  { path: '/usr/sbin/haproxy', pkg: 'haproxy' },
  { path: '/usr/sbin/pgbouncer', pkg: 'pgbouncer' },
  { path: '/usr/lib/postgresql/15/bin/postgres', pkg: 'postgresql-15' },
  { path: '/usr/lib/postgresql/15/bin/initdb', pkg: 'postgresql-15' },
  { path: '/usr/lib/postgresql/15/bin/pg_ctl', pkg: 'postgresql-15' },
  { path: '/usr/lib/postgresql/15/bin/pg_basebackup', pkg: 'postgresql-15' },
] as const;

/** The one command that installs them on Debian 12 (run as root): haproxy 2.6, pgbouncer 1.18, postgresql-15. */
export function clusterInstallCommand(packages: readonly string[]): string {
  return `apt-get update -qq && apt-get install -y -qq ${packages.join(' ')}`;
}

export interface ClusterFacts {
  /** Whether any test file of this run is a cluster test (test/cluster). */
  needed: boolean;
  /** The CLUSTER_PROGRAMS paths that exist. */
  present: (path: string) => boolean;
  /** Whether the process runs as root (uid 0). */
  root: boolean;
  /** Whether apt-get is on this machine. */
  apt: boolean;
}

export type ClusterDecision =
  | { kind: 'ready' }
  | { kind: 'install'; command: string; packages: string[] }
  | { kind: 'skip'; message: string };

export function decideCluster(facts: ClusterFacts): ClusterDecision {
  if (!facts.needed) return { kind: 'ready' };
  const packages = [...new Set(CLUSTER_PROGRAMS.filter((p) => !facts.present(p.path)).map((p) => p.pkg))];
  if (!packages.length) return { kind: 'ready' };
  const command = clusterInstallCommand(packages);
  if (facts.root && facts.apt) return { kind: 'install', command, packages };
  const how = facts.apt ? `run as root: ${command}` : `install the Debian packages ${packages.join(', ')} (on Debian, as root: ${command})`;
  return { kind: 'skip', message: `cluster tests skipped: ${packages.join(', ')} missing; ${how}` };
}

/** Whether a run of these files needs the cluster programs: any file under test/cluster. */
export function needsCluster(files: string[]): boolean {
  return files.some((f) => /(^|[\\/])test[\\/]cluster[\\/]/.test(f));
}
