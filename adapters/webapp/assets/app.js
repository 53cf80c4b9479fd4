// Slotbot's calendar Mini App. No build step: this file is served as is.
// Every rule lives on the server; this script asks /app/api/… and draws.
(function () {
  'use strict';
  var T = JSON.parse(document.getElementById('texts').textContent);
  var CFG = JSON.parse(document.getElementById('config').textContent);
  var $ = function (id) { return document.getElementById(id); };

  // Inside Telegram, telegram-web-app.js gives Telegram.WebApp with the
  // signed initData. Outside it (a browser, a test) a stand-in reads the
  // same #tgWebAppData… fragment Telegram uses, so the page runs alike.
  function stubWebApp() {
    var h = new URLSearchParams(location.hash.slice(1));
    var theme = {};
    try { theme = JSON.parse(h.get('tgWebAppThemeParams') || '{}'); } catch (e) { theme = {}; }
    var dark = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches;
    return {
      stub: true, initData: h.get('tgWebAppData') || '', themeParams: theme,
      colorScheme: theme.bg_color ? (lum(theme.bg_color) < 0.5 ? 'dark' : 'light') : (dark ? 'dark' : 'light'),
      ready: function () {}, expand: function () {}, onEvent: function () {},
      close: function () { document.documentElement.dataset.closed = '1'; say(t('web.app.closed_hint'), 'ok'); },
      HapticFeedback: { notificationOccurred: function () {} }
    };
  }
  function lum(hex) {
    var n = parseInt(hex.replace('#', ''), 16);
    return (0.299 * (n >> 16 & 255) + 0.587 * (n >> 8 & 255) + 0.114 * (n & 255)) / 255;
  }
  var tg = window.Telegram && window.Telegram.WebApp;
  if (!tg || (!tg.initData && /tgWebAppData=/.test(location.hash))) tg = stubWebApp();
  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = tg;

  function applyTheme() {
    var p = tg.themeParams || {}, s = document.documentElement.style;
    var map = { bg_color: '--bg', text_color: '--text', hint_color: '--hint', link_color: '--link',
      button_color: '--button', button_text_color: '--button-text', secondary_bg_color: '--card' };
    Object.keys(map).forEach(function (k) { if (p[k]) s.setProperty(map[k], p[k]); });
    document.documentElement.dataset.theme = tg.colorScheme === 'dark' ? 'dark' : 'light';
  }
  applyTheme();
  tg.onEvent('themeChanged', applyTheme);

  // Identity: Telegram's initData, or a page token from a one-use link.
  var auth = null;
  function who() {
    if (tg.initData) { auth = 'tma ' + tg.initData; return Promise.resolve(); }
    var h = new URLSearchParams(location.hash.slice(1)), link = h.get('link');
    if (!link) {
      var saved = sessionStorage.getItem('slotbot.page');
      if (saved) auth = 'Bearer ' + saved;
      return Promise.resolve();
    }
    history.replaceState(null, '', location.pathname + location.search);
    return fetch('/app/api/session?lang=' + CFG.lang, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ link: link }) }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) throw b;
        sessionStorage.setItem('slotbot.page', b.token);
        auth = 'Bearer ' + b.token;
      });
    });
  }
  function api(path, opts) {
    opts = opts || {};
    var headers = { Authorization: auth || '' };
    if (opts.body) headers['Content-Type'] = 'application/json';
    return fetch('/app/api/' + path, { method: opts.method || 'GET', headers: headers,
      body: opts.body ? JSON.stringify(opts.body) : undefined }).then(function (r) {
      if (opts.raw && r.ok) return r;
      return r.json().then(function (b) { if (!r.ok) { b.status = r.status; throw b; } return b; });
    });
  }
  // t words a page text (web.*) from the chat's catalog: Count picks the
  // plural form as the catalog does (CLDR's categories), {{.Name}} is
  // filled from args.
  function t(key, args) {
    var s = T[key];
    args = args || {};
    if (s == null) return key;
    if (typeof s === 'object') s = s[new Intl.PluralRules(CFG.lang).select(args.Count)] || s.other;
    return s.replace(/\{\{\.(\w+)\}\}/g, function (m, k) { return args[k] != null ? String(args[k]) : ''; });
  }
  function say(msg, kind) { var s = $('status'); s.textContent = msg || ''; s.className = 'status ' + (kind || ''); }
  function fail(e) {
    say((e && e.message) || t('web.error.generic'), 'err');
    if (e && e.status === 401) ['calendar', 'bookings', 'report'].forEach(function (id) { $(id).hidden = true; });
  }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') n.className = attrs[k]; else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    });
    if (text != null) n.textContent = text;
    return n;
  }

  var state = { me: null, catalog: [], coach: 0, type: 0, group: false, month: null, day: null, moving: null, tab: null };
  var zone = 'UTC';
  function fmt(d, o) { o.timeZone = zone; return new Intl.DateTimeFormat(CFG.locale, o).format(d); }
  function todayISO() { return state.me ? state.me.today : ''; }

  // Sheet: a modal that keeps focus inside and gives it back on close.
  var sheetReturn = null, sheetDone = null;
  function sheet(title, lines, ok, no, onOk) {
    sheetReturn = document.activeElement;
    $('sheet-title').textContent = title;
    var box = $('sheet-lines'); box.textContent = '';
    lines.forEach(function (l) { if (l) box.appendChild(el('p', {}, l)); }); // "" parts paragraphs
    $('sheet-ok').textContent = ok || ''; $('sheet-ok').hidden = !ok;
    $('sheet-no').textContent = no;
    sheetDone = onOk;
    $('sheet').hidden = false;
    (ok ? $('sheet-ok') : $('sheet-no')).focus();
  }
  function closeSheet() { $('sheet').hidden = true; sheetDone = null; if (sheetReturn) sheetReturn.focus(); }
  $('sheet-no').addEventListener('click', closeSheet);
  $('sheet-ok').addEventListener('click', function () { var f = sheetDone; if (f) { $('sheet-ok').disabled = true; f(); } });
  $('sheet').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') closeSheet();
    if (e.key === 'Tab') {
      var f = [$('sheet-ok'), $('sheet-no')].filter(function (b) { return !b.hidden; });
      var i = f.indexOf(document.activeElement);
      if (e.shiftKey ? i <= 0 : i === f.length - 1) { e.preventDefault(); f[e.shiftKey ? f.length - 1 : 0].focus(); }
    }
  });

  // What was done is said in the chat too (the outbox); the page goes
  // back to the chat.
  function done(msg) {
    closeSheet();
    say(msg, 'ok');
    if (tg.HapticFeedback) tg.HapticFeedback.notificationOccurred('success');
    setTimeout(function () { tg.close(); }, 1500);
  }

  // Tabs.
  function show(tab) {
    state.tab = tab;
    ['calendar', 'bookings', 'report'].forEach(function (id) {
      $(id).hidden = id !== tab;
      $('tab-' + id).setAttribute('aria-selected', id === tab ? 'true' : 'false');
      $('tab-' + id).tabIndex = id === tab ? 0 : -1;
    });
    if (tab === 'bookings') loadBookings();
    if (tab === 'report') loadReport();
  }
  document.querySelectorAll('[data-tab]').forEach(function (b) {
    b.addEventListener('click', function () { show(b.dataset.tab); });
    b.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      var tabs = Array.prototype.filter.call(document.querySelectorAll('[data-tab]'), function (x) { return !x.hidden; });
      var i = tabs.indexOf(b) + (e.key === 'ArrowRight' ? 1 : -1);
      var n = tabs[(i + tabs.length) % tabs.length]; n.focus(); show(n.dataset.tab);
    });
  });

  // Calendar: filters, month, day.
  function fillFilters() {
    var cs = $('coach'); cs.textContent = '';
    if (!state.coach && state.type) state.catalog.forEach(function (c) {
      if (c.types.some(function (x) { return x.id === state.type; })) state.coach = c.id;
    });
    state.catalog.forEach(function (c) { cs.appendChild(el('option', { value: c.id }, c.name)); });
    if (state.coach) cs.value = state.coach;
    state.coach = +cs.value;
    fillTypes();
  }
  function fillTypes() {
    var c = state.catalog.filter(function (x) { return x.id === state.coach; })[0] || { types: [] };
    var ts = $('type'); ts.textContent = '';
    c.types.forEach(function (x) { ts.appendChild(el('option', { value: x.id }, x.label)); });
    if (state.type && c.types.some(function (x) { return x.id === state.type; })) ts.value = state.type;
    state.type = +ts.value;
    state.group = c.types.some(function (x) { return x.id === state.type && x.group; });
  }
  $('coach').addEventListener('change', function () { state.coach = +this.value; state.type = 0; fillTypes(); loadMonth(); });
  $('type').addEventListener('change', function () { state.type = +this.value; fillTypes(); loadMonth(); });
  function shiftMonth(n) {
    var p = state.month.split('-').map(Number), m = p[1] - 1 + n;
    state.month = (p[0] + Math.floor(m / 12)) + '-' + ('0' + ((m % 12 + 12) % 12 + 1)).slice(-2);
    state.day = null; loadMonth();
  }
  $('prev').addEventListener('click', function () { shiftMonth(-1); });
  $('next').addEventListener('click', function () { shiftMonth(1); });

  function pickQuery() { return 'coach=' + state.coach + '&type=' + state.type + (state.moving ? '&move=' + state.moving.id : ''); }
  function loadMonth() {
    if (!state.type) return;
    var first = new Date(state.month + '-15T12:00:00Z');
    $('month').textContent = fmt(first, { month: 'long', year: 'numeric' });
    return api('month?' + pickQuery() + '&month=' + state.month).then(drawMonth, fail);
  }
  function drawMonth(res) {
    var grid = $('grid'); grid.textContent = '';
    grid.setAttribute('aria-label', t('web.month.label', { Month: $('month').textContent }));
    var monday = new Date(Date.UTC(2024, 0, 1, 12));
    for (var i = 0; i < 7; i++) {
      grid.appendChild(el('div', { class: 'wd', 'aria-hidden': 'true' },
        new Intl.DateTimeFormat(CFG.locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(monday.getTime() + i * 864e5))));
    }
    var byDate = {};
    res.days.forEach(function (d) { byDate[d.date] = d; });
    var p = state.month.split('-').map(Number);
    var lead = (new Date(Date.UTC(p[0], p[1] - 1, 1)).getUTCDay() + 6) % 7;
    for (i = 0; i < lead; i++) grid.appendChild(el('div', { 'aria-hidden': 'true' }));
    var days = new Date(Date.UTC(p[0], p[1], 0)).getUTCDate(), today = todayISO(), first = null;
    for (var d = 1; d <= days; d++) {
      var iso = state.month + '-' + ('0' + d).slice(-2), info = byDate[iso] || { open: 0, taken: 0 };
      var date = new Date(iso + 'T12:00:00Z');
      var name = new Intl.DateTimeFormat(CFG.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
      var cls = info.open ? 'open' : (info.taken ? 'taken' : 'none');
      var label = name + ', ' + (info.open ? t('web.day.open', { Count: info.open }) : (info.taken ? t('web.day.full') : t('web.day.none')));
      var b = el('button', { type: 'button', class: cls + (iso === today ? ' today' : ''), 'aria-label': label,
        'aria-pressed': iso === state.day ? 'true' : 'false', 'data-date': iso }, String(d));
      if (cls === 'none') { b.disabled = true; } else {
        b.addEventListener('click', (function (x) { return function () { selectDay(x); }; })(iso));
        if (!first && info.open) first = iso;
      }
      grid.appendChild(b);
    }
    if (state.day) selectDay(state.day, true);
    else if (first) selectDay(first, true);
    else { rove(null); $('slots').textContent = ''; $('day-title').textContent = ''; $('day-hint').textContent = t('web.day.none'); }
  }
  // The days are one stop for Tab (the chosen day, else the first that
  // can be picked): arrows move between days (a week up and down), Home
  // and End to the month's first and last, Enter or Space picks.
  function dayButtons() { return Array.prototype.filter.call(document.querySelectorAll('#grid button'), function (b) { return !b.disabled; }); }
  function rove(iso) {
    var bs = dayButtons(), on = bs.filter(function (b) { return b.dataset.date === iso; })[0] || bs[0];
    bs.forEach(function (b) { b.tabIndex = b === on ? 0 : -1; });
    return on;
  }
  $('grid').addEventListener('keydown', function (e) {
    var step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key], from = document.activeElement;
    if (!from || !from.dataset.date || (!step && e.key !== 'Home' && e.key !== 'End')) return;
    e.preventDefault();
    var all = Array.prototype.slice.call(document.querySelectorAll('#grid button')), bs = dayButtons(), to = null;
    if (e.key === 'Home') to = bs[0];
    else if (e.key === 'End') to = bs[bs.length - 1];
    else for (var i = all.indexOf(from) + step; i >= 0 && i < all.length; i += step) {
      if (!all[i].disabled) { to = all[i]; break; }
    }
    if (to) rove(to.dataset.date).focus();
  });
  function selectDay(iso, quiet) {
    state.day = iso;
    rove(iso);
    document.querySelectorAll('#grid button').forEach(function (b) { b.setAttribute('aria-pressed', b.dataset.date === iso ? 'true' : 'false'); });
    $('day-title').textContent = new Intl.DateTimeFormat(CFG.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
      .format(new Date(iso + 'T12:00:00Z'));
    return api('day?' + pickQuery() + '&date=' + iso).then(function (res) {
      var ul = $('slots'); ul.textContent = '';
      ul.className = 'slots' + (state.group ? ' classes' : '');
      $('day-hint').textContent = res.slots.length ? '' : t('web.day.none');
      res.slots.forEach(function (s) {
        var b = el('button', { type: 'button', class: s.open ? 'open' : 'taken', 'aria-label': s.label, 'data-start': s.start }, s.time);
        if (s.note) b.appendChild(el('small', {}, s.note));
        if (s.open) b.addEventListener('click', function () { tapSlot(s); });
        else b.setAttribute('aria-disabled', 'true');
        ul.appendChild(el('li')).appendChild(b);
      });
      if (!quiet) { var f = ul.querySelector('button.open'); if (f) f.focus(); }
    }, fail);
  }
  function slotBody(s) { return s.session ? { session: s.session } : { coach: state.coach, type: state.type, start: s.start }; }
  function tapSlot(s) {
    if (state.moving) return moveTo(s);
    var q = s.session ? 'session=' + s.session : pickQuery() + '&start=' + encodeURIComponent(s.start);
    api('quote?' + q).then(function (res) {
      sheet(res.lines[0], res.lines.slice(1), res.bookable ? res.confirm : '', t('web.summary.back'), function () {
        api('book', { method: 'POST', body: slotBody(s) }).then(function (b) { done(b.message); loadMonth(); }, function (e) { closeSheet(); fail(e); loadMonth(); });
      });
    }, fail);
  }

  // My bookings: cancel with its consequence, reschedule by picking a time.
  function loadBookings() {
    return api('bookings').then(function (res) {
      drawCards($('upcoming'), res.upcoming); drawCards($('cancelled'), res.cancelled); drawCards($('past'), res.past);
    }, fail);
  }
  function drawCards(ul, list) {
    ul.textContent = '';
    if (!list.length) { ul.appendChild(el('li', { class: 'hint' }, t('web.bookings.none'))); return; }
    list.forEach(function (b) {
      var li = el('li', { 'data-booking': b.id });
      li.appendChild(el('div', {}, b.what));
      li.appendChild(el('div', { class: 'when' }, b.when));
      li.appendChild(el('span', { class: 'st ' + b.status }, b.label));
      var row = el('div', { class: 'row' });
      if (b.move) row.appendChild(el('button', { type: 'button', class: 'btn secondary', onclick: function () { startMove(b); } }, t('web.action.reschedule')));
      if (b.cancel) row.appendChild(el('button', { type: 'button', class: 'btn secondary', onclick: function () { askCancel(b); } }, t('web.action.cancel')));
      if (row.childNodes.length) li.appendChild(row);
      ul.appendChild(li);
    });
  }
  function askCancel(b) {
    api('bookings/' + b.id + '/cancel').then(function (res) {
      sheet(res.title, res.lines, t('web.action.cancel_confirm'), t('web.action.keep'), function () {
        api('bookings/' + b.id + '/cancel', { method: 'POST', body: {} }).then(function (r) { done(r.message); loadBookings(); },
          function (e) { closeSheet(); fail(e); });
      });
    }, fail);
  }
  function startMove(b) {
    state.moving = b; state.coach = b.coach; state.type = b.type;
    $('moving-text').textContent = t('web.move.pick', { What: b.what });
    $('moving').hidden = false;
    fillFilters(); show('calendar'); loadMonth();
    $('moving-stop').focus();
  }
  $('moving-stop').addEventListener('click', function () { state.moving = null; $('moving').hidden = true; loadMonth(); });
  function moveTo(s) {
    var b = state.moving, when = s.when;
    sheet(t('web.move.title', { What: b.what }), [t('web.move.from', { When: b.when }), t('web.move.to', { When: when })], t('web.move.confirm'), t('web.summary.back'), function () {
      api('bookings/' + b.id + '/move', { method: 'POST', body: s.session ? { session: s.session } : { start: s.start } }).then(function (r) {
        state.moving = null; $('moving').hidden = true; done(r.message); loadMonth();
      }, function (e) { closeSheet(); fail(e); });
    });
  }

  // The coach's report: the server draws the charts (SVG), the page
  // shows them; exports download as CSV.
  function weeks() { var c = document.querySelector('input[name=weeks]:checked'); return c ? c.value : '12'; }
  document.querySelectorAll('input[name=weeks]').forEach(function (r) { r.addEventListener('change', loadReport); });
  function loadReport() {
    var w = weeks(), theme = document.documentElement.dataset.theme;
    return api('report?weeks=' + w + '&theme=' + theme).then(function (res) {
      $('report-summary').textContent = res.summary + (res.revenue.length ? ' · ' + res.revenue.join(' · ') : '');
      var box = $('charts'); box.textContent = '';
      res.charts.forEach(function (c) {
        // An <img> of the server's SVG: the chart's own styles stay
        // inside it, and its alt text is the chart's title.
        var fig = el('figure', { 'data-chart': c.name }); box.appendChild(fig);
        fig.appendChild(el('img', { src: URL.createObjectURL(new Blob([c.svg], { type: 'image/svg+xml' })), alt: c.title }));
      });
    }, fail);
  }
  document.querySelectorAll('[data-export]').forEach(function (b) {
    b.addEventListener('click', function () {
      api('export/' + b.dataset.export + '.csv', { raw: true }).then(function (r) { return r.blob(); }).then(function (blob) {
        var a = el('a', { href: URL.createObjectURL(blob), download: 'slotbot-' + b.dataset.export + '.csv' });
        document.body.appendChild(a); a.click(); a.remove();
      }, fail);
    });
  });

  // Start: who is this, in which language, then the first view.
  tg.ready(); tg.expand();
  who().then(function () { return api('me'); }).then(function (me) {
    if (me.lang !== CFG.lang) {
      var u = new URL(location.href); u.searchParams.set('lang', me.lang);
      location.replace(u.toString()); return;
    }
    state.me = me; zone = me.zone;
    $('tab-report').hidden = !me.coach;
    state.month = todayISO().slice(0, 7);
    var q = new URLSearchParams(location.search);
    state.coach = +q.get('coach') || 0; state.type = +q.get('type') || 0;
    return api('catalog').then(function (c) {
      $('loading').hidden = true;
      state.catalog = c.coaches; fillFilters();
      show(CFG.view === 'report' && me.coach ? 'report' : 'calendar');
      return loadMonth();
    });
  }).catch(function (e) { $('loading').hidden = true; fail(e); });
})();
