import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { landingPath } from '../../src/modules/identity/identity.rules.ts';

describe('landingPath: where a sign-in without a requested page lands', () => {
  const cases: Array<[string, Role[], string]> = [
    ['citizen', [], '/ho-so'],
    ['organisation', [], '/ho-so'],
    ['staff', ['receptionist'], '/can-bo'],
    ['staff', ['specialist'], '/can-bo'],
    ['staff', ['department_head'], '/can-bo'],
    ['staff', ['agency_leader'], '/can-bo'],
    ['staff', ['accountant'], '/ke-toan/thanh-toan'],
    ['staff', ['catalog_manager'], '/quan-tri/thu-tuc'],
    ['staff', ['admin'], '/quan-tri'],
    ['staff', ['inspector'], '/quan-tri'],
    // Several roles: the dossiers of the day come first, then the accounts, the catalog, the administration.
    ['staff', ['admin', 'specialist'], '/can-bo'],
    ['staff', ['inspector', 'accountant'], '/ke-toan/thanh-toan'],
    ['staff', ['admin', 'catalog_manager'], '/quan-tri/thu-tuc'],
    // A staff account without any role yet has no work to land on.
    ['staff', [], '/'],
  ];
  for (const [kind, roles, expected] of cases) {
    it(`${kind} [${roles.join(', ')}] → ${expected}`, () => assert.equal(landingPath(kind, roles), expected));
  }
});
