/** Entry point: start the bridge to the main process, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import { App } from './App.tsx';
import { CrashGuard } from './components/CrashGuard.tsx';
import { startBridge } from './bridge/bridge.ts';

startBridge();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <CrashGuard>
      <App />
    </CrashGuard>
  </StrictMode>,
);
