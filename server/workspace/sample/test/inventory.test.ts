import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchStock, findItem, lowStock } from '../src/inventory';

test('stock is summed across skus', async () => {
  const levels: Record<string, number> = { A1: 3, B2: 4 };
  const total = await fetchStock(async (sku) => ({ sku, available: levels[sku] ?? 0 }), ['A1', 'B2']);
  assert.equal(total, 7);
});

test('findItem', () => {
  assert.deepEqual(findItem([{ sku: 'A1', available: 1 }], 'A1'), { sku: 'A1', available: 1 });
  assert.equal(findItem([], 'A1'), undefined);
});

test('lowStock lists skus under the threshold', () => {
  assert.deepEqual(lowStock([{ sku: 'A1', available: 2 }, { sku: 'B2', available: 9 }]), ['A1']);
});
