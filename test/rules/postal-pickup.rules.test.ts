// The paper dossier picked up by the post and what a tracking event does to the dossier (pure, table-driven):
// which dossiers may ask for a pickup (once per dossier, again only after a failed one), and the effects of a
// delivered or failed shipment of either kind (the applicant told, a failed result back to the counter, the paper
// marked as arrived — nothing for a closed dossier).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decidePickup, trackingEffects, type ShipmentStatus } from '../../src/modules/postal/postal.rules.ts';

describe('decidePickup: which dossiers may ask the post to pick up the paper', () => {
  const cases: Array<[string, number | null, number | null, ShipmentStatus[], string]> = [
    // label, status, channel, earlier pickups → decision
    ['newly submitted online, first request', 1, 2, [], 'allowed:1'],
    ['received, being processed', 2, 2, [], 'allowed:1'],
    ['in process', 4, 2, [], 'allowed:1'],
    ['waiting for a supplement', 5, 2, [], 'allowed:1'],
    ['waiting for fees', 6, 2, [], 'allowed:1'],
    ['after a failed pickup', 4, 2, ['failed'], 'allowed:2'],
    ['after two failed pickups', 1, 2, ['failed', 'failed'], 'allowed:3'],
    ['a draft', null, 2, [], 'closed'],
    ['refused', 3, 2, [], 'closed'],
    ['withdrawn', 7, 2, [], 'closed'],
    ['stopped', 8, 2, [], 'closed'],
    ['result ready', 9, 2, [], 'closed'],
    ['returned', 10, 2, [], 'closed'],
    ['registered at the counter', 2, 1, [], 'notOnline'],
    ['received by post', 1, 3, [], 'notOnline'],
    ['a pickup just created', 1, 2, ['created'], 'pending'],
    ['a pickup accepted by the post office', 2, 2, ['accepted'], 'pending'],
    ['a pickup in transit after a failed one', 2, 2, ['failed', 'in_transit'], 'pending'],
    ['the paper has arrived', 4, 2, ['delivered'], 'arrived'],
    ['arrived after a failed one', 4, 2, ['failed', 'delivered'], 'arrived'],
    ['closed wins over pending', 7, 2, ['in_transit'], 'closed'],
  ];
  for (const [label, status, channel, pickups, expected] of cases) {
    it(`${label} → ${expected}`, () => {
      const d = decidePickup({ status, channel }, pickups.map((s) => ({ status: s })));
      assert.equal(d.allowed ? `allowed:${d.attempt}` : d.why, expected);
    });
  }
});

describe('trackingEffects: what an applied tracking event does beyond the shipment', () => {
  type Case = [string, 'dossier' | 'result', ShipmentStatus, number | null, string | null, string];
  const cases: Case[] = [
    // label, kind, new status, dossier status, return method → notify/backToCounter/paperArrived
    ['result delivered', 'result', 'delivered', 10, 'post', 'delivered/-/-'],
    ['result failed while returned by post', 'result', 'failed', 10, 'post', 'failed/back/-'],
    ['result failed, already handed over at the counter', 'result', 'failed', 10, 'counter', 'failed/-/-'],
    ['result failed, dossier already back at 9', 'result', 'failed', 9, null, 'failed/-/-'],
    ['result accepted', 'result', 'accepted', 10, 'post', '-/-/-'],
    ['result in transit', 'result', 'in_transit', 10, 'post', '-/-/-'],
    ['pickup delivered, dossier being processed', 'dossier', 'delivered', 4, null, 'delivered/-/arrived'],
    ['pickup delivered, newly submitted', 'dossier', 'delivered', 1, null, 'delivered/-/arrived'],
    ['pickup failed', 'dossier', 'failed', 2, null, 'failed/-/-'],
    ['pickup in transit', 'dossier', 'in_transit', 2, null, '-/-/-'],
    ['pickup delivered, dossier withdrawn meanwhile', 'dossier', 'delivered', 7, null, '-/-/-'],
    ['pickup failed, dossier refused meanwhile', 'dossier', 'failed', 3, null, '-/-/-'],
    ['pickup delivered, result already returned', 'dossier', 'delivered', 10, 'counter', '-/-/-'],
  ];
  for (const [label, kind, status, dossierStatus, returnMethod, expected] of cases) {
    it(`${label} → ${expected}`, () => {
      const e = trackingEffects({ kind, status }, { status: dossierStatus, returnMethod });
      assert.equal(`${e.notify ?? '-'}/${e.backToCounter ? 'back' : '-'}/${e.paperArrived ? 'arrived' : '-'}`, expected);
    });
  }
});
