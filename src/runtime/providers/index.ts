import type { ProviderSettings } from '../config.js';
import { createAnthropicProvider } from './anthropic.js';
import { createGeminiProvider } from './gemini.js';
import { createMockProvider } from './mock.js';
import { createOpenAIProvider } from './openai.js';
import type { Provider } from './types.js';

/** `auto` has already been resolved to a vendor by loadSettings (the one whose key is set). */
export function createProvider(s: ProviderSettings): Provider {
  switch (s.type) {
    case 'claude':
      return createAnthropicProvider(s);
    case 'openai':
      return createOpenAIProvider(s);
    case 'gemini':
      return createGeminiProvider(s);
    case 'mock':
      return createMockProvider(s.model);
  }
}
