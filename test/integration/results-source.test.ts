// What a generated result is filled from (ResultsRepository.dossier → fillResult, as ResultsService.issue does):
// the option names of the dossier version's e-form (an edited e-form prints its own names, not "—"), and the
// procedure's code as printed (the national code, else the local code — never the internal "agency:local" key).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResultsRepository } from '../../src/modules/results/results.repository.ts';
import { fillResult } from '../../src/modules/results/results.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

describe('the source of a generated result (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true });
  const repo = new ResultsRepository();
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const dossier = await submittedDossier(ctx, citizen);
  const versionId = (await ctx.db.selectFrom('dossiers').select('procedure_version_id').where('id', '=', dossier.id).executeTakeFirstOrThrow()).procedure_version_id;
  const filled = async () => {
    const d = (await repo.dossier(ctx.db, dossier.id))!;
    return fillResult({ dossierCode: d.code ?? '', procedureCode: d.procedure_code, procedureName: d.procedure_name, nationalCode: d.national_code, localCode: d.local_code, formSchema: d.form_schema, agencyName: d.agency_name, applicantName: d.applicant_name ?? '', formData: d.form_data, issuedAt: new Date() });
  };
  const line = (result: Awaited<ReturnType<typeof filled>>, label: string) => result.lines.find((l) => l.label === label)?.value;

  it('the copyright certificate names the option as the version\'s e-form does, also an option the built-in list lacks', async () => {
    const version = await ctx.db.selectFrom('procedure_versions').select('form_schema').where('id', '=', versionId).executeTakeFirstOrThrow();
    const schema = structuredClone(version.form_schema ?? { type: 'object', properties: {} }) as { properties: Record<string, Record<string, unknown>> };
    schema.properties.workType = { type: 'string', title: 'Loại hình tác phẩm', enum: ['am-nhac', 'kien-truc'], 'x-enumNames': ['Tác phẩm âm nhạc, ca khúc', 'Tác phẩm kiến trúc'] };
    await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(schema) }).where('id', '=', versionId).execute();
    const data = async (workType: string) => ctx.db.updateTable('dossiers').set({ form_data: JSON.stringify({ workType, publication: 'da-cong-bo' }) as never }).where('id', '=', dossier.id).execute();
    await data('kien-truc');
    let result = await filled();
    assert.equal(result.template, 'copyright-certificate');
    assert.equal(line(result, 'Loại hình tác phẩm'), 'Tác phẩm kiến trúc');
    assert.equal(line(result, 'Tình trạng công bố'), 'Đã công bố', 'a field the e-form lacks: the built-in name');
    await data('am-nhac');
    result = await filled();
    assert.equal(line(result, 'Loại hình tác phẩm'), 'Tác phẩm âm nhạc, ca khúc');
  });

  it('a procedure with only a local code: the generic sheet prints the local code', async () => {
    const procedure = await ctx.db.selectFrom('procedure_versions as pv').innerJoin('procedures as p', 'p.id', 'pv.procedure_id').select(['p.id', 'pv.agency_id']).where('pv.id', '=', versionId).executeTakeFirstOrThrow();
    // As if published under a local code only (the version's codes recorded; then an older version without them).
    await ctx.db.updateTable('procedures').set({ code: 'H59.20:TV-QTG01', local_code: 'TV-QTG01', local_agency_id: procedure.agency_id }).where('id', '=', procedure.id).execute();
    await ctx.db.updateTable('procedure_versions').set({ national_code: null, local_code: 'TV-QTG01' }).where('id', '=', versionId).execute();
    let result = await filled();
    assert.equal(result.template, 'generic');
    assert.match(line(result, 'Thủ tục')!, /^TV-QTG01 — /);
    assert.doesNotMatch(JSON.stringify(result), /H59\.20:/);
    await ctx.db.updateTable('procedure_versions').set({ local_code: null }).where('id', '=', versionId).execute();
    result = await filled();
    assert.match(line(result, 'Thủ tục')!, /^TV-QTG01 — /, 'the procedure\'s local code when the version has none');
  });
});
