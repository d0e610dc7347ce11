import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLUSTER_PROGRAMS, clusterInstallCommand, decideCluster, needsCluster } from '../../scripts/cluster-check.ts';

const all = () => true;
const none = () => false;

describe('npm test: HAProxy, PgBouncer and PostgreSQL 15 before the cluster tests', () => {
  it('does nothing when no cluster test runs or everything is there', () => {
    assert.deepEqual(decideCluster({ needed: false, present: none, root: false, apt: false }), { kind: 'ready' });
    assert.deepEqual(decideCluster({ needed: true, present: all, root: false, apt: true }), { kind: 'ready' });
  });

  it('installs only the missing packages through apt as root', () => {
    const present = (p: string) => p.startsWith('/usr/lib/postgresql/15/');
    assert.deepEqual(decideCluster({ needed: true, present, root: true, apt: true }), {
      kind: 'install',
      packages: ['haproxy', 'pgbouncer'],
      command: 'apt-get update -qq && apt-get install -y -qq haproxy pgbouncer',
    });
    const fresh = decideCluster({ needed: true, present: none, root: true, apt: true });
    assert.ok(fresh.kind === 'install' && fresh.command === clusterInstallCommand(['haproxy', 'pgbouncer', 'postgresql-15']));
  });

  it('a missing pg_basebackup alone asks for postgresql-15', () => {
    const present = (p: string) => !p.endsWith('/pg_basebackup');
    const decision = decideCluster({ needed: true, present, root: true, apt: true });
    assert.ok(decision.kind === 'install' && decision.packages.join() === 'postgresql-15');
  });

  it('skips (not stops) with the exact command when it cannot install', () => {
    const decision = decideCluster({ needed: true, present: none, root: false, apt: true });
    assert.equal(decision.kind, 'skip');
    assert.ok(decision.kind === 'skip' && decision.message.includes(clusterInstallCommand(['haproxy', 'pgbouncer', 'postgresql-15'])));
    assert.equal(decideCluster({ needed: true, present: none, root: true, apt: false }).kind, 'skip');
  });

  it('knows which runs need the cluster and what it checks', () => {
    assert.equal(needsCluster(['/w/test/rules/a.test.ts', '/w/test/e2e/b.e2e.test.ts']), false);
    assert.equal(needsCluster(['/w/test/cluster/cluster.test.ts']), true);
    assert.ok(CLUSTER_PROGRAMS.some((p) => p.path.endsWith('/pg_basebackup')));
  });
});
