// The demo's SIPAS survey (src/seed/survey.ts) over a generated year of history: a round of the year drawn,
// invited and partly answered (online and paper), so the yearly report has data; idempotent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemoSurvey } from '../../src/seed/survey.ts';
import { seedDemoYear } from '../../src/seed/year.ts';
import { createTestContext } from '../helpers/db.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const ctx = await createTestContext({ demo: true });

test('the demo survey: a 2026 round with answers, once', async () => {
  assert.ok(await seedDemoYear(ctx, { now: NOW, count: 400 }));
  const seeded = await seedDemoSurvey(ctx, { now: NOW, targetSize: 60 });
  assert.ok(seeded);
  assert.ok(seeded.rounds >= 1, 'a round drawn');
  assert.ok(seeded.answered > 0 && seeded.answered < seeded.sampled, `${seeded.answered} of ${seeded.sampled} answered`);
  const sources = await ctx.db.selectFrom('survey_samples').select('source').where('source', 'is not', null).execute();
  assert.ok(sources.some((s) => s.source === 'online'));
  assert.ok(sources.some((s) => s.source === 'paper'));
  const index = await ctx.services.surveys.yearIndex(null, 2026);
  assert.ok(index && index.index > 50 && index.index <= 100, JSON.stringify(index));
  assert.equal(index.sampleSize, seeded.answered);
  assert.equal(await seedDemoSurvey(ctx, { now: NOW }), null, 'idempotent');
});
