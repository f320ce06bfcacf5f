/** What the console knows of the signed-in user: the token's claims (the server checks them; this only picks the pages). */
export interface Claims { sub?: string; role: 'enterprise' | 'broker' | 'officer' | 'port-operator' | 'port-authority' | 'gate' | 'auditor' | 'issuer' | 'bank' | 'port-authority'; uscc?: string; agency?: 'customs' | 'inspection' | 'border'; authority?: string; bank?: string; exp?: number }

const KEY = 'sw.token';
const listeners = new Set<() => void>();

/** The JWT's payload, decoded without verifying it (the server verifies every call). */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = decodeURIComponent(Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims.role === 'string' ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The token lives in sessionStorage (this tab only, gone when it closes) and travels only in
 * the Authorization header: never in a URL, where logs and history would keep it.
 */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  claims(): Claims | null {
    const token = this.token();
    return token ? decodeClaims(token) : null;
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token);
    listeners.forEach((l) => l());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  /** A 401: the token expired or the server's secret changed. */
  expired(): void {
    if (this.token()) this.signOut();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
