// Preloaded into the server (`node --require ./malformed-path.cjs server.js`: npm start and the
// Docker image do this). A path with a malformed percent escape (/clusters/a%E0) makes Next's
// router throw while it decodes the route's parameters, before proxy.ts runs: a plain 500 with
// none of Berth's security headers. Such a request is answered here instead: 400, saying what
// is wrong, with the headers every response of Berth's carries (lib/http/security.ts).
'use strict';
const http = require('node:http');

const HEADERS = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // As transportSecurity() sends it: only when Berth is served over TLS.
  ...(process.env.BERTH_PUBLIC_URL?.startsWith('https://')
    ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
    : {}),
};

const MESSAGE =
  'The address has a malformed percent escape (a % not followed by the UTF-8 bytes of a ' +
  'character, such as %E0 alone). Percent-encode each part of the path with encodeURIComponent.\n';

/** Whether the path (not the query, which the pages validate themselves) fails to decode. */
function malformedPath(url) {
  const path = url.split('?', 1)[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function answerMalformedPath(event, request, response, ...rest) {
  if (event === 'request' && typeof request?.url === 'string' && malformedPath(request.url)) {
    response.writeHead(400, HEADERS);
    response.end(MESSAGE);
    return true;
  }
  return emit.call(this, event, request, response, ...rest);
};
