// D-Sure's small stylesheet (src/dsure/assets/dsure.css), served at /dsure/assets/dsure.css and
// linked from each D-Sure page (a stylesheet link is allowed in the body).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const CSS = readFileSync(new URL('../assets/dsure.css', import.meta.url));

export function registerDsureAssets(app: FastifyInstance): void {
  app.get('/dsure/assets/dsure.css', { config: { public: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(CSS),
  );
}

export function DsureStyles() {
  return <link rel="stylesheet" href="/dsure/assets/dsure.css" />;
}
