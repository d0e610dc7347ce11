// src/db/schema.ts (the Kysely types every query is checked against) must describe the migrated database:
// the same tables, the same columns, and `| null` exactly where the column is nullable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { createTestDatabase } from '../helpers/db.ts';

type Shape = Map<string, Map<string, { nullable: boolean }>>;

/** Tables → columns → nullability, read from the `DB` interface of a schema.ts source text. */
export function kyselyShape(source: string): Shape {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement);
  }
  const nameOf = (member: ts.TypeElement) => (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : '');
  // Whether the selected type admits null: unions with `null`, through Generated<T>, ColumnType<Select, …>, Json<T> and local aliases.
  const nullable = (node: ts.TypeNode, seen = new Set<string>()): boolean => {
    if (ts.isParenthesizedTypeNode(node)) return nullable(node.type, seen);
    if (ts.isUnionTypeNode(node)) return node.types.some((t) => nullable(t, seen));
    if (ts.isLiteralTypeNode(node)) return node.literal.kind === ts.SyntaxKind.NullKeyword;
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      if (['Generated', 'ColumnType', 'Json', 'GeneratedAlways'].includes(name) && node.typeArguments?.[0]) return nullable(node.typeArguments[0], seen);
      const alias = aliases.get(name);
      if (alias && !seen.has(name)) return nullable(alias.type, new Set([...seen, name]));
    }
    return false;
  };
  const db = interfaces.get('DB');
  assert.ok(db, 'schema.ts declares interface DB');
  const shape: Shape = new Map();
  for (const member of db.members) {
    assert.ok(ts.isPropertySignature(member) && member.type && ts.isTypeReferenceNode(member.type) && ts.isIdentifier(member.type.typeName), `DB.${nameOf(member)} names a table interface`);
    const table = interfaces.get(member.type.typeName.text);
    assert.ok(table, `interface ${member.type.typeName.text} of DB.${nameOf(member)} is declared in schema.ts`);
    const columns = new Map<string, { nullable: boolean }>();
    for (const column of table.members) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      columns.set(nameOf(column), { nullable: nullable(column.type) });
    }
    shape.set(nameOf(member), columns);
  }
  return shape;
}

describe('src/db/schema.ts matches the migrated database', async () => {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../src/db/schema.ts'), 'utf8');
  const declared = kyselyShape(source);
  const { db } = await createTestDatabase();
  const rows = (
    await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      SELECT c.table_name, c.column_name, c.is_nullable
        FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
       ORDER BY c.table_name, c.ordinal_position`.execute(db)
  ).rows;
  const actual: Shape = new Map();
  for (const row of rows) {
    if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
    actual.get(row.table_name)!.set(row.column_name, { nullable: row.is_nullable === 'YES' });
  }
  // Tables the application never queries through Kysely's types (the migration runner's own bookkeeping).
  const untyped = new Set(['schema_migrations']);

  it('parses the schema (guards the parser itself)', () => {
    const shape = kyselyShape(`
      type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
      type Maybe = string | null;
      interface ATable { id: Generated<string>; a: string | null; b: Timestamp; c: ColumnType<number | null, number, number>; d: Maybe; 'e': Json<{ x: 1 }> }
      interface DB { a: ATable }`);
    assert.deepEqual(
      Object.fromEntries([...shape.get('a')!].map(([k, v]) => [k, v.nullable])),
      { id: false, a: true, b: false, c: true, d: true, e: false },
    );
  });

  it('declares every table of the database and no other', () => {
    const inDb = [...actual.keys()].filter((t) => !untyped.has(t)).sort();
    assert.ok(inDb.length > 20, `the migrated database has its tables (${inDb.length})`);
    assert.deepEqual([...declared.keys()].sort(), inDb);
  });

  it('declares every column of each table, and no other', () => {
    const mismatches: string[] = [];
    for (const [table, columns] of declared) {
      const real = actual.get(table);
      if (!real) continue;
      for (const column of columns.keys()) if (!real.has(column)) mismatches.push(`${table}.${column}: in schema.ts, not in the database`);
      for (const column of real.keys()) if (!columns.has(column)) mismatches.push(`${table}.${column}: in the database, not in schema.ts`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('marks `| null` exactly the nullable columns', () => {
    const mismatches: string[] = [];
    for (const [table, columns] of declared) {
      const real = actual.get(table);
      if (!real) continue;
      for (const [column, { nullable }] of columns) {
        const inDb = real.get(column);
        if (inDb && inDb.nullable !== nullable) mismatches.push(`${table}.${column}: ${inDb.nullable ? 'NULL allowed in the database, not in schema.ts' : 'NOT NULL in the database, `| null` in schema.ts'}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
