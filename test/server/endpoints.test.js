// One endpoint table (src/client/endpoints.ts), read by the client, the site kit's allow-list and
// the emulator's router: these checks keep the four (with the WordPress plugin's PHP copy) in step.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROUTES } from '../../emulator/routes.js';
import { router } from '../../emulator/router.js';
import { importEndpoints, importServer } from '../../server/from-source.js';

const { ENDPOINTS } = await importEndpoints();
const { KNOWN_CALLS, WIDGET_CALLS } = await importServer('widget-calls');
const table = Object.values(ENDPOINTS);
const read = (/** @type {string} */ path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** `METHOD /path` with each `{id}` a Coze-like id, as a request would name it. */
const asRequest = (/** @type {string} */ call) => call.replace(/\{id\}/g, '7379462189365198898').split(' ');

/** Coze calls the emulator plays that the widget never makes (other clients, and the kit's `allow`). */
const NOT_THE_WIDGETS = ['POST /v3/chat/retrieve', 'GET /v1/bot/get_online_info', 'POST /v1/conversation/create'];
/** The widget's calls Studio does not route (coze-dev/coze-studio backend/api/router/coze/api.go). */
const CLOUD_ONLY = [ENDPOINTS.submitToolOutputs, ENDPOINTS.feedback, ENDPOINTS.unfeedback];

describe('the endpoint table', () => {
  it('is what the site kit forwards: every call of the widget, and no other unless opted in', () => {
    assert.deepEqual([...WIDGET_CALLS].sort(), [...table].sort());
    const optIn = KNOWN_CALLS.filter((/** @type {any} */ known) => known.optIn).map((/** @type {any} */ known) => known.call);
    assert.deepEqual(optIn, ['POST /v1/conversation/create']);
  });

  it('is every call the client makes, and the client names no path outside it', () => {
    const client = readdirSync(new URL('../../src/client/', import.meta.url))
      .filter((name) => name.endsWith('.ts') && name !== 'endpoints.ts')
      .map((name) => read(`src/client/${name}`))
      .join('\n');
    for (const call of table) assert.ok(client.includes(`'${call}'`), `the client never calls ${call}`);
    const named = [...client.matchAll(/'(?:(?:GET|POST|DELETE) )?(\/v\d\/[^']*)'/g)].map((match) => match[0].slice(1, -1));
    assert.deepEqual(
      named.filter((call) => !table.includes(call)),
      [],
      'paths the client writes outside the table',
    );
  });

  for (const flavour of /** @type {const} */ (['cloud', 'studio'])) {
    it(`is answered by the ${flavour} emulator, which plays no widget call outside it`, () => {
      const find = router(ROUTES, flavour);
      for (const call of table) {
        const routed = find(...asRequest(call));
        const expected = flavour === 'cloud' || !CLOUD_ONLY.includes(call);
        assert.equal(
          Boolean(routed && !routed.route.open),
          expected,
          `${flavour}: ${call} ${expected ? 'is not routed' : 'should not be routed'}`,
        );
      }
      const cozeCalls = ROUTES.filter((route) => !route.open && (!route.flavours || route.flavours.includes(flavour))).map(
        (route) => route.call,
      );
      assert.deepEqual(
        cozeCalls.filter((call) => !table.includes(call) && !NOT_THE_WIDGETS.includes(call)),
        [],
      );
    });
  }

  it("is the WordPress plugin's list too (its PHP copy of the kit)", () => {
    const php = read('wordpress/chat-for-coze/includes/class-widget-calls.php');
    const listed = [...php.matchAll(/'((?:GET|POST|DELETE) \/v\d\/[^']*)'/g)].map((match) => match[1]);
    assert.deepEqual(listed.filter((call) => !NOT_THE_WIDGETS.includes(call)).sort(), [...table].sort());
  });
});
