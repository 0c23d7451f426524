import { formatPrice } from './format';

export type LineItem = {
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
};

export function lineTotal(item: LineItem): number {
  return item.unitPrice * item.quantity;
}

export function cartTotal(items: LineItem[]): number {
  let total = 0;
  for (const item of items) {
    total += lineTotal(item);
  }
  return total;
}

export function applyDiscount(total: number, percent: number): number {
  if (percent < 0 || percent > 100) {
    throw new RangeError(`discount must be between 0 and 100, got ${percent}`);
  }
  return Math.round(total * (100 - percent)) / 100;
}

export function receipt(items: LineItem[], discountPercent = 0): string {
  const lines = items.map((item) => `${item.quantity} x ${item.name}: ${formatPrice(lineTotal(item))}`);
  const total = applyDiscount(cartTotal(items), discountPercent);
  lines.push(`Total: ${formatPrice(total)}`);
  return lines.join('\n');
}
