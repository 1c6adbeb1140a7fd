import { API_PATHS, type FleetConfig, fleetConfigSchema } from '@gigawatt/shared';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { fetchJson } from './api/apiClient.ts';
import { tokenStore } from './auth/deviceTokens.ts';
import { takeViewerToken } from './auth/tokenStorage.ts';
import { subscribeLocation } from './router/navigation.ts';
import { bindReplayUrl } from './session/bindReplayUrl.ts';
import { openRecordingSource } from './session/openRecordingSource.ts';
import { AppServices } from './session/ReplayContext.tsx';
import { createSourceManager } from './session/sourceManager.ts';
import { LiveSource } from './sources/LiveSource.ts';
import { liveTransportsFromUrl } from './sources/liveTransports.ts';
import { createDashboardStore } from './store/createDashboardStore.ts';
import { createHistoryFiller, type HistoryFiller } from './store/createHistoryFiller.ts';
import { createDebugHandle } from './store/debugHandle.ts';
import './styles.css';

// A token in the URL is taken once into storage and out of the address bar; a stored one is kept
// for good, so a wall display set up once never asks again.
const { token: viewerToken, cleanedHref } = takeViewerToken(window.location.href, tokenStore());
if (cleanedHref !== null) window.history.replaceState(window.history.state, '', cleanedHref);

// `?transport=` is read once, at start: the live connection keeps it while the URL changes with the view.
const liveTransports = liveTransportsFromUrl(window.location.search);

const store = createDashboardStore();

// The server's fleet, for a recording that carries none of its own; asked for once, on first need.
let serverFleet: Promise<FleetConfig | undefined> | null = null;
const fallbackFleet = (): Promise<FleetConfig | undefined> => {
  serverFleet ??= fetchJson(API_PATHS.fleet, fleetConfigSchema, 'fleet request', { token: viewerToken })
    .catch((): undefined => undefined)
    .then((fleet) => {
      if (!fleet) serverFleet = null;
      return fleet;
    });
  return serverFleet;
};

// One store and one history filler for the app's life; the source behind them changes (live, or a
// recording named by the URL's `rec=`).
let history: HistoryFiller;
const sources = createSourceManager({
  store,
  history: () => history,
  createLive: () => new LiveSource({ token: viewerToken, transports: liveTransports }),
  openRecording: openRecordingSource,
  fallbackFleet,
});
history = createHistoryFiller(store, sources);

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

const binding = bindReplayUrl({
  manager: sources,
  viewerToken,
  autoplay: (pathname) => pathname.replace(/\/+$/, '') === '/wall',
  subscribeLocation,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppServices services={{ store, history, viewerToken }} manager={sources} binding={binding}>
      <App />
    </AppServices>
  </StrictMode>,
);
