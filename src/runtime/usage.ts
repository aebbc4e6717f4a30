import type { WireUsage } from './protocol.js';

/** Cost from token counts and the provider's pricing (USD per 1K tokens), rounded to 1e-9 to drop float noise. */
export function usageWithCost(input: number, output: number, pricing: { inputPer1K: number; outputPer1K: number }): WireUsage {
  const cost = (input / 1000) * pricing.inputPer1K + (output / 1000) * pricing.outputPer1K;
  return { input_tokens: input, output_tokens: output, cost_usd: Math.round(cost * 1e9) / 1e9 };
}
