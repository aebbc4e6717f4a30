// Placeholder until the facade lands.
console.error('facade: not built yet');
process.exit(1);
