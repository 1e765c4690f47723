// The stylesheet and the small script, read once and served with caching.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

// A Map, not an object: a name such as constructor or __proto__ is not an asset.
const ASSETS = new Map<string, { type: string; body: Buffer }>([
  ['app.css', { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/app.css', import.meta.url)) }],
  ['app.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/app.js', import.meta.url)) }],
]);

export function registerAssets(app: FastifyInstance): void {
  app.get('/assets/:name', { config: { public: true } }, async (request, reply) => {
    const asset = ASSETS.get((request.params as { name: string }).name);
    if (!asset) return reply.callNotFound();
    return reply.header('Cache-Control', 'public, max-age=3600').type(asset.type).send(asset.body);
  });
}
