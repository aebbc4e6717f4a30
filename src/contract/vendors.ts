import type { ProviderType } from '../types/generated/common.js';

// The LLM vendors, stated once. The hooks name the runtime's API-key variable
// and check a Provider's Secret with it, the runtime reads its key and picks
// its SDK with it, and vendor messages are scrubbed of keys with it.
// The two provider types that are not a vendor:
//  - `auto`: the AgentRuntime hook writes ONE vendor's key variable, named by
//    secretRef.key, else the model name, else the one vendor key the Secret
//    holds; the runtime takes the first vendor whose variable is set.
//  - `mock`: no key and no SDK (src/runtime/providers/mock.ts).
// A new vendor: its value in schemas/common.schema.json (ProviderType), its
// entry here, and its SDK file src/runtime/providers/<vendor>.ts (listed in
// that folder's index.ts; the compiler asks for both).

export type { ProviderType };

/** The provider types that are one vendor: `auto` picks one of them, `mock` is none. */
export type Vendor = Exclude<ProviderType, 'auto' | 'mock'>;

export interface VendorEntry {
  /** The env variable the runtime reads the API key from; also the Secret key read when secretRef.key is absent. */
  apiKeyEnv: string;
  /** Names of the vendor in a Provider's model allow-list (`anthropic/*`), the type first. */
  aliases: readonly string[];
  /** The vendor's model names (after any `<vendor>/` prefix), for `auto` to tell the vendor from the model. */
  models: RegExp;
  /** How the vendor's API keys begin: text that starts so is scrubbed from vendor messages. */
  keyPrefixes: readonly string[];
  /**
   * What the vendor's SDK expects after the host in its base URL (OpenAI's ends
   * in /v1; Anthropic's and Gemini's SDKs add their version path themselves).
   * An AiGateway's URL gets it appended, so requests arrive at the gateway on
   * the vendor's own paths (/v1/chat/completions, /v1/messages, /v1beta/models/…).
   */
  basePath: string;
}

/** In `auto`'s order: the runtime takes the first vendor whose API-key variable is set. */
export const VENDORS: Readonly<Record<Vendor, VendorEntry>> = {
  claude: { apiKeyEnv: 'ANTHROPIC_API_KEY', aliases: ['claude', 'anthropic'], models: /^claude/, keyPrefixes: ['sk-ant'], basePath: '' },
  openai: { apiKeyEnv: 'OPENAI_API_KEY', aliases: ['openai'], models: /^(gpt|o\d|chatgpt)/, keyPrefixes: ['sk', 'sk-proj'], basePath: '/v1' },
  gemini: { apiKeyEnv: 'GEMINI_API_KEY', aliases: ['gemini', 'google'], models: /^gemini/, keyPrefixes: ['AIza'], basePath: '' },
};

export const VENDOR_TYPES = Object.keys(VENDORS) as Vendor[];

/** Every provider type, in the order messages list them. */
export const PROVIDER_TYPES: readonly ProviderType[] = [...VENDOR_TYPES, 'auto', 'mock'];

/** Every vendor's API-key variable, in `auto`'s order. */
export const API_KEY_ENVS: readonly string[] = VENDOR_TYPES.map((v) => VENDORS[v].apiKeyEnv);

/**
 * Allow-list names per provider type: `auto` has none (its vendor is not known
 * when the list is checked), `mock` answers to `mock/<model>`.
 */
export const MODEL_ALIASES: Readonly<Record<ProviderType, readonly string[]>> = {
  ...(Object.fromEntries(VENDOR_TYPES.map((v) => [v, VENDORS[v].aliases])) as Record<Vendor, readonly string[]>),
  auto: [],
  mock: ['mock'],
};

/** Anything that looks like one of the vendors' API keys. */
export const KEY_PATTERN = new RegExp(`\\b(${VENDOR_TYPES.flatMap((v) => VENDORS[v].keyPrefixes).join('|')})[-_A-Za-z0-9]{8,}`, 'g');

export function isProviderType(value: string | undefined): value is ProviderType {
  return (PROVIDER_TYPES as readonly (string | undefined)[]).includes(value);
}

/** The vendor a model name belongs to, by its name (`claude-…`, `models/gemini-…`, `gpt-…`). */
export function vendorOfModel(model: string | undefined): Vendor | undefined {
  const m = (model ?? '').toLowerCase().replace(/^[a-z]+\//, '');
  return VENDOR_TYPES.find((v) => VENDORS[v].models.test(m));
}
