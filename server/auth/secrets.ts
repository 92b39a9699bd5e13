/** Random secrets (session ids, API tokens, set-up links) and how they are stored: SHA-256, never the secret. */
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe; `prefix` marks what kind of secret it is (e.g. dkt_ for API tokens). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** A high-entropy secret needs no slow KDF: SHA-256 is enough to make a stolen table useless. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const TOKEN_PREFIX = 'dkt_';
