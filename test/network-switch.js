// A route on the test server that reaches the cloud emulator through a switch the test can turn
// off and on: `/net/<id>/...` is proxied while <id> is up; while it is down, new connections are
// refused (the socket is closed at once) and open ones are cut, as when a network goes away.
// Each test uses its own <id>, so engines running side by side do not disturb each other.

import http from 'node:http';

/**
 * @param {{ target: string }} options
 */
export function networkSwitch({ target }) {
  /** @type {Set<string>} */
  const down = new Set();
  /** @type {Map<string, Set<import('node:net').Socket>>} */
  const open = new Map();
  return async (/** @type {any} */ context, /** @type {() => Promise<void>} */ next) => {
    const control = /^\/net-switch\/([\w-]+)\/(up|down)$/.exec(context.path);
    if (control) {
      const [, id, state] = control;
      if (state === 'down') {
        down.add(id);
        for (const socket of open.get(id) ?? []) socket.destroy();
      } else {
        down.delete(id);
      }
      context.body = { ok: true };
      return;
    }
    const route = /^\/net\/([\w-]+)(\/.*)$/.exec(context.url);
    if (!route) return next();
    const [, id, rest] = route;
    if (down.has(id)) {
      context.req.socket.destroy();
      return;
    }
    context.respond = false;
    const sockets = open.get(id) ?? new Set();
    open.set(id, sockets);
    sockets.add(context.req.socket);
    await new Promise((resolve) => {
      const upstream = http.request(new URL(rest, target), { method: context.req.method, headers: context.req.headers }, (answer) => {
        context.res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(context.res);
        answer.on('close', resolve);
      });
      upstream.on('error', () => {
        context.req.socket.destroy();
        resolve(undefined);
      });
      context.req.socket.on('close', () => upstream.destroy());
      context.req.pipe(upstream);
    });
    sockets.delete(context.req.socket);
  };
}
