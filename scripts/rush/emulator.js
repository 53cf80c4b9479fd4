// Telegram Bot API emulator for the rush benchmark (scripts/bench-rush):
// telegram-test-api (npm, installed by scripts/ensure-telegram-emulator) behind
// a shim, with Telegram's documented flood limits enforced when TG_LIMITS is set.
// Derived from the shared peer benchmark's launcher (../shared/peerbench/emu.js).
//
//   TG_PORT=9100 [TG_LIMITS=telegram|strict] node scripts/rush/emulator.js
//
// The shim (as in the shared launcher): multipart bot requests, long-polled
// getUpdates (TG_MAX_POLL_S, default 10 s), stubs for the methods the stock
// emulator lacks, GET/DELETE /_stats (calls by method, and "429 <method>" for
// each refusal), POST /_next {token, chatId, timeoutMs} for the simulated
// people (edits are queued for them too).
//
// Limits (Telegram's Bot FAQ, "My bot is hitting limits, how do I avoid this?"):
//  * in one chat, not more than one message a second, short bursts allowed:
//    a private chat takes 1 message/s with a burst of 3 (GCRA);
//  * in a group (negative chat id), not more than 20 messages a minute:
//    at most 20 in any 60 s;
//  * bulk notifications: not more than 30 messages a second or so: 30/s with
//    a burst of 3 over every message into a chat that sent no update the
//    bot fetched in the last TG_REPLY_WINDOW_S (default 10) seconds.
//    TG_LIMITS=strict counts replies too (every message the bot sends).
// "Messages" are the send* methods, copyMessage and forwardMessage: edits,
// answerCallbackQuery and the rest are not messages and are not counted. A
// message over a limit is refused with 429 and parameters.retry_after (whole
// seconds, as Telegram does) and is not delivered; with TG_LIMITS_COUNT_ONLY=1
// it is delivered and only counted ("over <method>" in /_stats), for a bot
// that does not survive a refusal.
const path = require('path');
// the packages come from scripts/ensure-telegram-emulator's folder
module.paths.unshift(path.join(process.env.TELEGRAM_TEST_API_DIR || path.join(__dirname, '..', '..', '.bin', 'telegram-test-api'), 'node_modules'));
const http = require('http');
const express = require('express');
const busboy = require('busboy');
const TelegramServer = require('telegram-test-api');

const port = Number(process.env.TG_PORT || 9100);
const maxPollS = Number(process.env.TG_MAX_POLL_S || 10);
const server = new TelegramServer({ port, host: '127.0.0.1', storage: 'RAM',
  storeTimeout: Number(process.env.TG_STORE_TIMEOUT || 600) });
server.setMaxListeners(0);
process.on('unhandledRejection', (e) => console.error('unhandledRejection:', e && e.message));

const outer = express();
outer.set('etag', false); server.webServer.set('etag', false); // skip per-response SHA1 ETag
outer.use((req, res, next) => {
  const ct = req.headers['content-type'] || '';
  if (!ct.startsWith('multipart/form-data')) return next();
  const body = {};
  const bb = busboy({ headers: req.headers });
  bb.on('field', (name, val) => { body[name] = val; });
  bb.on('file', (name, file) => { file.resume(); body[name] = '<file>'; });
  let finished = false;
  const done = () => { if (finished) return; finished = true; req.body = body; req._body = true; next(); };
  bb.on('close', done);
  // go-telegram/bot sends an empty multipart body (no closing boundary) for parameterless
  // calls such as getMe: treat it as "no fields" instead of failing the request.
  bb.on('error', () => { req.unpipe(bb); req.resume(); done(); });
  req.pipe(bb);
});
outer.use(express.json({ limit: '5mb' }));
outer.use(express.urlencoded({ extended: true }));

const stats = {};
// --- flood limits -------------------------------------------------------------------------
const limits = process.env.TG_LIMITS || '';
if (limits && limits !== 'telegram' && limits !== 'strict') { console.error('TG_LIMITS must be telegram or strict'); process.exit(2); }
const replyWindowMs = Number(process.env.TG_REPLY_WINDOW_S || 10) * 1000;
const messageMethods = /^(send(Message|Document|Photo|Audio|Video|Animation|Voice|VideoNote|MediaGroup|Location|Venue|Contact|Poll|Dice|Sticker|Invoice)|copyMessage|forwardMessage)$/;
const gcra = (every, burst) => ({ every, tol: every * (burst - 1), tat: new Map() });
const privateRate = gcra(1000, 3);
const overallRate = gcra(1000 / 30, 3);
const groupWindow = new Map(); // chat -> times of its messages in the last minute
const lastUpdate = new Map();  // token|chat -> when the bot last fetched an update of that chat
const gcraWait = (r, key, now) => Math.max(0, (r.tat.get(key) || now) - r.tol - now);
const gcraTake = (r, key, now) => r.tat.set(key, Math.max(r.tat.get(key) || now, now) + r.every);
const countOnly = !!process.env.TG_LIMITS_COUNT_ONLY;
const refuse = (res, method, waitMs) => {
  stats['429 ' + method] = (stats['429 ' + method] || 0) + 1;
  const after = Math.max(1, Math.ceil(waitMs / 1000));
  res.status(429).json({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${after}`, parameters: { retry_after: after } });
};
outer.use('/bot:token/:method', (req, res, next) => {
  const method = req.params.method;
  if (!limits || !messageMethods.test(method)) return next();
  const chat = String((req.body && req.body.chat_id) || '');
  const now = Date.now();
  const reply = limits === 'telegram' && now - (lastUpdate.get(req.params.token + '|' + chat) || -Infinity) <= replyWindowMs;
  let wait = 0;
  if (chat.startsWith('-')) {
    const w = (groupWindow.get(chat) || []).filter((t) => now - t < 60000);
    groupWindow.set(chat, w);
    if (w.length >= 20) wait = Math.max(wait, w[0] + 60000 - now);
  } else if (chat) {
    wait = Math.max(wait, gcraWait(privateRate, chat, now));
  }
  if (!reply) wait = Math.max(wait, gcraWait(overallRate, req.params.token, now));
  if (wait > 0 && !countOnly) return refuse(res, method, wait);
  if (wait > 0) stats['over ' + method] = (stats['over ' + method] || 0) + 1;
  if (chat.startsWith('-')) groupWindow.get(chat).push(now);
  else if (chat) gcraTake(privateRate, chat, now);
  if (!reply) gcraTake(overallRate, req.params.token, now);
  next();
});
// a chat whose update the bot fetched is "in conversation" for TG_REPLY_WINDOW_S
const sawUpdate = (token, u) => {
  const c = u.message ? u.message.chat : (u.callback_query && u.callback_query.message ? u.callback_query.message.chat : null);
  const id = c ? c.id : (u.callback_query ? u.callback_query.from.id : null);
  if (id != null) lastUpdate.set(token + '|' + String(id), Date.now());
};

outer.use('/bot:token/:method', (req, _res, next) => {
  stats[req.params.method] = (stats[req.params.method] || 0) + 1;
  next();
});
outer.get('/_stats', (_req, res) => res.json(stats));
outer.delete('/_stats', (_req, res) => { for (const k of Object.keys(stats)) delete stats[k]; res.json({ ok: true }); });

// getMe with is_bot (python-telegram-bot's User requires it; the stock reply lacks it)
outer.all('/bot:token/getMe', (_req, res) => res.json({ ok: true,
  result: { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' } }));

const myCommands = {};
outer.post('/bot:token/setMyCommands', (req, res) => {
  const c = req.body.commands;
  myCommands[req.params.token] = typeof c === 'string' ? JSON.parse(c) : (c || []);
  res.json({ ok: true, result: true });
});
outer.post('/bot:token/getMyCommands', (req, res) => res.json({ ok: true, result: myCommands[req.params.token] || [] }));
outer.post('/bot:token/deleteMyCommands', (_req, res) => res.json({ ok: true, result: true }));
outer.post('/bot:token/sendChatAction', (_req, res) => res.json({ ok: true, result: true }));
outer.all('/bot:token/getWebhookInfo', (req, res) => {
  const wh = server.webhooks[req.params.token];
  res.json({ ok: true, result: { url: wh ? wh.url : '', has_custom_certificate: false, pending_update_count: 0 } });
});

// Per-chat / per-token queues so that long-polls are O(1) instead of re-scanning the whole
// message store (the stock emulator filters every stored message on every poll, which made
// the emulator, not the bot, the bottleneck at ~200 concurrent users).
const TS = server.constructor;
const userQ = new Map();      // token -> [update]
const botWait = new Map();    // token -> Set(fn)
const chatQ = new Map();      // token|chatId -> [stored bot message]
const chatWait = new Map();   // token|chatId -> Set(fn)
const wake = (m, k) => { const w = m.get(k); if (w) { m.delete(k); w.forEach((fn) => fn()); } };
const wait = (m, k, fn) => { if (!m.has(k)) m.set(k, new Set()); m.get(k).add(fn); return () => { const w = m.get(k); if (w) w.delete(fn); }; };

const origAddUser = server.addUserUpdate.bind(server);
server.addUserUpdate = async (update) => {
  await origAddUser(update);
  if (!server.webhooks[update.botToken]) {
    if (!userQ.has(update.botToken)) userQ.set(update.botToken, []);
    userQ.get(update.botToken).push(update);
    wake(botWait, update.botToken);
  }
};
const origAddBot = server.addBotMessage.bind(server);
server.addBotMessage = (raw, token) => {
  const msg = origAddBot(raw, token);
  msg.date = Math.floor(msg.date / 1000); // Telegram dates are seconds (stock: ms; breaks python-telegram-bot)
  const entry = server.storage.botMessages[server.storage.botMessages.length - 1];
  const k = token + '|' + String(entry.message.chat_id);
  if (!chatQ.has(k)) chatQ.set(k, []);
  chatQ.get(k).push(entry);
  wake(chatWait, k);
  return msg;
};
// editMessageText: apply it as the stock emulator does, and also queue the edited message for
// /_next (flagged edited: true) so clients see in-place replies.
outer.all('/bot:token/editMessageText', (req, res) => {
  const token = req.params.token;
  server.editMessageText({ ...req.body });
  const b = req.body;
  const entry = server.storage.botMessages.find((u) => String(u.messageId) === String(b.message_id)
    && String(u.message.chat_id) === String(b.chat_id));
  if (entry) {
    const k = token + '|' + String(b.chat_id);
    if (!chatQ.has(k)) chatQ.set(k, []);
    chatQ.get(k).push({ botToken: token, messageId: entry.messageId, message: { ...entry.message }, isRead: false, edited: true, time: Date.now() });
    wake(chatWait, k);
  }
  res.json({ ok: true, result: true });
});

const drainUser = (token) => {
  const q = userQ.get(token) || [];
  userQ.set(token, []);
  const out = q.filter((u) => !u.isRead).map((u) => {
    u.isRead = true;
    const f = TS.formatUpdate(u);
    if (f.callback_query && !f.callback_query.chat_instance) { // required by python-telegram-bot
      const m = f.callback_query.message;
      f.callback_query.chat_instance = String((m && m.chat && m.chat.id) || f.callback_query.from.id);
    }
    sawUpdate(token, f);
    return f;
  });
  if (process.env.EMU_DEBUG) out.forEach((u) => console.log('deliver', u.update_id, JSON.stringify(u.message ? [u.message.chat.id, u.message.text] : [u.callback_query.from.id, u.callback_query.data])));
  return out;
};
const drainChat = (k) => {
  const q = chatQ.get(k) || [];
  chatQ.set(k, []);
  return q.filter((u) => !u.isRead).map((u) => { u.isRead = true; return u; });
};

// Long-poll getUpdates (offset ignored, as in the stock emulator: updates are marked read
// when delivered). timeout honoured up to TG_MAX_POLL_S.
outer.all('/bot:token/getUpdates', (req, res) => {
  const token = req.params.token;
  let result = drainUser(token);
  if (result.length) return res.json({ ok: true, result });
  const t = Math.min(Number((req.body && req.body.timeout) || (req.query && req.query.timeout) || 0), maxPollS);
  if (!t) return res.json({ ok: true, result });
  let done = false;
  const finish = () => { if (done) return; done = true; clearTimeout(timer); unwait(); res.json({ ok: true, result: drainUser(token) }); };
  const timer = setTimeout(finish, t * 1000);
  const unwait = wait(botWait, token, () => setImmediate(finish));
  res.on('close', () => { if (!done) { done = true; clearTimeout(timer); unwait(); } });
});

// Client helper: wait for bot messages addressed to chatId (marks them read).
outer.post('/_next', (req, res) => {
  const { token, chatId } = req.body;
  const k = token + '|' + String(chatId);
  const timeoutMs = Number(req.body.timeoutMs || 10000);
  const result = drainChat(k);
  if (result.length) return res.json({ ok: true, result });
  let done = false;
  const finish = () => { if (done) return; done = true; clearTimeout(timer); unwait(); res.json({ ok: true, result: drainChat(k) }); };
  const timer = setTimeout(finish, timeoutMs);
  const unwait = wait(chatWait, k, finish);
  res.on('close', () => { if (!done) { done = true; clearTimeout(timer); unwait(); } });
});

outer.use(server.webServer);
const httpServer = http.createServer(outer);
// Keep idle keep-alive connections longer than Node's default 5 s: paced clients (a bot that keeps
// Telegram's flood limits, bench.js's users waiting on it) otherwise reuse a socket just as the
// server closes it and get ECONNRESET.
httpServer.keepAliveTimeout = 120000; httpServer.headersTimeout = 121000;
httpServer.listen(port, '127.0.0.1', () => {
  server.started = true;
  server.cleanUpDaemon();
  console.log(`telegram emulator (+multipart, long-poll) on http://127.0.0.1:${port}`);
});
const stop = () => process.exit(0);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
