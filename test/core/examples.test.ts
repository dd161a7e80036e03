import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadManifest } from '../../src/core/manifest/load.js';
import { repoRoot } from '../helpers/paths.js';

test('the example manifest that the example workflows use is valid', () => {
  const manifest = loadManifest(join(repoRoot(), 'examples', 'tend.yaml'));
  assert.deepEqual(Object.keys(manifest.data.sweeps), ['dns-orphans']);
});
