// Must stay the first import: it configures zod before any schema module is evaluated.
import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installWebSocketBridge } from './api/bridge-websocket';
import { App } from './app/App';
import './styles.css';

// The Electron preload installs window.complyflow; the browser host has no preload.
if (!('complyflow' in window)) installWebSocketBridge();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
