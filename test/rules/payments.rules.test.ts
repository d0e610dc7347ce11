// Pure rules of fees and payments: formulas (no eval), the fee definition and what a dossier owes, what a platform
// notice does to an order, reconciliation, the VietQR payload (against a known-good payload, CRC exact), and the
// protocol's signatures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { canonicalString, noticeOf, parseReconciliation, signFields, validSignature } from '../../src/modules/payments/payments.platform.ts';
import {
  checkFeeDefinition,
  computeFees,
  crc16,
  evaluate,
  noticeOutcome,
  orderLines,
  parseFormula,
  reconcile,
  transferMemo,
  vietQrPayload,
  type FeeDefinition,
  type ReconOrder,
} from '../../src/modules/payments/payments.rules.ts';

describe('fee formulas', () => {
  const data = { pages: 12, copies: '3', works: 2, text: 'abc' };
  const cases: Array<[string, number]> = [
    ['100000', 100000],
    ['pages * 1000', 12000],
    ['pages * 1000 + copies * 5000', 27000],
    ['(pages + copies) * 2', 30],
    ['pages - 2 * 3', 6],
    ['-pages + 20', 8],
    ['pages / 4', 3],
    ['pages / (copies - 3)', 0],
    ['missing * 100 + 7', 7],
    ['text * 10', 0],
    ['works × 50000', 100000],
  ];
  for (const [formula, expected] of cases) {
    it(`${formula} = ${expected}`, () => {
      const parsed = parseFormula(formula);
      assert.notEqual(typeof parsed, 'string', String(parsed));
      assert.equal(evaluate(parsed as Exclude<typeof parsed, string>, data), expected);
    });
  }
  const invalid = ['', '   ', 'pages *', '(pages + 1', 'pages + 1)', 'pages ; drop', 'process.exit()', 'pages ** 2', 'a'.repeat(201), `${'('.repeat(25)}1${')'.repeat(25)}`, 'constructor["x"]'];
  for (const formula of invalid) {
    it(`refuses ${JSON.stringify(formula.slice(0, 30))}`, () => {
      assert.equal(typeof parseFormula(formula), 'string');
    });
  }
});

describe('fee definitions', () => {
  const numbers = ['pages', 'copies'];
  const all = ['pages', 'copies', 'category', 'fullName'];

  it('checks every line against the e-form, every problem at once', () => {
    const { errors } = checkFeeDefinition(
      {
        charge: 'before_submission',
        lines: [
          { label: '', kind: 'le_phi', basis: 'fixed', amountVnd: 100 },
          { label: 'Phí in', kind: 'phi', basis: 'per_item', amountVnd: 2000, countField: 'category' },
          { label: 'Phí thẩm định', kind: 'phi', basis: 'formula', formula: 'pages * unknownField' },
          { label: 'Lệ phí', kind: 'le_phi', basis: 'fixed', amountVnd: -5 },
          { label: 'Lệ phí 2', kind: 'le_phi', basis: 'fixed', amountVnd: 1.5 },
          { label: 'Miễn', kind: 'le_phi', basis: 'fixed', amountVnd: 10, exemptions: [{ field: 'nope', equals: 'x' }] },
        ],
      },
      numbers,
      all,
    );
    assert.deepEqual(
      errors.map((e) => [e.path, e.code]),
      [
        ['/lines/0/label', 'FEE_LABEL_REQUIRED'],
        ['/lines/1/countField', 'FEE_FIELD_UNKNOWN'],
        ['/lines/2/formula', 'FEE_FIELD_UNKNOWN'],
        ['/lines/3/amountVnd', 'FEE_AMOUNT_INVALID'],
        ['/lines/4/amountVnd', 'FEE_AMOUNT_INVALID'],
        ['/lines/5/exemptions/0/field', 'FEE_FIELD_UNKNOWN'],
      ],
    );
  });

  it('refuses more than ten lines; an unknown charge time is on request', () => {
    const { value, errors } = checkFeeDefinition({ charge: 'whenever', lines: Array.from({ length: 11 }, () => ({ label: 'x', basis: 'fixed', amountVnd: 1 })) }, [], []);
    assert.equal(value.charge, 'on_request');
    assert.equal(errors[0]!.path, '/lines');
  });

  const definition: FeeDefinition = {
    charge: 'on_request',
    lines: [
      { label: 'Lệ phí cấp giấy', kind: 'le_phi', basis: 'fixed', amountVnd: 100_000 },
      { label: 'Phí sao y', kind: 'phi', basis: 'per_item', amountVnd: 2_000, countField: 'copies' },
      { label: 'Phí thẩm định', kind: 'phi', basis: 'formula', formula: 'pages * 1500 + 10000', exemptions: [{ field: 'category', equals: 'nguoi_co_cong' }] },
    ],
  };
  const table: Array<[string, Record<string, unknown>, number[], number]> = [
    ['fixed + per item + formula', { copies: 3, pages: 10 }, [100_000, 6_000, 25_000], 131_000],
    ['exempt by the applicant category', { copies: 3, pages: 10, category: 'nguoi_co_cong' }, [100_000, 6_000, 0], 106_000],
    ['counts are whole and never negative', { copies: -4, pages: 2.5 }, [100_000, 0, 13_750], 113_750],
    ['numbers typed as text', { copies: '2', pages: '4' }, [100_000, 4_000, 16_000], 120_000],
    ['nothing filled in', {}, [100_000, 0, 10_000], 110_000],
  ];
  for (const [name, data, lines, total] of table) {
    it(name, () => {
      const computed = computeFees(definition, data);
      assert.deepEqual(computed.lines.map((l) => l.amountVnd), lines);
      assert.equal(computed.totalVnd, total);
    });
  }

  it('an order charges the computed lines when they make the amount due, else one line of the amount asked', () => {
    const computed = computeFees(definition, { copies: 0, pages: 0 });
    assert.deepEqual(orderLines(computed, 110_000).map((l) => l.amountVnd), [100_000, 10_000]);
    assert.deepEqual(orderLines(computed, 300_000), [{ label: 'Phí, lệ phí giải quyết thủ tục hành chính', kind: 'le_phi', amountVnd: 300_000 }]);
    assert.deepEqual(orderLines(null, 5_000).map((l) => l.amountVnd), [5_000]);
  });
});

describe('what a platform notice does to an order', () => {
  const paid = (amountVnd: number, transactionId = 'T1') => ({ status: 'paid', amountVnd, transactionId });
  const table: Array<[string, { status: 'created' | 'paid' | 'cancelled' | 'expired' | 'refunded'; amountVnd: number; transactionId: string | null }, { status: string; amountVnd: number; transactionId: string | null }, string]> = [
    ['paid, open order', { status: 'created', amountVnd: 100, transactionId: null }, paid(100), 'pay'],
    ['amount differs', { status: 'created', amountVnd: 100, transactionId: null }, paid(99), 'amount_mismatch'],
    ['amount differs on a paid order too', { status: 'paid', amountVnd: 100, transactionId: 'T1' }, paid(101), 'amount_mismatch'],
    ['the same callback again', { status: 'paid', amountVnd: 100, transactionId: 'T1' }, paid(100), 'duplicate'],
    ['another transaction for a paid order', { status: 'paid', amountVnd: 100, transactionId: 'T1' }, paid(100, 'T2'), 'pay_late'],
    ['paid after expiry', { status: 'expired', amountVnd: 100, transactionId: null }, paid(100), 'pay_late'],
    ['cancelled, open order', { status: 'created', amountVnd: 100, transactionId: null }, { status: 'cancelled', amountVnd: 100, transactionId: null }, 'cancel'],
    ['cancelled twice', { status: 'cancelled', amountVnd: 100, transactionId: null }, { status: 'cancelled', amountVnd: 100, transactionId: null }, 'duplicate'],
    ['cancel after payment', { status: 'paid', amountVnd: 100, transactionId: 'T1' }, { status: 'cancelled', amountVnd: 100, transactionId: null }, 'ignore'],
    ['still pending', { status: 'created', amountVnd: 100, transactionId: null }, { status: 'pending', amountVnd: 100, transactionId: null }, 'ignore'],
  ];
  for (const [name, order, notice, expected] of table) {
    it(name, () => assert.equal(noticeOutcome(order, notice).kind, expected));
  }
});

describe('reconciliation', () => {
  const order = (no: string, amountVnd: number, status: ReconOrder['status'] = 'paid', transactionId: string | null = `T${no}`): ReconOrder => ({ id: `id-${no}`, orderNo: no, agencyId: 'a1', amountVnd, status, transactionId });
  it('matches, and flags a line with no order, an amount that differs, a status that differs, an order absent from the file', () => {
    const known = [order('A', 100), order('B', 200), order('C', 300, 'created', null)];
    const paidHere = [order('A', 100), order('B', 200), order('D', 400)];
    const lines = [
      { transactionId: 'TA', orderNo: 'A', amountVnd: 100, status: 'paid' },
      { transactionId: 'TB', orderNo: 'B', amountVnd: 250, status: 'paid' },
      { transactionId: 'TC', orderNo: 'C', amountVnd: 300, status: 'paid' },
      { transactionId: 'TX', orderNo: 'X', amountVnd: 50, status: 'paid' },
    ];
    const result = reconcile(lines, known, paidHere);
    assert.equal(result.matched, 1);
    assert.deepEqual(
      result.mismatches.map((m) => [m.kind, m.orderNo, m.amountVnd, m.expectedVnd]),
      [
        ['amount_differs', 'B', 250, 200],
        ['status_differs', 'C', 300, 300],
        ['no_order', 'X', 50, null],
        ['missing_at_platform', 'D', null, 400],
      ],
    );
  });

  it('parses the CSV file (BOM, a bad amount kept as unmatched)', () => {
    const lines = parseReconciliation('\ufefftransaction_id,order_id,amount,status,paid_at,bank_code\nT1,DVC1,1000,paid,2026-12-05T01:00:00.000Z,VCB\nT2,DVC2,12a,paid,,\n');
    assert.deepEqual(lines.map((l) => [l.transactionId, l.orderNo, l.amountVnd, l.bankCode]), [['T1', 'DVC1', 1000, 'VCB'], ['T2', 'DVC2', -1, null]]);
  });
});

describe('VietQR payload', () => {
  it('CRC-16/CCITT-FALSE of the standard check string is 29B1', () => {
    assert.equal(crc16('123456789'), '29B1');
  });

  it('reproduces a known-good VietQR payload byte for byte (CRC exact)', () => {
    // A dynamic transfer of 100.000 ₫ to account VQRQACLNP2680 at BIN 970422 (MB), memo "Thanh toan don hang ABC",
    // as generated by a VietQR issuer.
    const known = '00020101021238570010A000000727012700069704220113VQRQACLNP26800208QRIBFTTA530370454061000005802VN62270823Thanh toan don hang ABC6304CE4C';
    assert.equal(vietQrPayload({ bankBin: '970422', account: 'VQRQACLNP2680', amountVnd: 100_000, memo: 'Thanh toan don hang ABC' }), known);
  });

  it('checks against other issuers’ payloads (CRC of the text before it)', () => {
    for (const payload of [
      '00020101021238590010A000000727012900069704180115V3CAS62627239240208QRIBFTTA530370454063750005802VN62250821CSPZKHEL6A2 NTK O000463044729',
      '00020101021138510010A00000072701210006970407010797968680208QRIBFTTA53037045802VN62240820gen by sunary/vietqr6304BE74',
    ]) {
      assert.equal(crc16(payload.slice(0, -4)), payload.slice(-4));
    }
  });

  it('a static code without an amount; the dossier code as banks keep memos', () => {
    const payload = vietQrPayload({ bankBin: '970436', account: '0011001234567', memo: '000.00.12.G14-261205-0001' });
    assert.ok(payload.startsWith('000201010211'));
    assert.ok(!payload.includes('5406'));
    assert.ok(payload.includes('0825000 00 12 G14 261205 0001'));
    assert.equal(crc16(payload.slice(0, -4)), payload.slice(-4));
    assert.equal(transferMemo('Lệ phí hồ sơ Đ-01'), 'Le phi ho so D 01');
  });
});

describe('the protocol’s signatures', () => {
  const secret = 's'.repeat(40);
  it('signs the canonical string (keys sorted, values encoded) and verifies in constant time', () => {
    assert.equal(canonicalString({ b: '2', a: 'x&y=z', signature: 'ignored' }), 'a=x%26y%3Dz&b=2');
    const signed = signFields(secret, { orderId: 'DVC123456', amount: '1000', status: 'paid' });
    assert.ok(validSignature(secret, signed));
    assert.ok(!validSignature(secret, { ...signed, amount: '1001' }));
    assert.ok(!validSignature('t'.repeat(40), signed));
    assert.ok(!validSignature(secret, { ...signed, signature: 'zz' }));
    assert.ok(!validSignature(secret, { ...signed, extra: 'field' }));
  });

  it('reads a notice strictly', () => {
    const ok = { orderId: 'DVC123456', transactionId: 'SIM1', amount: '1000', status: 'paid', paidAt: '2026-12-05T01:00:00.000Z', bankCode: 'VCB' };
    assert.equal(noticeOf(ok)?.amountVnd, 1000);
    for (const bad of [{ ...ok, orderId: 'x' }, { ...ok, amount: '-1' }, { ...ok, amount: '1e3' }, { ...ok, status: 'done' }, { ...ok, transactionId: '' }, { ...ok, paidAt: 'yesterday' }, { ...ok, bankCode: '<b>' }]) {
      assert.equal(noticeOf(bad), null, JSON.stringify(bad));
    }
  });
});

describe('payment settings (src/config.ts)', () => {
  const base = { DATA_DIR: '/tmp/x' };
  const secret = 'k'.repeat(40);
  it('all three PAYMENT_* or none; VietQR both or none', () => {
    assert.equal(loadConfig(base).payment, null);
    assert.deepEqual(loadConfig({ ...base, PAYMENT_PLATFORM_URL: 'http://pay.example/', PAYMENT_MERCHANT_CODE: 'DVC01', PAYMENT_MERCHANT_SECRET: secret }).payment, { url: 'http://pay.example', merchantCode: 'DVC01', secret });
    const refused: Array<[Record<string, string>, string]> = [
      [{ PAYMENT_PLATFORM_URL: 'http://pay.example' }, 'PAYMENT_MERCHANT_CODE'],
      [{ PAYMENT_MERCHANT_CODE: 'DVC01', PAYMENT_MERCHANT_SECRET: secret }, 'PAYMENT_PLATFORM_URL'],
      [{ PAYMENT_PLATFORM_URL: 'http://pay.example', PAYMENT_MERCHANT_CODE: 'DVC01', PAYMENT_MERCHANT_SECRET: 'short' }, 'PAYMENT_MERCHANT_SECRET'],
      [{ PAYMENT_PLATFORM_URL: 'ftp://pay.example', PAYMENT_MERCHANT_CODE: 'DVC01', PAYMENT_MERCHANT_SECRET: secret }, 'PAYMENT_PLATFORM_URL'],
      [{ VIETQR_BANK_BIN: '9704' }, 'VIETQR_BANK_BIN'],
      [{ VIETQR_BANK_BIN: '970436', VIETQR_ACCOUNT: 'a b' }, 'VIETQR_ACCOUNT'],
      [{ PAYMENT_ORDER_TTL_MINUTES: '0' }, 'PAYMENT_ORDER_TTL_MINUTES'],
    ];
    for (const [env, variable] of refused) {
      assert.throws(() => loadConfig({ ...base, ...env }), (error: unknown) => error instanceof ConfigError && error.variable === variable, JSON.stringify(env));
    }
    assert.deepEqual(loadConfig({ ...base, VIETQR_BANK_BIN: '970436', VIETQR_ACCOUNT: '0011001234567' }).vietqr, { bankBin: '970436', account: '0011001234567', accountName: 'KHO BAC NHA NUOC' });
  });
});
