// Preloaded into the server (`node --require ./peer-address.cjs server.js`: npm start and the
// Docker image do this). Next.js hides the socket from route handlers, and the X-Forwarded-For it
// passes on is whatever the client sent, so this records the real peer address of every request
// in a header Berth reads (overwriting any client-sent value). Without the preload Berth ignores
// that header and treats every client as one.
'use strict';
const http = require('node:http');

process.env.BERTH_PEER_HEADER = '1';
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, ...rest) {
  if (event === 'request' && request && request.headers) {
    request.headers['x-berth-peer'] = (request.socket && request.socket.remoteAddress) || '';
  }
  return emit.call(this, event, request, ...rest);
};
