/* The commitments report: draws the page from the JSON in #report-data.
 * Every text from the data goes into the page through textContent, attributes set with
 * setAttribute, or SVG <title> text: never innerHTML. */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var KNOWN_KINDS = ['agreement', 'target', 'pledge', 'proposal'];
  var FLAG_NAMES = {
    both: 'Timeline-free and vague',
    timeline_free: 'Timeline-free only',
    vague: 'Vague only',
    neither: 'Neither flag'
  };
  var ROWS = DATA.rows || [];
  var DOCS = DATA.documents || [];
  var SUMMARY = DATA.summary || {};
  var META = DATA.meta || {};

  // ------------------------------------------------------------------ DOM helpers
  function setProps(node, props, isSvg) {
    if (!props) return;
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.setAttribute('class', value);
      else if (key === 'dataset') Object.keys(value).forEach(function (k) { node.dataset[k] = String(value[k]); });
      else if (key.indexOf('on') === 0 && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (key === 'style') throw new Error('inline style attributes are not allowed');
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    return isSvg;
  }
  function addChildren(node, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { addChildren(node, child); return; }
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }
  function h(tag, props) {
    var node = document.createElement(tag);
    setProps(node, props, false);
    return addChildren(node, Array.prototype.slice.call(arguments, 2));
  }
  function svg(tag, props) {
    var node = document.createElementNS(SVGNS, tag);
    setProps(node, props, true);
    return addChildren(node, Array.prototype.slice.call(arguments, 2));
  }
  function byId(id) { return document.getElementById(id); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // ------------------------------------------------------------------ formatting
  function kindClass(kind) { return KNOWN_KINDS.indexOf(kind) >= 0 ? kind : 'other'; }
  function kindLabel(kind) { return kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : 'Unknown'; }
  function plural(n, word, many) { return n + ' ' + (n === 1 ? word : (many || word + 's')); }
  function fmtInt(n) { return (n || 0).toLocaleString('en-US'); }
  function truncate(text, n) { text = text || ''; return text.length > n ? text.slice(0, n - 1) + '…' : text; }

  function compact(value) {
    var abs = Math.abs(value), num = value, suffix = '';
    if (abs >= 1e12) { num = value / 1e12; suffix = ' tn'; }
    else if (abs >= 1e9) { num = value / 1e9; suffix = ' bn'; }
    else if (abs >= 1e6) { num = value / 1e6; suffix = ' m'; }
    var digits = Math.abs(num) < 10 ? 2 : (Math.abs(num) < 100 ? 1 : 0);
    return num.toLocaleString('en-US', { maximumFractionDigits: digits }) + suffix;
  }
  function fmtAmount(value, unit) {
    if (value === null || value === undefined) return '';
    unit = unit || '';
    if (/^[A-Z]{3}$/.test(unit)) return unit + ' ' + compact(value);
    if (unit === '%') return compact(value) + '%';
    if (unit === 'count' || !unit) return compact(value);
    return compact(value) + ' ' + unit;
  }
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function parseISO(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function fmtDeadline(iso, granularity) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    if (!m) return '';
    var y = m[1], mo = +m[2], d = +m[3];
    switch (granularity) {
      case 'year': return 'end ' + y;
      case 'half': return (mo <= 6 ? 'H1 ' : 'H2 ') + y;
      case 'quarter': return 'Q' + Math.ceil(mo / 3) + ' ' + y;
      case 'month': return MONTHS[mo - 1] + ' ' + y;
      default: return d + ' ' + MONTHS[mo - 1] + ' ' + y;
    }
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || '') ? url : null; }

  function kindChip(kind) { return h('span', { class: 'chip kind-' + kindClass(kind), text: kind || 'unknown' }); }
  function flagBadges(row) {
    var reasons = (row.flag_reasons || []).join('; ');
    return [
      row.timeline_free ? h('span', { class: 'badge tf', text: 'timeline-free', title: reasons || 'no deadline' }) : null,
      row.vague ? h('span', { class: 'badge vague', text: 'vague', title: reasons || 'no measurable outcome' }) : null
    ];
  }
  function deadlineNodes(row) {
    if (row.deadline) {
      return [
        h('span', { text: fmtDeadline(row.deadline, row.deadline_granularity), title: row.deadline }),
        row.deadline_past ? [' ', h('span', { class: 'badge past', text: 'past' })] : null
      ];
    }
    if (row.deadline_text) return h('span', { class: 'badge event', text: 'event', title: 'a deadline with no date' });
    return h('span', { class: 'muted', text: '—' });
  }

  // ------------------------------------------------------------------ header and meta
  function countPill(id, label, value, extra) {
    var pill = h('span', { class: 'count' + (extra && extra.warn ? ' warn' : ''), title: extra && extra.title },
      extra && extra.dot ? h('span', { class: 'dot bg-' + extra.dot }) : null,
      label, h('b', { id: id, text: fmtInt(value) }),
      extra && extra.sub ? h('span', { class: 'sub', text: extra.sub }) : null);
    return pill;
  }
  function renderHeader() {
    var meta = byId('meta-line');
    meta.textContent = [META.out_dir ? 'Folder ' + META.out_dir : null, 'run date ' + META.run_date,
      'generated ' + META.generated_at].filter(Boolean).join(' · ');
    var counts = byId('header-counts');
    var docs = countPill('count-documents', 'Documents', SUMMARY.documents, {
      sub: null, title: 'documents in documents.parquet'
    });
    addChildren(docs, [h('span', { class: 'sub' }, '(', h('span', { id: 'count-documents-ok', text: fmtInt(SUMMARY.documents_ok) }),
      ' ok · ', h('span', { id: 'count-documents-failed', text: fmtInt(SUMMARY.documents_failed) }), ' failed)')]);
    counts.appendChild(docs);
    counts.appendChild(countPill('count-commitments', 'Commitments', SUMMARY.commitments));
    (DATA.kinds || []).forEach(function (kind) {
      var n = (SUMMARY.by_kind || {})[kind] || 0;
      if (!n && KNOWN_KINDS.indexOf(kind) < 0) return;
      counts.appendChild(countPill('count-kind-' + kind, kindLabel(kind), n, { dot: kindClass(kind) }));
    });
    counts.appendChild(countPill('count-timeline-free', 'Timeline-free', SUMMARY.timeline_free, { dot: 'timeline_free' }));
    counts.appendChild(countPill('count-vague', 'Vague', SUMMARY.vague, { dot: 'vague' }));
    counts.appendChild(countPill('count-past-deadlines', 'Past deadlines', SUMMARY.deadlines_past,
      { warn: SUMMARY.deadlines_past > 0, title: 'deadlines before the run date ' + META.run_date }));
    byId('footer').textContent = 'Generated ' + META.generated_at + ' by the commitments pipeline from ' +
      (META.out_dir || 'the output folder') + ' (commitments.parquet, documents.parquet, texts/). ' +
      'A self-contained file: nothing is fetched from the network.';
  }
  function syncHeaderHeight() {
    var top = byId('top');
    document.documentElement.style.setProperty('--header-h', top.offsetHeight + 'px');
  }

  // ------------------------------------------------------------------ overview
  function pct(n, total) { return total ? Math.round(100 * n / total) + '%' : '–'; }
  function kpi(cls, label, value, detail) {
    return h('div', { class: 'kpi ' + (cls || '') },
      h('div', { class: 'label', text: label }),
      h('div', { class: 'value', text: value }),
      detail ? h('div', { class: 'detail', text: detail }) : null);
  }
  function renderKpis() {
    var total = SUMMARY.commitments || 0;
    var box = byId('kpis');
    box.appendChild(kpi('', 'Documents', fmtInt(SUMMARY.documents),
      fmtInt(SUMMARY.documents_ok) + ' ok · ' + fmtInt(SUMMARY.documents_failed) + ' failed'));
    box.appendChild(kpi('', 'Commitments', fmtInt(total), plural(SUMMARY.with_money || 0, 'with money', 'with money')));
    (DATA.kinds || []).forEach(function (kind) {
      var n = (SUMMARY.by_kind || {})[kind] || 0;
      if (!n && KNOWN_KINDS.indexOf(kind) < 0) return;
      var label = KNOWN_KINDS.indexOf(kind) >= 0 ? kindLabel(kind) + 's' : 'Kind “' + kind + '”';
      box.appendChild(kpi('kind-' + kindClass(kind), label, fmtInt(n), pct(n, total) + ' of commitments'));
    });
    box.appendChild(kpi('flag-tf', 'Timeline-free', fmtInt(SUMMARY.timeline_free), pct(SUMMARY.timeline_free, total) + ' state no deadline'));
    box.appendChild(kpi('flag-vague', 'Vague', fmtInt(SUMMARY.vague), pct(SUMMARY.vague, total) + ' with nothing measurable'));
    box.appendChild(kpi('flag-past', 'Deadlines', fmtInt(SUMMARY.with_deadline),
      fmtInt(SUMMARY.deadlines_past) + ' past · ' + fmtInt(SUMMARY.event_deadlines) + ' event-bound'));
  }
  function renderNotices() {
    var notices = META.notices || [];
    if (!notices.length) return;
    byId('notices').appendChild(h('div', { class: 'notice' }, h('b', { text: 'Notes on the data' }),
      h('ul', null, notices.map(function (n) { return h('li', { text: n }); }))));
  }
  function renderFailures() {
    var failures = SUMMARY.failures || [];
    if (!failures.length) return;
    byId('failures').appendChild(h('div', { class: 'card failures' },
      h('h3', { text: plural(failures.length, 'document') + ' failed to ingest' }),
      h('ul', null, failures.map(function (f) {
        return h('li', null, h('button', { class: 'linkish', text: f.label, onclick: function () { openDocument(f.doc, true); } }),
          ' — ', h('span', { class: 'reason', text: f.reason || 'failed' }),
          f.source && f.source !== f.label ? h('span', { class: 'muted', text: ' (' + f.source + ')' }) : null);
      }))));
  }

  function legend(items) {
    return h('div', { class: 'legend' }, items.map(function (it) {
      return h('span', null, h('span', { class: 'swatch bg-' + it[0] }), it[1]);
    }));
  }
  var FLAG_COLORS = { both: '#b2182b', timeline_free: '#ef8a62', vague: '#67a9cf', neither: '#cfd5dc' };
  var KIND_COLORS = { agreement: '#009e73', target: '#0072b2', pledge: '#e69f00', proposal: '#cc79a7', other: '#8b95a2' };

  function barChart(container, items, opts) {
    // items: {name, total, parts: [{key, value, color, label}], valueLabel, onclick}
    var width = 640, labelW = 168, valueW = 86, rowH = 24, top = 4;
    var barW = width - labelW - valueW - 8;
    var max = items.reduce(function (m, it) { return Math.max(m, it.total); }, 0) || 1;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + (top + items.length * rowH + 4), role: 'img', 'aria-label': opts.aria });
    items.forEach(function (it, i) {
      var y = top + i * rowH;
      var g = svg('g', { class: 'bar-row', transform: 'translate(0,' + y + ')', tabindex: '0' });
      g.appendChild(svg('rect', { class: 'row-bg', x: 0, y: 0, width: width, height: rowH, fill: 'transparent', rx: 4 }));
      g.appendChild(svg('text', { class: 'bar-label', x: labelW - 8, y: rowH / 2 + 4, 'text-anchor': 'end' },
        truncate(it.name, 24), svg('title', { text: it.title || it.name })));
      var x = labelW;
      it.parts.forEach(function (part) {
        if (!part.value) return;
        var w = Math.max(1, barW * part.value / max);
        g.appendChild(svg('rect', { x: x, y: 4, width: w, height: rowH - 8, fill: part.color, rx: 2 },
          svg('title', { text: it.name + ' — ' + part.label })));
        x += w;
      });
      g.appendChild(svg('text', { class: 'value-label', x: x + 6, y: rowH / 2 + 4, text: it.valueLabel }));
      if (it.onclick) {
        g.addEventListener('click', it.onclick);
        g.addEventListener('keydown', function (e) { if (e.key === 'Enter') it.onclick(); });
      }
      chart.appendChild(g);
    });
    container.appendChild(chart);
  }

  function renderActorChart() {
    var box = byId('chart-actors');
    var actors = DATA.actors || [];
    if (!actors.length) { box.appendChild(h('p', { class: 'empty', text: 'No commitments yet.' })); return; }
    box.appendChild(legend(['both', 'timeline_free', 'vague', 'neither'].map(function (g) { return [g, FLAG_NAMES[g]]; })));
    var area = h('div');
    box.appendChild(area);
    var limit = 14;
    function draw(all) {
      clear(area);
      var shown = all ? actors : actors.slice(0, limit);
      barChart(area, shown.map(function (a) {
        return {
          name: a.name, total: a.total,
          valueLabel: String(a.total),
          title: a.name + ': ' + plural(a.total, 'commitment') + ', ' + a.timeline_free + ' timeline-free, ' + a.vague + ' vague',
          parts: ['both', 'timeline_free', 'vague', 'neither'].map(function (g) {
            return { value: a.by_flag[g], color: FLAG_COLORS[g], label: FLAG_NAMES[g] + ': ' + a.by_flag[g] };
          }),
          onclick: function () { filterTable({ actor: a.name }); }
        };
      }), { aria: 'Commitments per actor split by flag' });
      if (actors.length > limit) {
        area.appendChild(h('div', { class: 'more' }, h('button', {
          class: 'btn small', text: all ? 'Show the top ' + limit : 'Show all ' + actors.length + ' actors',
          onclick: function () { draw(!all); }
        })));
      }
    }
    draw(false);
  }

  function renderMoneyChart() {
    var box = byId('chart-money');
    var money = DATA.money || [];
    if (!money.length) {
      box.appendChild(h('p', { class: 'empty', text: 'No commitment states an amount in an ISO 4217 currency.' }));
      return;
    }
    box.appendChild(legend((DATA.kinds || KNOWN_KINDS).filter(function (k) {
      return money.some(function (c) { return c.actors.some(function (a) { return a.by_kind[k]; }); });
    }).map(function (k) { return [kindClass(k), kindLabel(k)]; })));
    money.forEach(function (cur) {
      var block = h('div', { class: 'currency-block' },
        h('div', { class: 'currency-head' },
          h('span', null, h('b', { text: cur.currency }), ' · ', plural(cur.n, 'commitment')),
          h('span', { class: 'muted num', text: 'total ' + fmtAmount(cur.total, cur.currency) })));
      var actors = cur.actors.slice(0, 10);
      barChart(block, actors.map(function (a) {
        return {
          name: a.name, total: a.total, valueLabel: compact(a.total),
          parts: (DATA.kinds || KNOWN_KINDS).map(function (k) {
            var v = a.by_kind[k] || 0;
            return { value: v, color: KIND_COLORS[kindClass(k)], label: k + ': ' + fmtAmount(v, cur.currency) };
          }),
          onclick: function () { filterTable({ actor: a.name }); }
        };
      }), { aria: 'Money per actor in ' + cur.currency });
      if (cur.actors.length > actors.length) {
        block.appendChild(h('div', { class: 'hint', text: '+ ' + (cur.actors.length - actors.length) + ' more actors' }));
      }
      box.appendChild(block);
    });
  }

  function renderDeadlineChart() {
    var box = byId('chart-deadlines');
    var dated = ROWS.filter(function (r) { return r.deadline && parseISO(r.deadline) !== null; });
    var events = ROWS.filter(function (r) { return r.deadline_text && !r.deadline; });
    if (!dated.length) {
      box.appendChild(h('p', { class: 'empty', text: 'No commitment states a dated deadline.' }));
    } else {
      box.appendChild(legend((DATA.kinds || KNOWN_KINDS).filter(function (k) {
        return dated.some(function (r) { return r.kind === k; });
      }).map(function (k) { return [kindClass(k), kindLabel(k)]; }).concat([['both', 'ringed: past the run date']])));
      drawTimeline(box, dated);
    }
    if (events.length) {
      box.appendChild(h('div', { class: 'event-list' },
        h('span', { text: plural(events.length, 'commitment') + ' with an event deadline (no date): ' }),
        events.slice(0, 40).map(function (r) {
          return h('button', { class: 'btn small', text: truncate(r.deadline_text, 50), title: r.sentence,
            onclick: function () { selectCommitment(r.id, { scroll: true }); } });
        }),
        events.length > 40 ? h('span', { text: ' …' }) : null));
    }
  }

  function drawTimeline(box, dated) {
    var width = 1000, left = 24, right = 24, top = 26, laneH = 15, r = 5.5;
    var runT = parseISO(META.run_date);
    var times = dated.map(function (row) { return parseISO(row.deadline); });
    var lo = Math.min.apply(null, times.concat([runT])), hi = Math.max.apply(null, times.concat([runT]));
    var day = 86400000;
    if (hi - lo < 120 * day) { lo -= 60 * day; hi += 60 * day; }
    var pad = (hi - lo) * 0.04; lo -= pad; hi += pad;
    function x(t) { return left + (width - left - right) * (t - lo) / (hi - lo); }

    var items = dated.map(function (row, i) { return { row: row, t: times[i], x: x(times[i]) }; })
      .sort(function (a, b) { return a.t - b.t || a.row.id - b.row.id; });
    var lanes = [], maxLanes = 14;
    items.forEach(function (it) {
      var lane = 0;
      while (lane < lanes.length && lanes[lane] > it.x - 2 * r - 1.5) lane++;
      if (lane >= maxLanes) lane = maxLanes - 1;
      lanes[lane] = it.x;
      it.lane = lane;
    });
    var nLanes = Math.max(1, lanes.length);
    var axisY = top + nLanes * laneH + 10;
    var height = axisY + 28;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Deadlines on a time line' });

    var runX = x(runT);
    chart.appendChild(svg('rect', { x: left, y: 4, width: Math.max(0, runX - left), height: axisY - 4, fill: '#f3f4f7' }));
    chart.appendChild(svg('text', { class: 'axis-label', x: left + 4, y: 16, text: 'past' }));
    chart.appendChild(svg('line', { x1: runX, x2: runX, y1: 4, y2: axisY, stroke: '#b2182b', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }));
    chart.appendChild(svg('text', { class: 'axis-label', x: runX + 5, y: 16, text: 'run date ' + META.run_date }));
    chart.appendChild(svg('line', { x1: left, x2: width - right, y1: axisY, y2: axisY, stroke: '#9aa4b1' }));

    ticks(lo, hi).forEach(function (t) {
      var tx = x(t.t);
      chart.appendChild(svg('g', { class: 'tick' },
        svg('line', { x1: tx, x2: tx, y1: axisY, y2: axisY + 5, stroke: '#9aa4b1' }),
        svg('text', { x: tx, y: axisY + 18, 'text-anchor': 'middle', text: t.label })));
    });
    items.forEach(function (it) {
      var row = it.row;
      var cy = top + it.lane * laneH + laneH / 2;
      var dot = svg('circle', {
        class: 'dot', cx: it.x.toFixed(1), cy: cy, r: r, fill: KIND_COLORS[kindClass(row.kind)],
        'fill-opacity': row.deadline_past ? 0.45 : 0.95,
        stroke: row.deadline_past ? '#b2182b' : '#fff', 'stroke-width': row.deadline_past ? 2.2 : 1,
        tabindex: '0', dataset: { id: row.id, past: row.deadline_past ? '1' : '0' }
      }, svg('title', {
        text: fmtDeadline(row.deadline, row.deadline_granularity) + (row.deadline_past ? ' (past)' : '') + ' — ' +
          row.kind + ' — ' + (row.actors.join(', ') || 'no actor') + '\n' + truncate(row.sentence, 220)
      }));
      dot.addEventListener('click', function () { selectCommitment(row.id, { scroll: true }); });
      dot.addEventListener('keydown', function (e) { if (e.key === 'Enter') selectCommitment(row.id, { scroll: true }); });
      chart.appendChild(dot);
    });
    box.appendChild(chart);
    var past = dated.filter(function (row) { return row.deadline_past; }).length;
    box.appendChild(h('p', { class: 'hint', text: plural(dated.length, 'dated deadline') + ', ' + past + ' past the run date (' + META.run_date + ').' }));
  }

  function ticks(lo, hi) {
    var out = [], years = (hi - lo) / (365.25 * 86400000);
    var start = new Date(lo), y0 = start.getUTCFullYear(), y1 = new Date(hi).getUTCFullYear();
    if (years > 2.5) {
      var step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].filter(function (st) { return years / st <= 10; })[0] || 10000;
      for (var y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
        var t = Date.UTC(y, 0, 1);
        if (t >= lo && t <= hi) out.push({ t: t, label: String(y) });
      }
    } else {
      var mStep = years > 1.2 ? 6 : years > 0.5 ? 3 : 1;
      for (var yy = y0; yy <= y1; yy++) {
        for (var m = 0; m < 12; m += mStep) {
          var tm = Date.UTC(yy, m, 1);
          if (tm >= lo && tm <= hi) out.push({ t: tm, label: MONTHS[m] + ' ' + yy });
        }
      }
    }
    return out;
  }

  function renderDocSummary() {
    var table = byId('doc-summary');
    var kinds = DATA.kinds || KNOWN_KINDS;
    var head = h('tr', null, h('th', { text: 'Document' }), h('th', { text: 'Date' }), h('th', { text: 'Type' }),
      h('th', { text: 'Status' }), h('th', { class: 'n', text: 'Commitments' }),
      kinds.filter(function (k) { return KNOWN_KINDS.indexOf(k) >= 0 || (SUMMARY.by_kind || {})[k]; })
        .map(function (k) { return h('th', { class: 'n', text: kindLabel(k) }); }),
      h('th', { class: 'n', text: 'Timeline-free' }), h('th', { class: 'n', text: 'Vague' }));
    table.appendChild(h('thead', null, head));
    var body = h('tbody');
    if (!DOCS.length) {
      body.appendChild(h('tr', null, h('td', { colspan: 12, class: 'empty', text: 'No documents in this folder yet.' })));
    }
    function n(v) { return h('td', { class: 'n' + (v ? '' : ' zero'), text: fmtInt(v) }); }
    DOCS.forEach(function (doc) {
      body.appendChild(h('tr', { class: doc.ok ? '' : 'failed', dataset: { doc: doc.index } },
        h('td', null, h('button', { class: 'linkish', text: doc.label, title: doc.source || doc.doc_id,
          onclick: function () { openDocument(doc.index, true); } })),
        h('td', { class: 'num', text: doc.doc_date || '—' }),
        h('td', { text: doc.kind || '—' }),
        h('td', { class: 'status' }, doc.ok ? 'ok' : [h('span', { class: 'badge failed', text: 'failed' }),
          h('span', { class: 'reason', text: ' ' + (doc.failure || doc.status) })]),
        h('td', { class: 'n' }, doc.n ? h('button', { class: 'linkish num', text: fmtInt(doc.n), title: 'show in the table',
          onclick: function () { filterTable({ doc: String(doc.index) }); } }) : h('span', { class: 'zero', text: '0' })),
        kinds.filter(function (k) { return KNOWN_KINDS.indexOf(k) >= 0 || (SUMMARY.by_kind || {})[k]; })
          .map(function (k) { return n((doc.by_kind || {})[k] || 0); }),
        n(doc.timeline_free), n(doc.vague)));
    });
    table.appendChild(body);
  }

  function renderActorSummary() {
    var table = byId('actor-summary');
    if ((DATA.actors || []).length <= 12) byId('actor-table-card').open = true;
    table.appendChild(h('thead', null, h('tr', null, h('th', { text: 'Actor' }), h('th', { class: 'n', text: 'Commitments' }),
      h('th', { class: 'n', text: 'Timeline-free' }), h('th', { class: 'n', text: 'Vague' }),
      h('th', { class: 'n', text: 'Both' }), h('th', { class: 'n', text: 'Neither' }))));
    var body = h('tbody');
    (DATA.actors || []).forEach(function (a) {
      body.appendChild(h('tr', null,
        h('td', null, h('button', { class: 'linkish', text: a.name, onclick: function () { filterTable({ actor: a.name }); } })),
        h('td', { class: 'n', text: fmtInt(a.total) }), h('td', { class: 'n', text: fmtInt(a.timeline_free) }),
        h('td', { class: 'n', text: fmtInt(a.vague) }), h('td', { class: 'n', text: fmtInt(a.by_flag.both) }),
        h('td', { class: 'n', text: fmtInt(a.by_flag.neither) })));
    });
    if (!(DATA.actors || []).length) body.appendChild(h('tr', null, h('td', { colspan: 6, class: 'empty', text: 'No actors.' })));
    table.appendChild(body);
  }

  // ------------------------------------------------------------------ commitments table
  var table = { rowEls: {}, order: [], matches: [], limit: 200, sortKey: null, sortDir: 1, controls: {} };
  var COLUMNS = [
    { key: 'doc', label: 'Document', sort: function (r) { return r.doc; } },
    { key: 'kind', label: 'Kind', sort: function (r) { return r.kind; } },
    { key: 'actors', label: 'Actors' },
    { key: 'sentence', label: 'Commitment' },
    { key: 'amount', label: 'Amount', sort: function (r) { return r.amount_value; } },
    { key: 'deadline', label: 'Deadline', sort: function (r) { return r.deadline ? parseISO(r.deadline) : null; } },
    { key: 'flags', label: 'Flags' },
    { key: 'confidence', label: 'Confidence', sort: function (r) { return r.confidence; } }
  ];

  function optionList(select, options) {
    options.forEach(function (o) { select.appendChild(h('option', { value: o[0], text: o[1] })); });
    return select;
  }
  function renderFilters() {
    var box = byId('filters');
    var c = table.controls;
    c.search = h('input', { type: 'search', id: 'filter-search', placeholder: 'words in sentence, actor, place…', 'aria-label': 'Search' });
    c.doc = optionList(h('select', { id: 'filter-doc' }), [['', 'All documents']].concat(
      DOCS.filter(function (d) { return d.n; }).map(function (d) { return [String(d.index), truncate(d.label, 60) + ' (' + d.n + ')']; })));
    var actorNames = (DATA.actors || []).map(function (a) { return a; }).sort(function (a, b) {
      return a.name.localeCompare(b.name);
    });
    c.actor = optionList(h('select', { id: 'filter-actor' }), [['', 'All actors']].concat(
      actorNames.map(function (a) { return [a.name, truncate(a.name, 50) + ' (' + a.total + ')']; })));
    c.kind = optionList(h('select', { id: 'filter-kind' }), [['', 'All kinds']].concat(
      (DATA.kinds || []).filter(function (k) { return (SUMMARY.by_kind || {})[k]; })
        .map(function (k) { return [k, kindLabel(k) + ' (' + SUMMARY.by_kind[k] + ')']; })));
    c.flag = optionList(h('select', { id: 'filter-flag' }), [
      ['', 'Any'], ['timeline_free', 'Timeline-free'], ['vague', 'Vague'], ['both', 'Timeline-free and vague'], ['neither', 'Neither flag']]);
    c.deadline = optionList(h('select', { id: 'filter-deadline' }), [
      ['', 'Any'], ['dated', 'Has a date'], ['past', 'Past the run date'], ['upcoming', 'Upcoming'], ['event', 'Event (no date)'], ['none', 'None stated']]);
    table.shown = h('span', { class: 'shown', id: 'table-count' });
    var reset = h('button', { class: 'btn', id: 'filter-reset', text: 'Reset', onclick: function () { filterTable({}); } });
    function field(label, control) { return h('label', null, label, control); }
    addChildren(box, [field('Search', c.search), field('Document', c.doc), field('Actor', c.actor), field('Kind', c.kind),
      field('Flag', c.flag), field('Deadline', c.deadline), reset, h('span', { class: 'spacer' }), table.shown]);
    ['doc', 'actor', 'kind', 'flag', 'deadline'].forEach(function (k) { c[k].addEventListener('change', applyFilters); });
    var timer = null;
    c.search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(applyFilters, 120); });
  }

  function renderTable() {
    var el = byId('commitments-table');
    var headRow = h('tr');
    COLUMNS.forEach(function (col) {
      var th = h('th', { scope: 'col', class: col.sort ? 'sortable' : null, dataset: { key: col.key }, text: col.label });
      if (col.sort) {
        th.setAttribute('tabindex', '0');
        th.setAttribute('aria-sort', 'none');
        th.addEventListener('click', function () { sortBy(col.key); });
        th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(col.key); });
      }
      headRow.appendChild(th);
    });
    el.appendChild(h('thead', null, headRow));
    table.body = h('tbody');
    table.order = ROWS.slice().sort(readingOrder).map(function (r) { return r.id; });
    table.emptyRow = h('tr', { hidden: true }, h('td', { colspan: COLUMNS.length, class: 'empty-row',
      text: ROWS.length ? 'No commitment matches these filters.' : 'No commitments in this folder yet.' }));
    table.moreCell = h('td', { colspan: COLUMNS.length, class: 'more-row' });
    table.moreRow = h('tr', { hidden: true }, table.moreCell);
    el.appendChild(table.body);
    applyFilters();
  }
  // rows are built when first shown: a big table costs nothing until it is paged through
  function rowEl(id) {
    if (table.rowEls[id]) return table.rowEls[id];
    var r = ROWS[id];
    var doc = DOCS[r.doc] || {};
    var tr = h('tr', { tabindex: '0', dataset: { id: r.id, kind: r.kind, flag: r.flag }, id: 'row-' + r.id },
      h('td', { class: 'doc' }, h('span', { class: 'doc-label', text: doc.label || r.doc_id, title: doc.label || r.doc_id })),
      h('td', { class: 'kind' }, kindChip(r.kind), r.certainty ? h('span', { class: 'sub', text: r.certainty }) : null),
      h('td', { class: 'actors' }, h('span', { class: 'list', text: r.actors.join(', ') || '—', title: r.actors.join(', ') })),
      h('td', { class: 'sentence' }, h('span', { class: 'text', text: r.sentence, title: r.sentence })),
      h('td', { class: 'amount' }, r.amount_value !== null ? fmtAmount(r.amount_value, r.amount_unit) : h('span', { class: 'muted', text: '—' }),
        r.amount_text ? h('span', { class: 'sub', text: r.amount_text }) : null),
      h('td', { class: 'deadline' }, deadlineNodes(r), r.deadline_text ? h('span', { class: 'sub', text: r.deadline_text }) : null),
      h('td', { class: 'flags' }, flagBadges(r)),
      h('td', { class: 'conf' }, r.confidence !== null ? r.confidence.toFixed(2) : '—', confBar(r.confidence)));
    if (selected.row === id) tr.classList.add('is-selected');
    tr.addEventListener('click', function () { selectCommitment(r.id, { scroll: true }); });
    tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') selectCommitment(r.id, { scroll: true }); });
    table.rowEls[id] = tr;
    return tr;
  }
  var PAGE = 200;
  function drawRows() {
    var shown = table.matches.slice(0, table.limit);
    var frag = document.createDocumentFragment();
    shown.forEach(function (id) { frag.appendChild(rowEl(id)); });
    table.emptyRow.hidden = table.matches.length > 0;
    frag.appendChild(table.emptyRow);
    var rest = table.matches.length - shown.length;
    table.moreRow.hidden = rest <= 0;
    clear(table.moreCell);
    if (rest > 0) {
      addChildren(table.moreCell, [fmtInt(shown.length) + ' of ' + fmtInt(table.matches.length) + ' shown ',
        h('button', { class: 'btn small', text: 'Show ' + Math.min(PAGE, rest) + ' more', onclick: function () { table.limit += PAGE; drawRows(); } }),
        ' ', h('button', { class: 'btn small', text: 'Show all', onclick: function () { table.limit = Infinity; drawRows(); } })]);
    }
    frag.appendChild(table.moreRow);
    clear(table.body).appendChild(frag);
  }
  function confBar(value) {
    if (value === null || value === undefined) return null;
    var inner = h('span');
    inner.style.width = Math.round(Math.max(0, Math.min(1, value)) * 100) + '%';
    return h('span', { class: 'confbar', 'aria-hidden': 'true' }, inner);
  }

  // documents in their listed order, and within one the sentences as they come
  function readingOrder(a, b) {
    return (a.doc - b.doc) || ((a.char_start === null ? Infinity : a.char_start) - (b.char_start === null ? Infinity : b.char_start)) || (a.id - b.id);
  }
  function rowMatches(r, f) {
    if (f.doc !== '' && String(r.doc) !== f.doc) return false;
    if (f.actor && r.actors.indexOf(f.actor) < 0) return false;
    if (f.kind && r.kind !== f.kind) return false;
    if (f.flag === 'timeline_free' && !r.timeline_free) return false;
    if (f.flag === 'vague' && !r.vague) return false;
    if (f.flag === 'both' && !(r.timeline_free && r.vague)) return false;
    if (f.flag === 'neither' && (r.timeline_free || r.vague)) return false;
    if (f.deadline === 'dated' && !r.deadline) return false;
    if (f.deadline === 'past' && !r.deadline_past) return false;
    if (f.deadline === 'upcoming' && !(r.deadline && !r.deadline_past)) return false;
    if (f.deadline === 'event' && !(r.deadline_text && !r.deadline)) return false;
    if (f.deadline === 'none' && (r.deadline || r.deadline_text)) return false;
    if (f.words.length) {
      var hay = r._hay || (r._hay = [r.sentence, r.actors.join(' '), r.places.join(' '), r.object || '', r.action || '',
        r.amount_text || '', r.deadline_text || '', (r.flag_reasons || []).join(' ')].join(' ').toLowerCase());
      for (var i = 0; i < f.words.length; i++) if (hay.indexOf(f.words[i]) < 0) return false;
    }
    return true;
  }
  function currentFilters() {
    var c = table.controls;
    return {
      doc: c.doc.value, actor: c.actor.value, kind: c.kind.value, flag: c.flag.value, deadline: c.deadline.value,
      words: c.search.value.toLowerCase().split(/\s+/).filter(Boolean)
    };
  }
  function applyFilters() {
    var f = currentFilters();
    table.matches = table.order.filter(function (id) { return rowMatches(ROWS[id], f); });
    table.limit = PAGE;
    drawRows();
    clear(table.shown);
    addChildren(table.shown, ['Showing ', h('b', { id: 'table-shown', text: fmtInt(table.matches.length) }),
      ' of ' + plural(ROWS.length, 'commitment')]);
  }
  function filterTable(values) {
    var c = table.controls;
    ['doc', 'actor', 'kind', 'flag', 'deadline'].forEach(function (k) {
      var v = values[k] || '';
      var has = Array.prototype.some.call(c[k].options, function (o) { return o.value === v; });
      c[k].value = has ? v : '';
    });
    c.search.value = values.search || '';
    applyFilters();
    if (Object.keys(values).length) byId('commitments').scrollIntoView({ block: 'start' });
  }
  function sortBy(key) {
    var col = COLUMNS.filter(function (c) { return c.key === key; })[0];
    if (table.sortKey === key) table.sortDir = -table.sortDir;
    else { table.sortKey = key; table.sortDir = (key === 'doc' || key === 'kind' || key === 'deadline') ? 1 : -1; }
    var dir = table.sortDir;
    var order = ROWS.slice().sort(function (a, b) {
      var va = col.sort(a), vb = col.sort(b);
      var na = va === null || va === undefined, nb = vb === null || vb === undefined;
      if (na || nb) return na === nb ? readingOrder(a, b) : (na ? 1 : -1); // empty cells last, either way
      if (va < vb) return -dir;
      if (va > vb) return dir;
      return readingOrder(a, b);
    });
    table.order = order.map(function (r) { return r.id; });
    var keep = table.limit;
    applyFilters();
    table.limit = keep;
    drawRows();
    Array.prototype.forEach.call(byId('commitments-table').querySelectorAll('th.sortable'), function (th) {
      th.setAttribute('aria-sort', th.dataset.key === key ? (dir === 1 ? 'ascending' : 'descending') : 'none');
    });
  }

  // ------------------------------------------------------------------ slots (tooltip and side panel)
  function slotCard(row, opts) {
    opts = opts || {};
    var items = [];
    function add(label, value) {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
      items.push(h('dt', { text: label }), h('dd', null, value));
    }
    add('Actors', row.actors.join(', '));
    add('Action', [row.action, row.object].filter(Boolean).join(' — '));
    if (row.amount_value !== null) {
      var change = row.baseline_value !== null || row.target_value !== null
        ? ' (from ' + (row.baseline_value !== null ? fmtAmount(row.baseline_value, row.amount_unit) : '?') +
          ' to ' + (row.target_value !== null ? fmtAmount(row.target_value, row.amount_unit) : '?') + ')' : '';
      add('Amount', fmtAmount(row.amount_value, row.amount_unit) + change + (row.amount_text ? ' · “' + row.amount_text + '”' : ''));
    } else if (row.amount_text) {
      add('Amount', row.amount_text);
    }
    if (row.quantities.length > 1) {
      add('Quantities', row.quantities.map(function (q) {
        return q.value !== null ? fmtAmount(q.value, q.unit) + (q.text ? ' (' + q.text + ')' : '') : (q.text || '');
      }).join('; '));
    }
    add('Note', row.amount_note);
    add('Places', row.places.join(', '));
    add('Countries', row.countries.join(', '));
    if (row.deadline || row.deadline_text) {
      add('Deadline', [row.deadline ? fmtDeadline(row.deadline, row.deadline_granularity) + ' (' + row.deadline + ')' : 'event, no date',
        row.deadline_text ? ' · “' + row.deadline_text + '”' : '', row.deadline_past ? ' ' : '',
        row.deadline_past ? h('span', { class: 'badge past', text: 'past' }) : null]);
    } else {
      add('Deadline', h('span', { class: 'muted', text: 'none stated' }));
    }
    if (row.flag_reasons.length) {
      add('Flags', h('ul', { class: 'reasons' }, row.flag_reasons.map(function (t) { return h('li', { text: t }); })));
    }
    add('Rule', row.rule ? h('code', { text: row.rule }) : null);
    add('Confidence', row.confidence !== null ? row.confidence.toFixed(2) : null);
    add('Page', row.page);
    var card = h('div', { class: 'slots', dataset: { id: row.id } },
      h('h4', null, kindChip(row.kind), row.certainty ? h('span', { class: 'muted', text: row.certainty }) : null, flagBadges(row)),
      opts.quote ? h('p', { class: 'quote', text: row.sentence }) : null,
      h('dl', null, items));
    if (opts.actions) {
      card.appendChild(h('div', { class: 'actions' }, h('button', { class: 'btn small', text: 'Show in table',
        onclick: function () { showRowInTable(row.id); } })));
    }
    return card;
  }

  var tooltip = byId('tooltip');
  function showTooltip(target, ids) {
    clear(tooltip);
    ids.forEach(function (id) { tooltip.appendChild(slotCard(ROWS[id])); });
    tooltip.hidden = false;
    var rect = target.getBoundingClientRect();
    var tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    var left = Math.min(window.innerWidth - tw - 12, Math.max(12, rect.left));
    var top = rect.bottom + 8;
    if (top + th > window.innerHeight - 8) top = Math.max(8, rect.top - th - 8);
    tooltip.style.left = left + 'px';
    tooltip.style.top = top + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }

  // ------------------------------------------------------------------ documents
  var docState = DOCS.map(function () { return { rendered: false, marks: {}, els: {}, panel: null }; });

  function renderDocuments() {
    var tools = byId('doc-tools');
    addChildren(tools, [
      legend(KNOWN_KINDS.map(function (k) { return [k, kindLabel(k)]; })),
      h('button', { class: 'btn small', text: 'Expand all', onclick: function () { setAllDocs(true); } }),
      h('button', { class: 'btn small', text: 'Collapse all', onclick: function () { setAllDocs(false); } })
    ]);
    var list = byId('doc-list');
    if (!DOCS.length) { list.appendChild(h('p', { class: 'empty', text: 'No documents in this folder yet.' })); return; }
    var firstOpen = DOCS.filter(function (d) { return d.ok && d.n; })[0];
    DOCS.forEach(function (doc) {
      var chips = h('span', { class: 'doc-chips' },
        (DATA.kinds || []).filter(function (k) { return (doc.by_kind || {})[k]; }).map(function (k) {
          return h('span', { class: 'chip kind-' + kindClass(k), text: doc.by_kind[k] + ' ' + k });
        }),
        doc.timeline_free ? h('span', { class: 'badge tf', text: doc.timeline_free + ' timeline-free' }) : null,
        doc.vague ? h('span', { class: 'badge vague', text: doc.vague + ' vague' }) : null,
        doc.ok ? null : h('span', { class: 'badge failed', text: 'failed' }),
        doc.ok && !doc.n ? h('span', { class: 'badge event', text: 'no commitments' }) : null);
      var details = h('details', { class: 'doc', id: 'doc-' + doc.index, dataset: { doc: doc.index } },
        h('summary', null,
          h('span', { class: 'doc-title', text: doc.label }),
          h('span', { class: 'doc-meta', text: [doc.doc_date, doc.kind, doc.pages ? plural(doc.pages, 'page') : null]
            .filter(Boolean).join(' · ') }),
          chips));
      details.addEventListener('toggle', function () { if (details.open) ensureDocRendered(doc.index); });
      // render before the toggle event (which comes a task later), so the text is there at once
      details.firstChild.addEventListener('click', function () { if (!details.open) ensureDocRendered(doc.index); });
      list.appendChild(details);
      if (firstOpen && doc.index === firstOpen.index) { details.open = true; ensureDocRendered(doc.index); }
    });
  }
  function setAllDocs(open) {
    Array.prototype.forEach.call(document.querySelectorAll('details.doc'), function (d) {
      if (open) ensureDocRendered(+d.dataset.doc);
      d.open = open;
    });
  }
  function openDocument(index, scroll) {
    var details = byId('doc-' + index);
    if (!details) return;
    ensureDocRendered(index);
    details.open = true;
    if (scroll) details.scrollIntoView({ block: 'start' });
  }

  function ensureDocRendered(index) {
    var state = docState[index];
    if (state.rendered) return state;
    state.rendered = true;
    var doc = DOCS[index];
    var details = byId('doc-' + index);
    var body = h('div', { class: 'doc-body' });
    var url = safeUrl(doc.url);
    body.appendChild(h('div', { class: 'doc-links' },
      url ? [h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url }), ' · '] : null,
      doc.source ? ['source ', h('code', { text: doc.source }), ' · '] : null,
      'doc_id ', h('code', { text: doc.doc_id || '—' }),
      doc.chars ? ' · ' + fmtInt(doc.chars) + ' characters' : null));
    if (!doc.ok) {
      body.appendChild(h('p', { class: 'doc-failed', text: 'Ingest failed: ' + (doc.failure || doc.status) }));
      details.appendChild(body);
      return state;
    }
    var grid = h('div', { class: 'doc-grid' });
    var main = h('div');
    state.panel = h('div', { class: 'slot-panel', 'aria-live': 'polite' },
      h('p', { class: 'placeholder', text: doc.n ? 'Hover over a highlighted sentence to see its slots; click it to keep them here.'
        : 'No commitment was found in this document.' }));
    if (doc.pieces) {
      var text = h('div', { class: 'doc-text' });
      renderPieces(text, doc, state);
      main.appendChild(text);
    } else if (doc.n) {
      main.appendChild(h('p', { class: 'muted', text: 'The text of this document is not in texts/: its commitment sentences only.' }));
    } else {
      main.appendChild(h('p', { class: 'muted', text: 'The text of this document is not in texts/.' }));
    }
    if (doc.unplaced && doc.unplaced.length) {
      var wrap = doc.pieces ? h('div', { class: 'unplaced' },
        h('h4', { text: plural(doc.unplaced.length, 'sentence') + ' not found in the text' })) : h('div');
      var ul = h('ul', { class: 'sentence-list' });
      doc.unplaced.forEach(function (id) {
        var row = ROWS[id];
        var mark = makeMark([id], row.sentence, state);
        ul.appendChild(h('li', null, mark, inlineBadges(row)));
      });
      wrap.appendChild(ul);
      main.appendChild(wrap);
    }
    grid.appendChild(main);
    grid.appendChild(h('aside', { class: 'doc-aside' }, state.panel));
    body.appendChild(grid);
    details.appendChild(body);
    return state;
  }

  function makeMark(ids, text, state) {
    var first = ROWS[ids[0]];
    var kinds = {};
    ids.forEach(function (id) { kinds[ROWS[id].kind] = true; });
    var mark = h('mark', {
      class: 'cm kind-' + kindClass(first.kind) + (Object.keys(kinds).length > 1 ? ' multi' : ''),
      tabindex: '0', dataset: { ids: ids.join(' ') }, text: text
    });
    ids.forEach(function (id) { (state.marks[id] = state.marks[id] || []).push(mark); });
    mark.addEventListener('mouseenter', function () { showTooltip(mark, ids); });
    mark.addEventListener('mouseleave', hideTooltip);
    mark.addEventListener('focus', function () { showTooltip(mark, ids); });
    mark.addEventListener('blur', hideTooltip);
    function pick() { hideTooltip(); selectCommitment(ids[0], { scroll: false, fromText: true, all: ids }); }
    mark.addEventListener('click', pick);
    mark.addEventListener('keydown', function (e) { if (e.key === 'Enter') pick(); });
    return mark;
  }
  function inlineBadges(row) {
    return h('span', { class: 'inline-badges' }, ' ', kindChip(row.kind), flagBadges(row));
  }
  function renderPieces(container, doc, state) {
    var pieces = doc.pieces;
    // where each commitment ends: its badges go after its last piece
    var lastPiece = {};
    pieces.forEach(function (p, i) { p[1].forEach(function (id) { lastPiece[id] = i; }); });
    var frag = document.createDocumentFragment();
    pieces.forEach(function (p, i) {
      if (!p[1].length) { frag.appendChild(document.createTextNode(p[0])); return; }
      frag.appendChild(makeMark(p[1], p[0], state));
      p[1].forEach(function (id) { if (lastPiece[id] === i) frag.appendChild(inlineBadges(ROWS[id])); });
    });
    container.appendChild(frag);
  }

  // ------------------------------------------------------------------ selection
  var selected = { marks: [], row: null };
  function selectCommitment(id, opts) {
    opts = opts || {};
    var row = ROWS[id];
    if (!row) return;
    var state = ensureDocRendered(row.doc);
    var details = byId('doc-' + row.doc);
    if (details) details.open = true;
    selected.marks.forEach(function (m) { m.classList.remove('is-selected', 'flash'); });
    if (selected.row !== null && table.rowEls[selected.row]) table.rowEls[selected.row].classList.remove('is-selected');
    var marks = state.marks[id] || [];
    marks.forEach(function (m) {
      m.classList.add('is-selected');
      // restart the flash animation
      m.classList.remove('flash');
      void m.offsetWidth;
      m.classList.add('flash');
    });
    selected.marks = marks;
    selected.row = id;
    if (table.rowEls[id]) table.rowEls[id].classList.add('is-selected');
    if (state.panel) {
      clear(state.panel);
      (opts.all || [id]).forEach(function (rid) { state.panel.appendChild(slotCard(ROWS[rid], { quote: true, actions: true })); });
    }
    if (opts.scroll) {
      var target = marks[0] || details;
      if (target) target.scrollIntoView({ block: 'center', behavior: 'auto' });
    }
  }
  function showRowInTable(id) {
    if (table.matches.indexOf(id) < 0) filterTable({});
    var at = table.matches.indexOf(id);
    if (at >= table.limit) { table.limit = at + 1; drawRows(); }
    var tr = rowEl(id);
    tr.scrollIntoView({ block: 'center' });
    tr.focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ start
  renderHeader();
  syncHeaderHeight();
  window.addEventListener('resize', syncHeaderHeight);
  window.addEventListener('scroll', hideTooltip, { passive: true });
  renderKpis();
  renderNotices();
  renderFailures();
  renderActorChart();
  renderMoneyChart();
  renderDeadlineChart();
  renderDocSummary();
  renderActorSummary();
  renderFilters();
  renderTable();
  renderDocuments();
  document.documentElement.setAttribute('data-report-ready', '1');
})();
