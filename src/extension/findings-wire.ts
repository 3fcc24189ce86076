/**
 * Findings across the engine worker's boundary. An analysis gives again the finding objects of what an edit did not
 * change (the engine keeps the finding a draft makes), so the worker sends each finding once, under a number, and
 * after that only the numbers in order: a re-scan of a large workspace copies what changed, not every finding again.
 *
 * A finding crosses without its fixes, which follow in a message of their own: the engine computes fixes when first
 * read, and those of every finding of a large file that an edit re-analysed take longer than the analysis, so the
 * editor shows the diagnostics first. Whoever reads fixes waits for them (`EngineClient.fixesSettled`).
 */
import type { Finding, Fix } from '../engine/model/finding';

/** A finding as it crosses: all of it but its fixes. */
export type WireFinding = Omit<Finding, 'fixes'>;

/** One analysis's findings as sent: those not sent before, and the numbers of all, in the analysis's order. */
export interface WireFindings {
  readonly added: readonly { readonly n: number; readonly finding: WireFinding }[];
  readonly order: readonly number[];
}

/** The fixes of findings sent before, by number. */
export type WireFixes = readonly { readonly n: number; readonly fixes: readonly Fix[] }[];

/**
 * Numbers are unique among all a worker sends, so that a scope whose sender starts again (its last reply could not be
 * sent) never reuses a number the receiver still holds.
 */
let nextNumber = 1;

const NO_FIXES: readonly Fix[] = [];

/** The worker's side, one per scope: which findings the extension holds, by the number it knows each by. */
export class FindingsSender {
  private sent = new Map<Finding, number>();
  /** The findings the last `send` added, whose fixes are still to be sent. */
  private unfixed: { n: number; finding: Finding }[] = [];

  send(findings: readonly Finding[]): WireFindings {
    const now = new Map<Finding, number>();
    const added: { n: number; finding: Finding }[] = [];
    const order = findings.map((finding) => {
      let n = this.sent.get(finding) ?? now.get(finding);
      if (n === undefined) added.push({ n: (n = nextNumber++), finding });
      now.set(finding, n);
      return n;
    });
    this.sent = now;
    this.unfixed = added;
    return { added: added.map(({ n, finding }) => ({ n, finding: withoutFixes(finding) })), order };
  }

  /** The fixes of the findings the last `send` added (computed here), once. */
  fixes(): WireFixes {
    const out = this.unfixed.map(({ n, finding }) => ({ n, fixes: fixesOf(finding) }));
    this.unfixed = [];
    return out;
  }
}

/** A finding's fixes; none where computing them fails, which must not lose the findings' other fixes. */
function fixesOf(f: Finding): readonly Fix[] {
  try {
    return f.fixes;
  } catch {
    return NO_FIXES;
  }
}

/** A copy that leaves the fixes unread: the engine's findings compute them when first read. */
function withoutFixes(f: Finding): WireFinding {
  const { ruleId, severity, message, span, related, resources, logicalLocation, suppression } = f;
  return { ruleId, severity, message, span, related, resources, ...(logicalLocation !== undefined ? { logicalLocation } : {}), ...(suppression ? { suppression } : {}) };
}

/** A finding on the extension's side: its fixes are set when they arrive. */
type HeldFinding = { -readonly [K in keyof Finding]: Finding[K] };

/** The extension's side, one per scope: the findings received so far, by number. */
export class FindingsReceiver {
  private known = new Map<number, HeldFinding>();
  /** Fixes that arrived for findings not received yet, or received and dropped since. */
  private early = new Map<number, readonly Fix[]>();

  receive(wire: WireFindings): Finding[] {
    for (const { n, finding } of wire.added) {
      const fixes = this.early.get(n);
      this.early.delete(n);
      this.known.set(n, { ...finding, fixes: fixes ?? NO_FIXES });
    }
    const findings = wire.order.map((n) => {
      const finding = this.known.get(n);
      if (!finding) throw new Error(`the engine referred to finding ${n}, which it never sent`);
      return finding;
    });
    this.known = new Map(wire.order.map((n, i) => [n, findings[i]]));
    // The worker sends an analysis's fixes before it handles anything else: none still to come is for earlier findings.
    this.early.clear();
    return findings;
  }

  /** Sets the fixes of findings received (or about to be). */
  receiveFixes(fixes: WireFixes): void {
    for (const { n, fixes: list } of fixes) {
      const finding = this.known.get(n);
      if (finding) finding.fixes = list;
      else this.early.set(n, list);
    }
  }
}
