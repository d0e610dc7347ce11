// Issue 14 (first slice): every operation of the OpenAPI document is named (operationId, unique, lowerCamelCase),
// tagged with a capability and summarised in English (short, ASCII), and the capability tags are described.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../helpers/app.ts';
import { OPENAPI_TAGS } from '../../src/http/openapi-tags.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const { app } = await createTestApp();
await app.ready();
const doc = app.swagger() as { paths: Record<string, Record<string, any>> };
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
);

describe('OpenAPI operations', () => {
  test('the document lists the API operations', () => {
    assert.ok(operations.length > 50, `only ${operations.length} operations`);
  });

  test('every operation has a lowerCamelCase operationId, a tag and a summary', () => {
    const problems: string[] = [];
    for (const { where, op } of operations) {
      if (typeof op.operationId !== 'string' || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId)) problems.push(`${where}: operationId ${op.operationId}`);
      if (!Array.isArray(op.tags) || op.tags.length === 0) problems.push(`${where}: no tag`);
      if (typeof op.summary !== 'string' || op.summary.trim() === '') problems.push(`${where}: no summary`);
    }
    assert.deepEqual(problems, []);
  });

  test('summaries are short and in English (the Vietnamese text is in the description)', () => {
    const problems: string[] = [];
    for (const { where, op } of operations) {
      if (typeof op.summary !== 'string') continue;
      if (!/^[\x20-\x7E]+$/.test(op.summary)) problems.push(`${where}: summary not plain English: ${op.summary}`);
      if (op.summary.length > 80) problems.push(`${where}: summary longer than 80 characters`);
    }
    assert.deepEqual(problems, []);
  });

  test('operationIds are unique', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { where, op } of operations) {
      const other = seen.get(op.operationId);
      if (other) duplicates.push(`${op.operationId}: ${other} and ${where}`);
      seen.set(op.operationId, where);
    }
    assert.deepEqual(duplicates, []);
  });

  test('every tag used is a described capability tag, and every described tag is used', () => {
    const described = new Set(OPENAPI_TAGS.map((t) => t.name));
    assert.equal(described.size, OPENAPI_TAGS.length, 'tag names unique');
    for (const tag of OPENAPI_TAGS) assert.ok(tag.description.trim().length > 0, `${tag.name} has a description`);
    const used = new Set(operations.flatMap(({ op }) => op.tags ?? []));
    assert.deepEqual([...used].filter((t) => !described.has(t)).sort(), [], 'tags used but not described');
    assert.deepEqual([...described].filter((t) => !used.has(t)).sort(), [], 'tags described but unused');
    // Once src/http/app.ts lists them as the document's top-level tags, they must be exactly these.
    const top = (doc as { tags?: Array<{ name: string }> }).tags;
    if (top) assert.deepEqual(top.map((t) => t.name), OPENAPI_TAGS.map((t) => t.name));
  });
});
