import type { KindHooks } from '../types.js';

// Placeholder until the promptpack controller lands: a kind with no hooks answers 404.
export const hooks: KindHooks = {};
