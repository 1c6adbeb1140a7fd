import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { tokenStore } from './auth/deviceTokens.ts';
import { takeViewerToken } from './auth/tokenStorage.ts';
import { LiveSource } from './sources/LiveSource.ts';
import { applySourceEvent, createDashboardStore } from './store/createDashboardStore.ts';
import { createHistoryFiller } from './store/createHistoryFiller.ts';
import { createDebugHandle } from './store/debugHandle.ts';
import { ServicesProvider } from './store/useStore.ts';
import './styles.css';

// A token in the URL is taken once into storage and out of the address bar; a stored one is kept
// for good, so a wall display set up once never asks again.
const { token: viewerToken, cleanedHref } = takeViewerToken(window.location.href, tokenStore());
if (cleanedHref !== null) window.history.replaceState(window.history.state, '', cleanedHref);

const source = new LiveSource({ token: viewerToken });
const store = createDashboardStore({ capabilities: source.capabilities });
const history = createHistoryFiller(store, source);

// Counts store subscribers, so a leak check can see that rotating pages returns to the same figure.
let subscribers = 0;
const subscribe = store.subscribe;
store.subscribe = (listener) => {
  subscribers++;
  const unsubscribe = subscribe(listener);
  let done = false;
  return () => {
    if (!done) subscribers--;
    done = true;
    unsubscribe();
  };
};
window.__gigawatt = createDebugHandle(store, history, () => subscribers);

source.start((event) => {
  // Before the reset reaches the store: charts re-ask for history as soon as their buffers change.
  if (event.type === 'reset') history.clear();
  applySourceEvent(store, event);
  if (event.type === 'gap') history.fillGap(event.from, event.to);
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={{ store, history, source, viewerToken }}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
