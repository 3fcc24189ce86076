/**
 * Findings across the engine worker's boundary. An analysis gives again the finding objects of what an edit did not
 * change (the engine keeps the finding a draft makes), so the worker sends each finding once, under a number, and
 * after that only the numbers in order: a re-scan of a large workspace copies what changed, not every finding again
 * (a structured clone also reads, and so computes, the lazy fixes of each finding it copies).
 */
import type { Finding } from '../engine/model/finding';

/** One analysis's findings as sent: those not sent before, and the numbers of all, in the analysis's order. */
export interface WireFindings {
  readonly added: readonly { readonly n: number; readonly finding: Finding }[];
  readonly order: readonly number[];
}

/**
 * Numbers are unique among all a worker sends, so that a scope whose sender starts again (its last reply could not be
 * sent) never reuses a number the receiver still holds.
 */
let nextNumber = 1;

/** The worker's side, one per scope: which findings the extension holds, by the number it knows each by. */
export class FindingsSender {
  private sent = new Map<Finding, number>();

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
    return { added, order };
  }
}

/** The extension's side, one per scope: the findings received so far, by number. */
export class FindingsReceiver {
  private known = new Map<number, Finding>();

  receive(wire: WireFindings): Finding[] {
    for (const { n, finding } of wire.added) this.known.set(n, finding);
    const findings = wire.order.map((n) => {
      const finding = this.known.get(n);
      if (!finding) throw new Error(`the engine referred to finding ${n}, which it never sent`);
      return finding;
    });
    this.known = new Map(wire.order.map((n, i) => [n, findings[i]]));
    return findings;
  }
}
