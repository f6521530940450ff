// Bundled at build time (tsup inlines the JSON field), so the installed CLI needs no file lookup.
import { version } from '../../package.json';

/** The `@stereos/server` version, as in its package.json. */
export const PACKAGE_VERSION: string = version;
