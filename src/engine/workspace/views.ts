/**
 * Which analyses' views of the files are still needed, and for which files.
 *
 * A unit's evaluation and its rules' drafts keep the view of the files they were made with (for values and fixes
 * computed later), and a unit is reused at the analyses that follow as long as its inputs stay the same: a view is
 * held by the units evaluated or checked at its analysis until each is evaluated or checked again. A view keeps only
 * what its holders read, their inputs, and each time it loses a holder it lets go of the files only that one read.
 * Without this, one view of every document of the workspace would stay for as long as any unit of its analysis stayed
 * unchanged: after a full scan, every file edited since would be held twice. An evaluation that reuses parts of the
 * one before (Terraform's) must not hold a view through them, since the unit's earlier result is let go.
 *
 * The work is in proportion to what changed: a count of holders per file and view, and a view trimmed once in full.
 */

/** A view of the files that can let go of all but some of them (see `Workspace.filesOf`). */
export interface TrimmableView {
  /**
   * Keeps only the files of `keep`; a view trimmed before need only let go of `dropped`, those no longer kept since
   * its last trim.
   */
  trim(keep: ReadonlyMap<string, number>, dropped: readonly string[]): void;
}

export class HeldViews<H extends { readonly inputs: readonly string[] }> {
  /** For each view still held, how many of its holders read each file. */
  private readonly reads = new Map<TrimmableView, Map<string, number>>();
  private readonly held = new Map<H, readonly TrimmableView[]>();
  /** The views to trim, new or having lost a holder since they were last trimmed, with the files no longer read. */
  private readonly pending = new Map<TrimmableView, string[]>();

  /** The view of a new analysis, to be trimmed to what its holders read once the analysis is over. */
  add(view: TrimmableView): void {
    this.reads.set(view, new Map());
    this.pending.set(view, []);
  }

  /** Says which views a holder keeps now: its evaluation's and its rule runs'. */
  hold(holder: H, views: readonly TrimmableView[]): void {
    const before = this.held.get(holder) ?? [];
    for (const view of before) {
      const reads = this.reads.get(view);
      if (views.includes(view) || !reads) continue;
      let dropped = this.pending.get(view);
      if (!dropped) this.pending.set(view, (dropped = []));
      for (const uri of holder.inputs) {
        const n = (reads.get(uri) ?? 1) - 1;
        if (n) reads.set(uri, n);
        else if (reads.delete(uri)) dropped.push(uri);
      }
    }
    for (const view of views) {
      const reads = this.reads.get(view);
      if (before.includes(view) || !reads) continue;
      for (const uri of holder.inputs) reads.set(uri, (reads.get(uri) ?? 0) + 1);
    }
    if (views.length) this.held.set(holder, views);
    else this.held.delete(holder);
  }

  /** A holder is gone: its unit was evaluated again, or is no longer in the workspace. */
  release(holder: H): void {
    this.hold(holder, []);
  }

  /** Trims each view that is new or lost a holder to what its holders read; a view no one holds lets go of everything. */
  trim(): void {
    for (const [view, dropped] of this.pending) {
      const reads = this.reads.get(view)!;
      view.trim(reads, dropped);
      if (!reads.size) this.reads.delete(view);
    }
    this.pending.clear();
  }
}
