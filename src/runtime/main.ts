// Placeholder until the runtime lands.
console.error('runtime: not built yet');
process.exit(1);
