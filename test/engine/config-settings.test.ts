import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFromSettings, DEFAULT_MAX_FILE_SIZE_KB } from '../../src/engine/config';

test('editor settings are checked one by one: a setting that is not valid is reported and the others still apply', () => {
  const { config, problems } = configFromSettings(
    { profile: 'us-government', allowedRegions: ['usgovvirginia', 'atlantis'], rules: { 'region-global': 'off', 'region-proscribed': 'off', 'no-such-rule': 'error' }, exclude: ['legacy/**'] },
    'settings',
  );
  assert.deepEqual(config.policy, { profile: 'us-government' }, 'the profile stands without the list that names no region');
  assert.deepEqual(config.rules, { 'region-global': 'off' });
  assert.deepEqual(config.exclude, ['legacy/**']);
  assert.equal(config.maxFileSizeKb, DEFAULT_MAX_FILE_SIZE_KB);
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /atlantis/);
  assert.match(problems.join('\n'), /region-proscribed.*cannot be turned off/);
  assert.match(problems.join('\n'), /unknown rule 'no-such-rule'/);
  const valid = configFromSettings({ profile: 'not-proscribed', rules: { 'tls-version': 'error' }, exclude: [] }, 'settings');
  assert.deepEqual(valid, { config: { policy: { profile: 'not-proscribed' }, rules: { 'tls-version': 'error' }, exclude: [], maxFileSizeKb: DEFAULT_MAX_FILE_SIZE_KB }, problems: [] });
});

test('a profile that is not valid is reported once, and the default profile applies', () => {
  const { config, problems } = configFromSettings({ profile: 'eu-only', allowedRegions: ['usgovvirginia'] }, 'settings');
  assert.deepEqual(config.policy, { profile: 'us-only' });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /profile must be one of/);
});
