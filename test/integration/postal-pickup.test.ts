// The paper dossier sent by post against the real database, with a stub postal gateway: concurrent requests create
// one live pickup (the partial unique index of migration 0032 and the dossier lock), a pickup is allowed again after
// a failure only, and the commune codes of migration 0026 that were corrected (0032) are the ones the address check
// accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContext } from '../../src/container.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import type { PostalGateway, ShipmentRequest } from '../../src/modules/postal/postal.adapter.ts';
import { s10CheckDigit } from '../../src/modules/postal/postal.rules.ts';
import { createTestDatabase, testConfig } from '../helpers/db.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

/** A postal service that answers every request with a new tracking number (same key: same shipment). */
class StubGateway implements PostalGateway {
  readonly requests: ShipmentRequest[] = [];
  private readonly byKey = new Map<string, string>();
  private serial = 10_000_000;
  async createShipment(request: ShipmentRequest) {
    this.requests.push(request);
    let tracking = this.byKey.get(request.idempotencyKey);
    if (!tracking) {
      this.serial += 1;
      const digits = String(this.serial).padStart(8, '0');
      tracking = `RR${digits}${s10CheckDigit(digits)}VN`;
      this.byKey.set(request.idempotencyKey, tracking);
    }
    return { trackingNumber: tracking, postageVnd: 22_000 };
  }
}

const { db } = await createTestDatabase({ demo: true });
const gateway = new StubGateway();
const ctx = createContext(testConfig({ DEMO: 'true', POSTAL_WEBHOOK_SECRET: 'integration-postal-secret-0123456789' }), db, {
  hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
  postalGateway: gateway,
});
const postal = ctx.services.postal;
const applicant = await actorByUsername(ctx, 'demo.congdan');
const ADDRESS = { recipientName: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 5 phố Tràng Tiền', provinceCode: '01', communeCode: '00082' };

describe('the paper dossier sent by post (database)', () => {
  it('two requests at once: one pickup is created, the other is refused as pending', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    const results = await Promise.allSettled([postal.requestPickup(applicant, id, ADDRESS), postal.requestPickup(applicant, id, ADDRESS)]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 1);
    assert.equal((rejected[0]!.reason as { code?: string }).code, 'POSTAL_PICKUP_PENDING');
    const rows = await db.selectFrom('postal_shipments').select(['kind', 'status', 'commune_code']).where('dossier_id', '=', id).execute();
    assert.deepEqual(rows, [{ kind: 'dossier', status: 'created', commune_code: '00082' }]);
    // The request to the postal service: from the applicant at that address, to the agency.
    const request = gateway.requests.at(-1)!;
    assert.equal(request.kind, 'dossier');
    assert.equal(request.sender.communeCode, '00082');
    assert.equal(request.recipient.communeCode, undefined);
  });

  it('the partial unique index refuses a second live pickup even without the service', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    await postal.requestPickup(applicant, id, ADDRESS);
    const row = await db.selectFrom('postal_shipments').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow();
    const { id: _id, tracking_number: _t, created_at: _c, updated_at: _u, ...copy } = row;
    await assert.rejects(db.insertInto('postal_shipments').values({ ...copy, tracking_number: 'RR000000016VN' }).execute(), /postal_shipments_live_pickup_key/);
    // Once failed, another one may be made.
    await db.updateTable('postal_shipments').set({ status: 'failed' }).where('id', '=', row.id).execute();
    const again = await postal.requestPickup(applicant, id, ADDRESS);
    assert.equal(again.status, 'created');
    assert.equal(gateway.requests.at(-1)!.idempotencyKey, `${id}:dossier:2`);
  });

  it('the corrected commune codes are the ones accepted (0026 had Phường Cửa Nam as 00073)', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    await assert.rejects(postal.requestPickup(applicant, id, { ...ADDRESS, communeCode: '00073' }), (error: { code?: string; fieldErrors?: Array<{ path: string; code: string }> }) => {
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.deepEqual(error.fieldErrors?.map((e) => `${e.path}:${e.code}`), ['/communeCode:unknownCommune']);
      return true;
    });
    const count = await db.selectFrom('address_communes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 3321);
  });
});
