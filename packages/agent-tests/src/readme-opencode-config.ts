import { readFileSync } from 'node:fs';

const README = new URL('../../../README.md', import.meta.url);
const SCHEMA = '"$schema": "https://opencode.ai/config.json"';

/**
 * The `opencode.json` the README shows, with its base URL moved from `http://localhost:3000` to
 * `serverUrl`: the test runs the very config users copy.
 */
export function readmeOpencodeConfig(serverUrl: string): Record<string, unknown> {
  const readme = readFileSync(README, 'utf8');
  const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((text) => text.includes(SCHEMA));
  if (!block) throw new Error('README.md has no opencode.json block (```json with $schema)');
  return JSON.parse(block.replaceAll('http://localhost:3000', serverUrl)) as Record<
    string,
    unknown
  >;
}
