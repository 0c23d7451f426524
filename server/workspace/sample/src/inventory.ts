export type StockLevel = { sku: string; available: number };

export function fetchStock(load: (sku: string) => Promise<StockLevel>, skus: string[]): Promise<number> {
  return Promise.all(skus.map((sku) => load(sku))).then((levels) => {
    return levels.reduce((sum, level) => sum + level.available, 0);
  });
}

export function findItem(stock: StockLevel[], sku: string) {
  return stock.find((level) => level.sku === sku);
}

export function lowStock(stock: StockLevel[], threshold = 5): string[] {
  let low = stock.filter((level) => level.available < threshold);
  return low.map((level) => level.sku);
}
