// Moved to src/crds/ (the CLI's `omnia validate` and render use it too).
export * from '../../../src/crds/cel.js';
