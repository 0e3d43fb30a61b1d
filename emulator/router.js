// The emulator's router: a table of `METHOD /path` (or a matcher) → handler, looked up per request.

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {import('./context.js').Emulator} Emulator
 * @typedef {import('./context.js').Call} Call
 * @typedef {{
 *   call?: string,
 *   match?: (method: string, path: string) => string[] | undefined,
 *   id?: string,
 *   flavours?: Flavour[],
 *   open?: boolean,
 *   handle: (emulator: Emulator, call: Call) => unknown,
 * }} Route
 * `call`: `METHOD /path`, `*` for any method, `{id}` for a Coze id (digits unless `id` says another pattern);
 * or `match`, which gives the path's parameters when it takes the request. `flavours`: where it is
 * routed (both unless said). `open`: answered before the token is checked (the emulator's controls,
 * the site's token endpoint, OAuth, files and icons).
 */

/**
 * The lookup of one flavour's routes: the first that takes the request, with its path's parameters.
 * @param {Route[]} routes @param {Flavour} flavour
 * @returns {(method: string, path: string) => { route: Route, params: string[] } | undefined}
 */
export function router(routes, flavour) {
  const compiled = routes
    .filter((route) => !route.flavours || route.flavours.includes(flavour))
    .map((route) => ({ route, match: route.match ?? matcher(/** @type {string} */ (route.call), route.id) }));
  return (method, path) => {
    for (const { route, match } of compiled) {
      const params = match(method, path);
      if (params) return { route, params };
    }
    return undefined;
  };
}

/** @param {string} call @param {string} [id] */
function matcher(call, id = '\\d+') {
  const [method, template] = call.split(' ');
  const source = template
    .split('{id}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(`(${id})`);
  const expression = new RegExp(`^${source}$`);
  return (/** @type {string} */ wanted, /** @type {string} */ path) => {
    if (method !== '*' && method !== wanted) return undefined;
    return expression.exec(path)?.slice(1);
  };
}
