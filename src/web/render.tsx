// Server-rendered HTML from TSX. Preact escapes every interpolated value.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderHtml(node: VNode): string {
  return '<!DOCTYPE html>' + renderToString(node);
}

export function sendPage(reply: FastifyReply, node: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderHtml(node));
}

export type Children = ComponentChildren;
