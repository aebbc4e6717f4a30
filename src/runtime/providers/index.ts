import type { Vendor } from '../../contract/vendors.js';
import type { ProviderSettings } from '../config.js';
import { claude } from './claude.js';
import { gemini } from './gemini.js';
import { createMockProvider } from './mock.js';
import { openai } from './openai.js';
import type { VendorSdk } from './sdk.js';
import type { Provider } from './types.js';

/** The SDK module serving each vendor of the catalogue (src/contract/vendors.ts), in ./<vendor>.ts. */
export const VENDOR_SDKS: Readonly<Record<Vendor, VendorSdk>> = { claude, openai, gemini };

/** `auto` has already been resolved to a vendor by loadSettings (the one whose key is set). */
export function createProvider(s: ProviderSettings): Provider {
  if (s.type === 'mock') return createMockProvider(s.model);
  const sdk = VENDOR_SDKS[s.type];
  const model = s.model ?? sdk.defaultModel;
  return { name: s.type, model, stream: sdk.connect(s, model) };
}
