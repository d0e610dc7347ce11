// Migration 0032 on a database that still has the communes of 0026 (Hà Nội and Vĩnh Long, some under codes that are
// not the official ones, two of them swapped, one misspelt) and addresses using them: re-run on such a state, it
// gives every unit its official code and name, the addresses follow (ON UPDATE CASCADE), and all 3,321 units exist.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDatabase, testConfig } from '../helpers/db.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { createContext } from '../../src/container.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';

const { db, url } = await createTestDatabase({ demo: true });
const ctx = createContext(testConfig({ DEMO: 'true' }), db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });

async function codeOf(name: string) {
  return (await db.selectFrom('address_communes').select('code').where('name', '=', name).executeTakeFirst())?.code;
}

describe('migration 0032 over the communes of 0026', () => {
  it('corrects the codes (swaps included) and the spelling, the addresses follow, and loads the rest', async () => {
    const applicant = await actorByUsername(ctx, 'demo.congdan');
    const { id } = await submittedDossier(ctx, applicant);
    await ctx.services.postal.chooseDelivery(applicant, id, { recipientName: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 1', provinceCode: '01', communeCode: '00226' });

    // Back to the state 0026 left: Văn Miếu - Quốc Tử Giám under 00196 and Kim Liên under 00226 (the official code of
    // the former), Cửa Nam under 00073, "Lục Sỹ Thành", no commune outside Hà Nội and Vĩnh Long.
    await db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE postal_deliveries DROP CONSTRAINT postal_deliveries_commune_code_fkey, ADD CONSTRAINT postal_deliveries_commune_code_fkey FOREIGN KEY (commune_code) REFERENCES address_communes (code) ON UPDATE CASCADE`.execute(tx);
      await tx.updateTable('address_communes').set({ code: '00196' }).where('code', '=', '00226').execute();
      await tx.updateTable('address_communes').set({ code: '00226' }).where('code', '=', '00229').execute();
      await tx.updateTable('address_communes').set({ code: '00073' }).where('code', '=', '00082').execute();
      await tx.updateTable('address_communes').set({ name: 'Xã Lục Sỹ Thành' }).where('code', '=', '29857').execute();
      await tx.deleteFrom('address_communes').where('province_code', 'not in', ['01', '86']).execute();
      await sql`ALTER TABLE postal_deliveries DROP CONSTRAINT postal_deliveries_commune_code_fkey, ADD CONSTRAINT postal_deliveries_commune_code_fkey FOREIGN KEY (commune_code) REFERENCES address_communes (code)`.execute(tx);
      await sql`DROP INDEX postal_shipments_live_pickup_key`.execute(tx);
      await sql`DROP INDEX postal_shipments_arrived_idx`.execute(tx);
      await sql`DELETE FROM schema_migrations WHERE name = '0032_postal_pickup.sql'`.execute(tx);
    });
    assert.equal(await codeOf('Phường Văn Miếu - Quốc Tử Giám'), '00196');
    assert.equal((await db.selectFrom('postal_deliveries').select('commune_code').where('dossier_id', '=', id).executeTakeFirstOrThrow()).commune_code, '00196');

    assert.deepEqual(await migrate(url), ['0032_postal_pickup.sql']);
    assert.equal(await codeOf('Phường Văn Miếu - Quốc Tử Giám'), '00226');
    assert.equal(await codeOf('Phường Kim Liên'), '00229');
    assert.equal(await codeOf('Phường Cửa Nam'), '00082');
    assert.equal(await codeOf('Xã Lục Sĩ Thành'), '29857');
    assert.equal(await codeOf('Xã Lục Sỹ Thành'), undefined);
    // The address still names the same ward, under its official code.
    assert.equal((await db.selectFrom('postal_deliveries').select('commune_code').where('dossier_id', '=', id).executeTakeFirstOrThrow()).commune_code, '00226');
    const count = await db.selectFrom('address_communes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 3321);
  });
});
