// The dashboard runs under a Content-Security-Policy without 'unsafe-eval' (server/src/http/
// securityHeaders.ts). zod compiles object parsers with `new Function` when it may, and its probe for
// that is reported as a CSP violation; jitless parsing is plenty for a tick a second. zod reads this
// config object when its first schema is built, so it must exist before any module runs: a classic
// script, which the browser runs before the (deferred) module scripts of the page.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
