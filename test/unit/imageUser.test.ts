// The owner of the uploads is the assemble user as the engine resolves it in the image.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveUser } from '../../electron/engine/build/s2i/imageUser.ts';

const PASSWD = `root:x:0:0:root:/root:/bin/bash
# a comment
default:x:1001:0:s2i app user:/opt/app-root/src:/bin/bash
appuser:x:1500:1600::/home/appuser:/bin/sh
`;
const GROUP = `root:x:0:
app:x:1600:appuser
qa:x:1700:
`;

test('a user name gives its uid and primary group from /etc/passwd', () => {
  assert.deepEqual(resolveUser('appuser', PASSWD, GROUP), { uid: 1500, gid: 1600 });
  assert.deepEqual(resolveUser('default', PASSWD, GROUP), { uid: 1001, gid: 0 });
});

test('a uid found in /etc/passwd takes its primary group; one not found gets group 0', () => {
  assert.deepEqual(resolveUser('1500', PASSWD, GROUP), { uid: 1500, gid: 1600 });
  assert.deepEqual(resolveUser('4242', PASSWD, GROUP), { uid: 4242, gid: 0 });
});

test('an explicit group, by name or number, wins', () => {
  assert.deepEqual(resolveUser('appuser:qa', PASSWD, GROUP), { uid: 1500, gid: 1700 });
  assert.deepEqual(resolveUser('1500:0', PASSWD, GROUP), { uid: 1500, gid: 0 });
  assert.deepEqual(resolveUser('4242:77', PASSWD, GROUP), { uid: 4242, gid: 77 });
});

test('unknown names fail as the engine would', () => {
  assert.throws(() => resolveUser('nobody-here', PASSWD, GROUP), /unable to find user nobody-here: no matching entries in passwd file/);
  assert.throws(() => resolveUser('appuser:nogroup', PASSWD, GROUP), /unable to find group nogroup/);
});
