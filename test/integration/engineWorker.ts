// A worker thread playing the app's utility process: the same engine (createHandlers, the real
// Docker engine) served by serveParentPort, as electron/utility/engineProcess.ts does. Only the
// parent port differs: worker_threads' parentPort, whose messages the test's fork wraps as
// Electron's parent port delivers them ({ data, ports }).

import { type MessagePort as NodeMessagePort, parentPort } from 'node:worker_threads';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { type ParentPortLike, serveParentPort } from '../../electron/engine/api/parentPortHost.ts';
import { asMainPort } from '../nodePorts.ts';

if (!parentPort) throw new Error('engineWorker.ts runs as a worker thread');
const port = parentPort;

const parent: ParentPortLike = {
  on(_event, listener) {
    port.on('message', (m: { data: unknown; ports: NodeMessagePort[] }) => listener({ data: m.data, ports: m.ports.map(asMainPort) }));
    return parent;
  },
  postMessage: (m) => port.postMessage(m),
};

serveParentPort(createHandlers(createEngineContext(), { fileAccess: 'own' }), parent);
