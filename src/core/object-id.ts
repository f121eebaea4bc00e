/** Git's object ids, computed as git computes them (SHA-1 object format): no I/O. */
import { createHash } from 'node:crypto';

/** The id git gives an object of `type` (blob, tree, commit) with these bytes. */
export function objectId(type: string, body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

/** The git blob id of a text or of bytes. */
export function blobId(content: string | Uint8Array): string {
  return objectId('blob', typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
}
