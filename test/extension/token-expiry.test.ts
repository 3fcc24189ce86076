import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenExpiry } from '../../src/extension/live/token-expiry';

const jwt = (claims: object) => `eyJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

test("a session's token expires when its JSON Web Token says; an opaque or malformed one is kept five minutes", () => {
  assert.equal(tokenExpiry(jwt({ aud: 'https://management.azure.com', exp: 1_900_000_000 })), 1_900_000_000_000);
  assert.equal(tokenExpiry('opaque-token', 1000), 1000 + 300_000);
  assert.equal(tokenExpiry('a.!!not-base64-json!!.c', 1000), 1000 + 300_000);
  assert.equal(tokenExpiry(jwt({ exp: 'soon' }), 1000), 1000 + 300_000);
});
