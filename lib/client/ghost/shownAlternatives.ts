// Alternatives ×N put several ghosts of one person on the same range; the editor shows one of them
// at a time and the keys act on that one. This keeps, per group, which alternative is shown: the
// first by default, the next one when the shown one goes away, another when the person flips
// (Alt+] / Alt+[). Pure bookkeeping over turn infos, no I/O.
import type { FastTurnInfo } from '../../protocol';

export class ShownAlternatives {
  /** group → the shown alternative's request id. */
  private readonly shown = new Map<string, string>();

  /** True for a turn that is not an alternative, or is its group's shown one. */
  isShown(info: FastTurnInfo): boolean {
    const alt = info.alternative;
    return !alt || this.shown.get(alt.group) === info.requestId;
  }

  /** A new turn: the first alternative of a group to arrive is shown until the first one (index 0) does. */
  added(info: FastTurnInfo): void {
    const alt = info.alternative;
    if (alt && (alt.index === 0 || !this.shown.has(alt.group))) this.shown.set(alt.group, info.requestId);
  }

  /**
   * A turn went away; when it was the shown one, the lowest-numbered remaining member is shown.
   * Returns the newly shown member's request id, if one was chosen.
   */
  removed(info: FastTurnInfo, remaining: FastTurnInfo[]): string | null {
    const alt = info.alternative;
    if (!alt || this.shown.get(alt.group) !== info.requestId) return null;
    const next = sortByIndex(remaining.filter((t) => t.alternative?.group === alt.group))[0];
    if (!next) {
      this.shown.delete(alt.group);
      return null;
    }
    this.shown.set(alt.group, next.requestId);
    return next.requestId;
  }

  /** Shows the member `step` places after (or before) the shown one, wrapping around; returns it. */
  flip(members: FastTurnInfo[], step: 1 | -1): string | null {
    const sorted = sortByIndex(members);
    const group = sorted[0]?.alternative?.group;
    if (!group || sorted.length < 2) return null;
    const at = Math.max(
      0,
      sorted.findIndex((t) => t.requestId === this.shown.get(group)),
    );
    const next = sorted[(at + step + sorted.length) % sorted.length];
    this.shown.set(group, next.requestId);
    return next.requestId;
  }
}

/** A turn and, when it is one of several alternatives, the others of its group (same asker), by index. */
export function alternativeGroup<T extends { info: FastTurnInfo }>(turns: Iterable<T>, turn: T): T[] {
  const group = turn.info.alternative?.group;
  if (!group) return [turn];
  const members = [...turns].filter(
    (t) => t.info.alternative?.group === group && t.info.byClient === turn.info.byClient,
  );
  return members.sort((a, b) => a.info.alternative!.index - b.info.alternative!.index);
}

/** The turns a new one replaces: the same asker's on the same file, except its own group's alternatives. */
export function replacedBy<T extends { info: FastTurnInfo }>(turns: Iterable<T>, info: FastTurnInfo): T[] {
  const group = info.alternative?.group;
  return [...turns].filter(
    (t) =>
      t.info.path === info.path && t.info.byClient === info.byClient && (!group || t.info.alternative?.group !== group),
  );
}

function sortByIndex(turns: FastTurnInfo[]): FastTurnInfo[] {
  return [...turns].sort((a, b) => (a.alternative?.index ?? 0) - (b.alternative?.index ?? 0));
}
