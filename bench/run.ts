// npm run bench [-- part ...]: parts are issuance, verification, documents, scale (default: all).
// Each writes bench/results/<part>.json; bench/README.md summarises them.
import { benchDocuments } from './documents.ts';
import { benchIssuanceRounds } from './issuance.ts';
import { machine, writeResult } from './lib.ts';
import { benchScale } from './scale.ts';
import { benchVerification } from './verification.ts';

const parts: Record<string, () => Promise<unknown>> = {
  issuance: () => benchIssuanceRounds(3),
  verification: () => benchVerification(),
  documents: () => benchDocuments(),
  scale: () => benchScale(),
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(parts);
const about = await machine();
for (const name of wanted) {
  const part = parts[name];
  if (!part) {
    console.error(`unknown part: ${name} (known: ${Object.keys(parts).join(', ')})`);
    process.exit(2);
  }
  console.log(`--- ${name} ---`);
  const result = await part();
  const file = writeResult(name, { part: name, machine: about, result });
  console.log(JSON.stringify(result, null, 2));
  console.log(`→ ${file}`);
}
process.exit(0);
