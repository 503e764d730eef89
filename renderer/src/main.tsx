// Entry of the UI bundle. It reaches the engine only through the typed client (see
// api/connection.ts); the page itself has no Node access in any mode.

import '@xterm/xterm/css/xterm.css';
import './app.css';
import './theme/themes.css';
import { createRoot } from 'react-dom/client';
import { startConnection } from './api/connection.ts';
import { App } from './layout/App.tsx';

startConnection();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<App />);
