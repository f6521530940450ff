import { invalidRequest } from '../../errors/api-error';
import type { HeaderReader } from '../../http/request-headers';

/**
 * The caller's Cloudflare AI Gateway options, passed on to targets served through Cloudflare
 * once validated (a bad value is a 400 naming the header, before any upstream call):
 * https://developers.cloudflare.com/ai-gateway/configuration/caching/,
 * https://developers.cloudflare.com/ai-gateway/configuration/custom-metadata/,
 * https://developers.cloudflare.com/ai-gateway/observability/logging/
 */
export function readCloudflareOptions(headers: HeaderReader): Record<string, string> | undefined {
  let options: Record<string, string> | undefined;
  for (const [name, check] of CHECKS) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    const problem = check(value);
    if (problem) throw invalidRequest(`${name}: ${problem}`, 'invalid_header', name);
    options ??= {};
    options[name] = value;
  }
  return options;
}

const MIN_TTL = 60;
const MAX_TTL = 2_592_000; // 30 days
const MAX_METADATA_ENTRIES = 5;
const MAX_METADATA_CHARS = 1024;

const bool = (value: string) =>
  value === 'true' || value === 'false' ? undefined : 'expected true or false.';

const CHECKS: readonly [string, (value: string) => string | undefined][] = [
  [
    'cf-aig-cache-ttl',
    (value) =>
      /^[0-9]{1,7}$/.test(value) && Number(value) >= MIN_TTL && Number(value) <= MAX_TTL
        ? undefined
        : `expected whole seconds from ${MIN_TTL} to ${MAX_TTL}.`,
  ],
  ['cf-aig-skip-cache', bool],
  [
    'cf-aig-cache-key',
    (value) =>
      /^[\x21-\x7e]{1,256}$/.test(value) ? undefined : 'expected 1–256 printable ASCII characters.',
  ],
  ['cf-aig-metadata', metadataProblem],
  ['cf-aig-collect-log', bool],
];

function metadataProblem(value: string): string | undefined {
  const expected = `expected a flat JSON object of at most ${MAX_METADATA_ENTRIES} string, number or boolean values.`;
  if (value.length > MAX_METADATA_CHARS) return `must be at most ${MAX_METADATA_CHARS} characters.`;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return expected;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return expected;
  const values = Object.values(json);
  if (values.length > MAX_METADATA_ENTRIES) return expected;
  return values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
    ? undefined
    : expected;
}
