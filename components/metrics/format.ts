// One way to print a measured figure (the HUD and the dashboard show the same numbers): one
// decimal below 10, whole numbers above, a dash when there is none.
export function formatFigure(v: number | null | undefined, unit: string): string {
  return v === null || v === undefined ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v)}${unit}`;
}
