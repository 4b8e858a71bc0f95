// Trident viewer: overlay video (/stream.mjpeg), live results (WS /ws/results), latency sparkline, health.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  // segmentation colours, as in the overlay (BGR palette there, RGB here)
  const PALETTE = ['#80408f', '#4682b4', '#6b8e23', '#999999', '#464646', '#f423e8', '#dcdc00', '#faaa1e', '#00008e', '#000046'];
  const history = [];       // {lat, proc} per frame, newest last
  const arrivals = [];      // ms timestamps of received results
  const MAX = 200;
  let updates = 0;
  let socket = null;

  function fmt(v, d) { return v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toFixed(d); }

  function percentile(values, p) {
    if (!values.length) return NaN;
    const s = values.slice().sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))];
  }

  function renderDetections(msg) {
    const body = $('det-body');
    const dets = msg.detections || [];
    const rows = dets.slice().sort((a, b) => b.score - a.score).slice(0, 14).map((d) => {
      const dist = d.distance !== undefined ? fmt(d.distance, 1) + ' m' : '–';
      const box = d.box.map((v) => Math.round(v)).join(', ');
      return '<tr class="det"><td class="cls">' + escape(d['class']) + '</td><td><span class="score" style="width:' +
        Math.round(40 * d.score) + 'px"></span>' + fmt(d.score, 2) + '</td><td>' + box + '</td><td>' + dist + '</td></tr>';
    });
    body.innerHTML = rows.length ? rows.join('') : '<tr class="empty"><td colspan="4">no detections in this frame</td></tr>';
    $('det-count').textContent = dets.length + (dets.length === 1 ? ' object' : ' objects');
    const table = $('detections');
    updates++;
    table.dataset.updates = String(updates);
    table.dataset.seq = String(msg.seq);
  }

  function renderSegmentation(msg) {
    const heads = Object.keys(msg.segmentation || {});
    if (!heads.length) return; // the head did not run on this frame: keep the last one
    const fr = msg.segmentation[heads[0]].fractions || {};
    $('seg').innerHTML = Object.keys(fr).map((name, i) =>
      '<div class="seg-row"><span>' + escape(name) + '</span><div class="seg-bar"><div style="width:' + (100 * fr[name]).toFixed(1) +
      '%;background:' + PALETTE[i % PALETTE.length] + '"></div></div><span class="seg-val">' + (100 * fr[name]).toFixed(0) + '%</span></div>'
    ).join('');
  }

  function renderDepth(msg) {
    const heads = Object.keys(msg.depth || {});
    if (!heads.length) return;
    const d = msg.depth[heads[0]];
    $('nearest').textContent = d.nearestAheadM !== undefined ? fmt(d.nearestAheadM, 1) + ' m' : 'clear';
  }

  function renderTimings(msg) {
    const t = msg.timings || {};
    const p = msg.pipeline || {};
    const rows = [['pipeline latency', p.latencyMs], ['processing', p.processingMs], ['cyclic', p.cyclicMs], ['queue', p.queueMs],
      ['preprocess', t.preprocessMs], ['inference', t.inferenceMs]];
    Object.keys(t.decodeMs || {}).forEach((h) => rows.push(['decode ' + h, t.decodeMs[h]]));
    $('timings').innerHTML = rows.map((r) => '<span>' + r[0] + '</span><span>' + fmt(r[1], 1) + ' ms</span>').join('');
  }

  function drawSpark() {
    const c = $('spark');
    const w = c.clientWidth || c.width;
    const h = c.clientHeight || c.height;
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    const g = c.getContext('2d');
    g.clearRect(0, 0, w, h);
    if (history.length < 2) return;
    const top = Math.max(10, percentile(history.map((x) => x.lat), 99) * 1.25);
    g.strokeStyle = '#1f2b35';
    g.fillStyle = '#7f93a3';
    g.font = '11px system-ui, sans-serif';
    [0.25, 0.5, 0.75].forEach((f) => {
      const y = h - f * h;
      g.beginPath(); g.moveTo(0, y); g.lineTo(w, y); g.stroke();
      g.fillText((top * f).toFixed(0) + ' ms', 4, y - 3);
    });
    const line = (key, colour, fill) => {
      g.beginPath();
      history.forEach((x, i) => {
        const px = (i / (MAX - 1)) * w;
        const py = h - Math.min(1, x[key] / top) * (h - 4);
        if (i === 0) g.moveTo(px, py); else g.lineTo(px, py);
      });
      g.strokeStyle = colour; g.lineWidth = 1.6; g.stroke();
      if (fill) {
        g.lineTo(((history.length - 1) / (MAX - 1)) * w, h); g.lineTo(0, h); g.closePath();
        g.fillStyle = fill; g.fill();
      }
    };
    line('lat', '#2dd4bf', 'rgba(45,212,191,0.10)');
    line('proc', '#60a5fa', null);
  }

  function onResult(msg) {
    // frame rate from the daemon's publish clock (robust to a throttled or virtual-time browser)
    const now = msg.publishEpochMs || Date.now();
    arrivals.push(now);
    while (arrivals.length > 1 && arrivals[0] < now - 3000) arrivals.shift();
    const p = msg.pipeline || {};
    history.push({ lat: p.latencyMs || 0, proc: p.processingMs || 0 });
    while (history.length > MAX) history.shift();
    const lats = history.map((x) => x.lat);
    $('fps').textContent = arrivals.length > 1 && now > arrivals[0] ? fmt((arrivals.length - 1) * 1000 / (now - arrivals[0]), 1) : '–';
    $('p50').textContent = fmt(percentile(lats, 50), 0);
    $('p99').textContent = fmt(percentile(lats, 99), 0);
    $('drops').textContent = p.dropped !== undefined ? String(p.dropped) : '–';
    $('seq').textContent = String(msg.seq);
    renderDetections(msg);
    renderSegmentation(msg);
    renderDepth(msg);
    renderTimings(msg);
  }

  function escape(s) {
    return String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]));
  }

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/results';
    socket = new WebSocket(url);
    socket.onmessage = (e) => { try { onResult(JSON.parse(e.data)); } catch (err) { console.error(err); } };
    socket.onclose = () => { setHealth('offline'); setTimeout(connect, 1500); };
  }

  function setHealth(status) {
    const el = $('health');
    el.dataset.status = status;
    el.textContent = status;
  }

  function pollHealth() {
    fetch('/health', { cache: 'no-store' })
      .then((r) => r.json())
      .then((h) => { setHealth(h.status); $('health').title = h.reason || ''; })
      .catch(() => setHealth('offline'));
  }

  function animate() { drawSpark(); requestAnimationFrame(animate); }

  function start() {
    // set after load so the endless MJPEG response never holds the page's load event
    $('stream').src = '/stream.mjpeg';
    connect();
    pollHealth();
    setInterval(pollHealth, 2000);
    setInterval(drawSpark, 250);
    requestAnimationFrame(animate);
  }

  if (document.readyState === 'complete') start(); else window.addEventListener('load', start);
})();
