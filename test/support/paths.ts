import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PGLITE_TEMPLATE_DIR = `${ROOT}data/test`;
export const PGLITE_TEMPLATE_FILE = `${PGLITE_TEMPLATE_DIR}/pglite-template.tar`;
export const TEST_RESULTS_DIR = `${ROOT}test-results`;
