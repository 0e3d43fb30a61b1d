import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';

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

/** How long a JWT may be traded: it is traded at once, so a few minutes is plenty. */
export const JWT_LIFETIME_SECONDS = 300;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The claims for one trade, stamped now, with a fresh `jti`.
 * @param sessionName  the site's user, when the token is for one
 */
export function freshClaims(appId: string, audience: string, sessionName?: string, nowSeconds = Math.floor(Date.now() / 1000)): CozeJwtClaims {
  return {
    iss: appId,
    aud: audience,
    iat: nowSeconds,
    exp: nowSeconds + JWT_LIFETIME_SECONDS,
    jti: randomUUID(),
    ...(sessionName === undefined ? {} : { session_name: sessionName }),
  };
}

/** A JWT signed with RS256 (RSASSA-PKCS1-v1_5 over SHA-256), `kid` naming the app's public key. */
export function signJwt(claims: CozeJwtClaims, keyId: string, privateKey: KeyObject): string {
  const signed = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: keyId }))}.${base64url(JSON.stringify(claims))}`;
  return `${signed}.${base64url(sign('sha256', Buffer.from(signed), privateKey))}`;
}

/**
 * An RSA private key from PEM text or a key object. Refuses anything else when the handler is made,
 * so a wrong key fails at start-up rather than at a visitor's first question. The error never
 * quotes the key.
 */
export function rsaPrivateKey(key: string | KeyObject): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch {
    throw new TypeError('privateKey cannot be read: give the OAuth app\'s private key as PEM text or a KeyObject.');
  }
  if (object.type !== 'private' || object.asymmetricKeyType !== 'rsa') {
    throw new TypeError('privateKey must be an RSA private key (Coze signs with RS256).');
  }
  return object;
}
