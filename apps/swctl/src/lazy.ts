/** The libraries swctl uses (./libraries.ts), loaded on first use rather than when swctl starts. */
export const libraries = (): typeof import('./libraries') => require('./libraries') as typeof import('./libraries');
