// The big screen's start (App loads it instead of a plain Blazor.start() on /screen only).
//
// A wall runs unattended for weeks. Blazor's default reconnection gives up after about 350 s and
// then waits for the tab to become visible, which a wall never does. This one never gives up: it
// retries at once, then at growing intervals up to a ceiling; a circuit the server no longer knows
// (it restarted) or a hub that refuses the wall (its key was revoked) means the page is loaded
// again, but only once the page itself answers, so that a reload never lands on the browser's own
// error page, where no script runs.
//
// It also fits the 1920×1080 stage into the window: one scale for both axes, centred.
(() => {
  'use strict';

  const script = document.currentScript;
  const firstDelay = Number(script.dataset.retryMs) || 2000;
  const maxDelay = Number(script.dataset.maxRetryMs) || 30000;
  const startTimeout = 20000;
  const root = document.documentElement;

  // ---- the stage --------------------------------------------------------------------------
  // Custom properties on <html>, which Blazor never re-renders (it replaces the prerendered stage
  // when the circuit starts, which would drop a style set on the stage itself).
  const stageWidth = 1920;
  const stageHeight = 1080;

  function fit() {
    const width = root.clientWidth;
    const height = root.clientHeight;
    const scale = Math.min(width / stageWidth, height / stageHeight);
    root.style.setProperty('--screen-scale', String(scale));
    root.style.setProperty('--screen-left', `${(width - stageWidth * scale) / 2}px`);
    root.style.setProperty('--screen-top', `${(height - stageHeight * scale) / 2}px`);
  }

  fit();
  window.addEventListener('resize', fit);

  // ---- the connection ---------------------------------------------------------------------
  // Outside Blazor's part of the page, so they stay while the circuit is away.
  const status = document.createElement('div');
  status.id = 'screen-connection';
  status.className = 'screen-connection';
  status.setAttribute('role', 'status');
  status.textContent = '连接中断，正在重连…';
  status.hidden = true;
  document.body.appendChild(status);

  // Blazor shows #blazor-error-ui when the circuit fails on the server; such a circuit is never
  // reconnected by Blazor itself, so it starts the same recovery. The element stays hidden.
  const errorUi = document.createElement('div');
  errorUi.id = 'blazor-error-ui';
  errorUi.style.display = 'none';
  document.body.appendChild(errorUi);

  let connected = false;
  let recovering = false;
  let losses = 0;

  // Loads of this page in a row that never got a circuit: a wall whose hub keeps refusing it (its
  // browser drops cookies) reloads ever more slowly instead of as fast as it can.
  const reloadsKey = 'ruichang-screen-reloads';
  const storage = (() => { try { return window.sessionStorage; } catch { return null; } })();
  const reloads = Number(storage?.getItem(reloadsKey)) || 0;

  function setState(state) {
    root.dataset.connection = state;
    status.hidden = state !== 'reconnecting';
    if (state === 'connected') {
      storage?.removeItem(reloadsKey);
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function delayBefore(attempt) {
    return attempt === 0 ? 0 : Math.min(maxDelay, firstDelay * Math.pow(1.5, attempt - 1));
  }

  // Any answer from the app itself (the screen, a refusal, a redirect to sign in) means it is up;
  // a proxy's 502/503 while the app restarts does not.
  async function pageAnswers() {
    try {
      const response = await fetch(location.href, { cache: 'no-store', credentials: 'same-origin', redirect: 'manual' });
      return response.type === 'opaqueredirect' || response.status < 500;
    } catch {
      return false;
    }
  }

  async function recover() {
    if (recovering) {
      return;
    }

    recovering = true;
    connected = false;
    losses += 1;
    root.dataset.connectionLosses = String(losses);
    setState('reconnecting');
    try {
      for (let attempt = 0; !connected; attempt++) {
        await sleep(delayBefore(attempt));
        if (connected) {
          return;
        }

        root.dataset.reconnectAttempts = String(attempt + 1);
        try {
          if (await Blazor.reconnect()) {
            return;
          }
          // Answered, but the circuit is gone (a restart, or it failed): a new page makes a new one.
        } catch {
          // The server is unreachable, or its hub refused this wall.
        }

        if (reloads > 0) {
          await sleep(delayBefore(reloads));
        }

        if (await pageAnswers()) {
          setState('reloading');
          storage?.setItem(reloadsKey, String(reloads + 1));
          location.reload();
          return;
        }
      }
    } finally {
      recovering = false;
    }
  }

  new MutationObserver(() => {
    if (errorUi.style.display !== 'none') {
      errorUi.style.display = 'none';
      recover();
    }
  }).observe(errorUi, { attributes: true, attributeFilter: ['style'] });

  window.ruichangScreen = { started: () => true };

  // A refused link is a message and nothing else: no circuit to start or to keep.
  const stage = document.querySelector('[data-screen-stage]');
  if (!stage) {
    setState('refused');
    return;
  }

  setState('connecting');
  Blazor.start({
    circuit: {
      reconnectionHandler: {
        onConnectionDown: () => { recover(); },
        onConnectionUp: () => {
          connected = true;
          setState('connected');
        },
      },
      circuitHandlers: [{
        onCircuitOpened: () => {
          connected = true;
          setState('connected');
        },
      }],
    },
  }).catch(() => {
    // Logged by Blazor; the watch below notices that no circuit came of it.
  });

  // A circuit that did not start (the server went away between the page and its hub, or the hub
  // refused the wall) calls no handler at all; it is recovered like a lost one. Blazor.start()
  // resolves before the circuit is up, so this waits, generously, for a slow server.
  setTimeout(() => {
    if (!connected) {
      recover();
    }
  }, startTimeout);
})();
