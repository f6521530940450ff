import type { ServerResponse } from 'node:http';
import { sendJson } from './http-response.js';

/**
 * Cloudflare's own error envelope, e.g. a 401 from an authenticated gateway:
 * `{"success":false,"result":[],"messages":[],"error":[{"code":2009,"message":"Unauthorized"}]}`
 * (https://developers.cloudflare.com/ai-gateway/configuration/authentication/).
 */
export function sendCloudflareError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  sendJson(res, status, { success: false, result: [], messages: [], error: [{ code, message }] });
}
