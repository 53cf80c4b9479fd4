// Starts telegram-test-api (npm, an emulator of the Telegram Bot API) for
// the adapter's end-to-end tests: node emulator.js <port>. The package is
// looked up in $TELEGRAM_TEST_API_DIR/node_modules (see
// scripts/ensure-telegram-emulator). Prints "ready <port>" once listening
// on 127.0.0.1, and exits when its standard input closes, so it never
// outlives the test that started it.
'use strict';
const path = require('path');

const dir = process.env.TELEGRAM_TEST_API_DIR || path.join(__dirname, '..', '..', '..', '.bin', 'telegram-test-api');
const TelegramServer = require(path.join(dir, 'node_modules', 'telegram-test-api'));

// A failed webhook POST rejects a promise nobody awaits; Node 20 would exit.
process.on('unhandledRejection', (err) => {
  console.error('emulator: unhandled rejection:', err && err.message ? err.message : err);
});

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: node emulator.js <port>');
  process.exit(2);
}
const server = new TelegramServer({ port, host: '127.0.0.1', storage: 'RAM', storeTimeout: 600 });
server.start().then(() => {
  console.log('ready ' + port);
}, (err) => {
  console.error('emulator: cannot start:', err && err.message ? err.message : err);
  process.exit(1);
});

const stop = () => server.stop().finally(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
