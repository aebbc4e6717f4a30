import type { WireUsage } from '../contract/runtime-wire.js';

/** Cost from token counts and the provider's pricing (USD per 1K tokens), rounded to 1e-9 to drop float noise. */
export function usageWithCost(input: number, output: number, pricing: { inputPer1K: number; outputPer1K: number }): WireUsage {
  const cost = (input / 1000) * pricing.inputPer1K + (output / 1000) * pricing.outputPer1K;
  return { input_tokens: input, output_tokens: output, cost_usd: Math.round(cost * 1e9) / 1e9 };
}

/** Usage of the model calls that completed, with the model and provider, as a success reports it. */
export interface Spend {
  usage: WireUsage;
  model: string;
  provider: string;
}

/**
 * The tokens of one turn or invocation. A model call counts once its stream
 * has ended: a call that fails part-way has no reliable token count, so a
 * failure reports what the completed calls cost (they were paid for), and
 * nothing — not zero — when none completed.
 */
export class SpendTracker {
  private input = 0;
  private output = 0;
  private completed = 0;

  constructor(
    private readonly pricing: { inputPer1K: number; outputPer1K: number },
    private readonly model: string,
    private readonly provider: string,
  ) {}

  /** One model call whose stream ended, with the tokens it reported. */
  addCall(input: number, output: number): void {
    this.input += input;
    this.output += output;
    this.completed++;
  }

  usage(): WireUsage {
    return usageWithCost(this.input, this.output, this.pricing);
  }

  /** What a failure reports: undefined until a model call completed. */
  soFar(): Spend | undefined {
    return this.completed === 0 ? undefined : { usage: this.usage(), model: this.model, provider: this.provider };
  }
}
