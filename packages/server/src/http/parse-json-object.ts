import { type JsonTextScan, MAX_JSON_DEPTH, scanJsonText } from '@stereos/core';
import { invalidRequest } from '../errors/api-error';

/**
 * Parses a request body that must be a JSON object, for every JSON route: 400 `invalid_json`
 * (the message points at `docsUrl`, the endpoint's reference) or `json_too_deep`. Bodies nesting
 * deeper than `MAX_JSON_DEPTH` are refused: `JSON.parse` takes them, but writing them back
 * (re-serialising, translating) would overflow the stack. Returns the scan too (duplicate keys).
 */
export function parseJsonObject(
  text: string,
  docsUrl: string,
): { json: Record<string, unknown>; scan: JsonTextScan } {
  const invalid = () =>
    invalidRequest(
      `We could not parse the JSON body of your request. The body must be a JSON object (see ${docsUrl}).`,
      'invalid_json',
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid();
  const scan = scanJsonText(text);
  if (scan.tooDeep) {
    throw invalidRequest(
      `The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; flatten it.`,
      'json_too_deep',
    );
  }
  return { json: json as Record<string, unknown>, scan };
}
