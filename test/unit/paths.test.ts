// Where Branchyard keeps its files: everything under BRANCHYARD_DATA_DIR when it is set.

import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLogPath, cacheDir, dataDir } from '../../electron/engine/paths.ts';

test('BRANCHYARD_DATA_DIR holds the cache too (git mirrors), unless BRANCHYARD_CACHE_DIR says otherwise', () => {
  assert.equal(cacheDir({ BRANCHYARD_DATA_DIR: '/srv/by' }), '/srv/by/cache');
  assert.equal(cacheDir({ BRANCHYARD_DATA_DIR: '/srv/by', XDG_CACHE_HOME: '/xdg/cache' }), '/srv/by/cache');
  assert.equal(cacheDir({ BRANCHYARD_DATA_DIR: '/srv/by', BRANCHYARD_CACHE_DIR: '/fast/cache' }), '/fast/cache');
  assert.equal(buildLogPath('s', 'web', { BRANCHYARD_DATA_DIR: '/srv/by' }), '/srv/by/builds/s/web.log');
});

test('without it: the XDG folders, else the home folder', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/xdg/cache' }), '/xdg/cache/branchyard');
  assert.equal(cacheDir({}), join(homedir(), '.cache/branchyard'));
  assert.equal(dataDir({ XDG_DATA_HOME: '/xdg/data' }), '/xdg/data/branchyard');
  assert.equal(dataDir({}), join(homedir(), '.local/share/branchyard'));
});
