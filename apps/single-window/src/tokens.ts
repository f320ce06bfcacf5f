/** Injection tokens of the server (a module of its own, so providers can import it without cycles). */
export const LOGGER = Symbol('LOGGER');
export const JWT_SECRET = Symbol('JWT_SECRET');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
