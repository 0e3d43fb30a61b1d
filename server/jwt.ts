/** The claims of the JWT a site trades for a Coze access token. */
export interface CozeJwtClaims {
  /** The OAuth app's id. */
  iss: string;
  /** Coze's API host: `api.coze.cn` or `api.coze.com`. */
  aud: string;
  iat: number;
  exp: number;
  /** A fresh random value: Coze takes each JWT once. */
  jti: string;
  /** The site's user: isolates conversations per user. */
  session_name?: string;
}

/** A private key as a site may hold it: PKCS #8 PEM text (what Coze's console downloads), a WebCrypto key, or a `node:crypto` KeyObject. */
export type PrivateKeyInput =
  string | CryptoKey | { type: string; export(options: { type: 'pkcs8'; format: 'pem' }): string | Uint8Array<ArrayBuffer> };

/** A signing key of the OAuth app: `keyId` is the public key's fingerprint as Coze lists it (the JWT's `kid`). */
export interface SigningKey {
  keyId: string;
  privateKey: PrivateKeyInput;
}

/** How long a JWT may be traded: it is traded at once, so a few minutes is plenty. */
export const JWT_LIFETIME_SECONDS = 300;
/** `iat` is set this far back, so a server clock running a little fast does not make Coze see a JWT from the future. */
export const CLOCK_SKEW_SECONDS = 30;
/** Shorter RSA keys are refused at start-up. */
export const MIN_MODULUS_BITS = 2048;

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Bytes or text as base64url. */
export function base64url(value: string | Uint8Array<ArrayBuffer>): string {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The claims for one trade, stamped now (less the clock skew), with a fresh `jti`.
 * @param sessionName  the site's user, when the token is for one
 */
export function freshClaims(
  appId: string,
  audience: string,
  sessionName?: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): CozeJwtClaims {
  const iat = nowSeconds - CLOCK_SKEW_SECONDS;
  return {
    iss: appId,
    aud: audience,
    iat,
    exp: iat + JWT_LIFETIME_SECONDS,
    jti: crypto.randomUUID(),
    ...(sessionName === undefined ? {} : { session_name: sessionName }),
  };
}

/** A JWT signed with RS256 (RSASSA-PKCS1-v1_5 over SHA-256), `kid` naming the app's public key. */
export async function signJwt(claims: CozeJwtClaims, keyId: string, privateKey: CryptoKey): Promise<string> {
  const signed = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: keyId }))}.${base64url(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign(RS256, privateKey, new TextEncoder().encode(signed));
  return `${signed}.${base64url(new Uint8Array(signature))}`;
}

/** The DER bytes of a PEM block labelled `label`, or undefined when the text holds none. */
function pemBody(pem: string, label: string): Uint8Array<ArrayBuffer> | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!match) return undefined;
  const binary = atob(match[1].replace(/\s+/g, ''));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** A key the handlers sign with, and the bytes a cookie secret may be derived from (none for a given CryptoKey). */
export interface ImportedKey {
  keyId: string;
  key: CryptoKey;
  material?: Uint8Array<ArrayBuffer>;
}

/**
 * An RS256 signing key from what the site holds. Refuses anything else, and keys under 2048 bits,
 * when the handler is made: a wrong key fails at start-up rather than at a visitor's first question.
 * Errors never quote the key. The PEM text is not kept: only a non-extractable key.
 */
export async function importSigningKey({ keyId, privateKey }: SigningKey): Promise<ImportedKey> {
  if (!keyId) throw new TypeError('Each key needs its keyId (the public key fingerprint Coze lists).');
  let key: CryptoKey;
  let material: Uint8Array<ArrayBuffer> | undefined;
  if (typeof privateKey === 'object' && 'algorithm' in privateKey && 'usages' in privateKey) {
    key = privateKey;
  } else {
    const pem = typeof privateKey === 'string' ? privateKey : exportPem(privateKey);
    if (/-----BEGIN RSA PRIVATE KEY-----/.test(pem)) {
      throw new TypeError('privateKey is PKCS #1 ("BEGIN RSA PRIVATE KEY"): convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`.');
    }
    material = pemBody(pem, 'PRIVATE KEY');
    if (!material) throw new TypeError("privateKey cannot be read: give the OAuth app's private key as PKCS #8 PEM text.");
    try {
      key = await crypto.subtle.importKey('pkcs8', material, RS256, false, ['sign']);
    } catch {
      throw new TypeError('privateKey must be an RSA private key (Coze signs with RS256).');
    }
  }
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  if (key.type !== 'private' || algorithm.name !== RS256.name) throw new TypeError('privateKey must be an RSA private key for RS256.');
  if ((algorithm.modulusLength ?? 0) < MIN_MODULUS_BITS) {
    throw new TypeError(`privateKey is ${algorithm.modulusLength} bits: Coze's keys, and ours, are at least ${MIN_MODULUS_BITS}.`);
  }
  return { keyId, key, material };
}

/** A `node:crypto` KeyObject's PKCS #8 PEM, read without importing `node:crypto`. */
function exportPem(key: Exclude<PrivateKeyInput, string | CryptoKey>): string {
  try {
    const pem = key.export({ type: 'pkcs8', format: 'pem' });
    return typeof pem === 'string' ? pem : new TextDecoder().decode(pem);
  } catch {
    throw new TypeError("privateKey cannot be read: give the OAuth app's private key as PKCS #8 PEM text.");
  }
}
