// Stands in for the 'server-only' guard outside Next's server build (Vitest).
export {};
