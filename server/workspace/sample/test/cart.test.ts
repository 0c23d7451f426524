import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDiscount, cartTotal, lineTotal, receipt } from '../src/cart';
import { formatPrice, pluralize } from '../src/format';

const items = [
  { sku: 'A1', name: 'Coffee', unitPrice: 450, quantity: 2 },
  { sku: 'B2', name: 'Bagel', unitPrice: 275, quantity: 1 },
];

test('line and cart totals', () => {
  assert.equal(lineTotal(items[0]), 900);
  assert.equal(cartTotal(items), 1175);
});

test('discounts are bounded', () => {
  assert.equal(applyDiscount(1000, 10), 900);
  assert.throws(() => applyDiscount(1000, 120), RangeError);
});

test('formatting', () => {
  assert.equal(formatPrice(1175), '$11.75');
  assert.equal(formatPrice(-5), '-$0.05');
  assert.equal(pluralize(1, 'item'), '1 item');
  assert.equal(pluralize(3, 'item'), '3 items');
  assert.match(receipt(items), /Total: \$11\.75$/);
});
