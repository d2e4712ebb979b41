/* assistgraph dossier script: build a county's dossier when its <details> is opened.
 *
 * Every <details data-ag-dossier="ID"> starts with only its summary; the dossiers'
 * figures and texts come from one <script type="application/json" id="ag-dossiers-data">
 * block (JSON.parse, read on the first opening; texts that repeat are in its "strings"
 * table, rows hold their index). Text from the data is only ever
 * written with textContent (or as an SVG <text>'s textContent), colours only when they
 * are #rrggbb values, numbers only as numbers: nothing from the data is run or parsed
 * as markup. The structure and classes are those of the HTML dossier (_dossier.html.j2),
 * so the same styles apply.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var SEVERITY = /^(high|medium|low)$/;
  var P = null;

  function data() {
    if (P === null) {
      var block = document.getElementById("ag-dossiers-data");
      P = block ? JSON.parse(block.textContent) : { counties: {} };
    }
    return P;
  }

  /* a shared text: rows hold its index in P.strings */
  function S(i) {
    var t = data().strings;
    return typeof i === "number" && t && i >= 0 && i < t.length ? t[i] : "";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function add(parent, child) {
    parent.appendChild(child);
    return child;
  }

  /* <span class="zh">…</span><span class="en">…</span>: the page shows one of them */
  function t(zh, en) {
    var f = document.createDocumentFragment();
    var a = el("span", "zh", zh);
    a.setAttribute("lang", "zh-CN");
    var b = el("span", "en", en || zh);
    b.setAttribute("lang", "en");
    f.appendChild(a);
    f.appendChild(b);
    return f;
  }

  function label(key) {
    var l = data().labels[key] || {};
    return t(l.zh || l.en || key, l.en || key);
  }

  /* the same in SVG text: <tspan class="zh">…</tspan><tspan class="en">…</tspan> */
  function ts(zh, en) {
    var f = document.createDocumentFragment();
    var a = document.createElementNS(SVG, "tspan");
    a.setAttribute("class", "zh");
    a.textContent = String(zh || "");
    var b = document.createElementNS(SVG, "tspan");
    b.setAttribute("class", "en");
    b.textContent = String(en || zh || "");
    f.appendChild(a);
    f.appendChild(b);
    return f;
  }

  function slabel(key) {
    var l = data().labels[key] || {};
    return ts(l.zh || l.en || key, l.en || key);
  }

  /* a name given in both languages, as the HTML dossier's both(): zh, then en muted */
  function both(zh, en) {
    var f = document.createDocumentFragment();
    f.appendChild(document.createTextNode(zh || ""));
    if (en && en !== zh) {
      f.appendChild(document.createTextNode(" "));
      f.appendChild(el("span", "ag-sub", en));
    }
    return f;
  }

  /* a finding's shared text: [zh, en] in both languages, or one text */
  function msg(m) {
    if (Array.isArray(m)) return t(S(m[0]), S(m[1]));
    return document.createTextNode(S(m));
  }

  function illus(parent, on) {
    if (!on) return;
    parent.appendChild(document.createTextNode(" "));
    var s = add(parent, el("span", "ag-illus"));
    s.setAttribute("title", "illustrative");
    s.appendChild(label("illustrative_rows"));
  }

  function heading(parent, key, d, section, extra) {
    var h = add(parent, el("h4"));
    h.appendChild(label(key));
    if (extra !== undefined) h.appendChild(document.createTextNode(" " + extra));
    if (section) illus(h, d.ils.indexOf(section) >= 0);
    return h;
  }

  function note(parent, key, cls) {
    var p = add(parent, el("p", cls === undefined ? "ag-sub" : cls));
    p.appendChild(label(key));
  }

  function table(parent, head) {
    var tb = add(parent, el("table", "ag-table ag-d-table"));
    if (head) {
      var tr = add(add(tb, el("thead")), el("tr"));
      head.forEach(function (h) {
        var th = add(tr, el("th", h[1] || ""));
        if (h[0] !== null) th.appendChild(typeof h[0] === "string" ? label(h[0]) : h[0]);
      });
    }
    return add(tb, el("tbody"));
  }

  function cell(tr, tag, content, cls) {
    var c = add(tr, el(tag, cls || ""));
    if (content instanceof Node) c.appendChild(content);
    else if (content !== undefined && content !== null) c.textContent = String(content);
    return c;
  }

  function number(x) {
    return typeof x === "number" && isFinite(x) ? x : 0;
  }

  function meter(value) {
    var w = 90, h = 10;
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("class", "ag-meter");
    s.setAttribute("viewBox", "0 0 " + w + " " + h);
    s.setAttribute("width", w);
    s.setAttribute("height", h);
    s.setAttribute("aria-hidden", "true");
    if (typeof value === "number" && isFinite(value)) {
      var f = Math.min(Math.max(value, 0), 1);
      var r = svg(s, "rect", { x: 0, y: 0, width: (f * w).toFixed(1), height: h });
      r.setAttribute("fill", f < 0.34 ? "#dc2626" : f < 0.67 ? "#f59e0b" : "#16a34a");
    }
    svg(s, "rect", { x: 0.5, y: 0.5, width: w - 1, height: h - 1, class: "frame" });
    return s;
  }

  function svg(parent, tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) e.textContent = String(text);
    parent.appendChild(e);
    return e;
  }

  function ticks(max) {
    if (!(max > 0)) return [0, 1];
    var raw = max / 4;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (k) { return k * mag; })
      .filter(function (s) { return s >= raw; })[0];
    var out = [];
    for (var v = 0; v < max + step * 0.999; v += step) out.push(v);
    return out;
  }

  /* stacked columns, one per year, one segment per series; an optional target line */
  function chart(title, years, series, line, fmt) {
    var W = 460, H = 210, left = 48, right = 10, headH = 22, bottom = 22;
    // the keys side by side, wrapped (≈ 6.2 px per Latin letter, 11 px per Chinese character)
    var keys = [], kx = 0, ky = 0;
    series.forEach(function (se) {
      var w = 22 + Math.max(6.2 * String(se.en || "").length, 11 * String(se.zh || "").length);
      if (kx > 0 && kx + w > W) {
        kx = 0;
        ky += 14;
      }
      keys.push([kx, ky]);
      kx += w;
    });
    var keyH = series.length ? ky + 18 : 0;
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("class", "ag-chart ag-stacked");
    s.setAttribute("viewBox", "0 0 " + W + " " + H);
    s.setAttribute("width", W);
    s.setAttribute("height", H);
    s.setAttribute("role", "img");
    var tt = svg(s, "text", { x: 0, y: 14, class: "title" });
    tt.appendChild(title);
    var totals = years.map(function (_, i) {
      return series.reduce(function (sum, se) { return sum + Math.max(number(se.values[i]), 0); }, 0);
    });
    var tk = ticks(Math.max.apply(null, totals.concat([line || 0, 0])));
    var top = tk[tk.length - 1] || 1;
    var y0 = headH + keyH, ph = H - y0 - bottom, pw = W - left - right;
    function y(v) { return y0 + ph - (v / top) * ph; }
    tk.forEach(function (v) {
      svg(s, "line", { x1: left, x2: W - right, y1: y(v).toFixed(1), y2: y(v).toFixed(1), class: "grid" });
      svg(s, "text", { x: left - 4, y: (y(v) + 3).toFixed(1), "text-anchor": "end", class: "tick" }, fmt(v));
    });
    var band = pw / Math.max(years.length, 1);
    var bw = Math.max(2, Math.min(36, band * 0.7));
    years.forEach(function (yr, i) {
      var x = left + band * i + (band - bw) / 2;
      var base = 0;
      series.forEach(function (se) {
        var v = Math.max(number(se.values[i]), 0);
        if (!v) return;
        var r = svg(s, "rect", {
          x: x.toFixed(1), y: y(base + v).toFixed(1), width: bw.toFixed(1),
          height: Math.max(0, y(base) - y(base + v)).toFixed(1), class: "seg",
        });
        if (COLOUR.test(se.colour)) r.setAttribute("fill", se.colour);
        var name = se.en && se.en !== se.zh ? se.zh + " / " + se.en : se.zh;
        svg(r, "title", {}, yr + " " + name + ": " + fmt(v));
        base += v;
      });
      svg(s, "text", { x: (x + bw / 2).toFixed(1), y: H - 6, "text-anchor": "middle", class: "tick" }, yr);
    });
    if (line) {
      svg(s, "line", { x1: left, x2: W - right, y1: y(line).toFixed(1), y2: y(line).toFixed(1), class: "ref" });
      var lt = svg(s, "text", { x: W - right, y: (y(line) - 3).toFixed(1), "text-anchor": "end", class: "ref-label" });
      lt.appendChild(slabel("target"));
      lt.appendChild(document.createTextNode(" " + fmt(line)));
    }
    series.forEach(function (se, i) {
      var x = keys[i][0], yk = headH + keys[i][1];
      var r = svg(s, "rect", { x: x, y: yk, width: 10, height: 10, class: "key" });
      if (COLOUR.test(se.colour)) r.setAttribute("fill", se.colour);
      var k = svg(s, "text", { x: x + 13, y: yk + 9, class: "key" });
      k.appendChild(ts(se.zh, se.en));
    });
    return s;
  }

  function thousands(x) {
    return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function build(id) {
    var P = data();
    var d = P.counties[id];
    if (!d) return null;
    var root = el("div", "ag-dossier");
    root.setAttribute("data-ag-built", "1");

    // head: name, prefecture, id, figures
    var head = add(root, el("div", "ag-d-head"));
    var who = add(head, el("div"));
    add(who, el("b", "ag-d-name")).appendChild(both(d.n[0], d.n[1]));
    who.appendChild(document.createTextNode(" "));
    var sub = add(who, el("span", "ag-sub"));
    sub.appendChild(both(S(d.p[0]), S(d.p[1])));
    sub.appendChild(document.createTextNode(" · "));
    add(sub, el("code", "", id));
    illus(who, d.il);
    var figs = add(head, el("dl", "ag-d-figs"));
    function fig(key, value, extra) {
      var div = add(figs, el("div"));
      var dt = add(div, el("dt"));
      dt.appendChild(label(key));
      if (extra) dt.appendChild(document.createTextNode(" " + extra));
      var dd = add(div, el("dd", "", value));
      return dd;
    }
    var sc = fig("score", d.s, d.sy || "");
    sc.appendChild(document.createTextNode(" "));
    add(sc, el("span", "ag-sub", "#" + d.r));
    fig("forces", d.nf + " / 5");
    fig("funding", d.tf);
    fig("per_capita", d.pc);
    fig("population", d.pop);
    fig("gaps", d.gp.length);
    fig("overdue_tasks", d.no);

    var grid = add(root, el("div", "ag-d-grid"));

    // five forces and providers; agreements
    var sec = add(grid, el("div", "ag-d-sec"));
    heading(sec, "forces_providers", d, "forces");
    var body = table(sec, null);
    P.forces.forEach(function (fc, i) {
      var rows = d.fo[i] || [];
      var tr = add(body, el("tr", rows.length ? "" : "ag-d-missing"));
      var th = cell(tr, "th");
      th.setAttribute("scope", "row");
      var sw = add(th, el("span", "ag-swatch ag-shape-diamond"));
      if (COLOUR.test(fc[3])) sw.style.background = fc[3];
      th.appendChild(t(fc[1], fc[2]));
      var td = cell(tr, "td");
      if (!rows.length) add(td, el("b", "ag-d-none")).appendChild(label("no_pairing"));
      rows.forEach(function (p, j) {
        td.appendChild(both(S(p[0]), S(p[1])));
        if (p[2] || p[3]) {
          td.appendChild(document.createTextNode(" "));
          add(td, el("span", "ag-sub", p[2] + "–" + p[3]));
        }
        if (S(p[4]) === "illustrative") {
          td.appendChild(document.createTextNode(" "));
          var s = add(td, el("span", "ag-sub", "("));
          s.appendChild(label("illustrative"));
          s.appendChild(document.createTextNode(")"));
        }
        if (j < rows.length - 1) td.appendChild(document.createTextNode("; "));
      });
    });
    heading(sec, "agreements", d, "agreements");
    if (d.ag.length) {
      var ul = add(sec, el("ul", "ag-d-list"));
      d.ag.forEach(function (x) {
        var li = add(ul, el("li"));
        li.appendChild(both(S(x[0]), S(x[1])));
        li.appendChild(document.createTextNode(" · " + x[2]));
        if (x[3]) {
          li.appendChild(document.createTextNode(" · "));
          li.appendChild(label("fund_share"));
          li.appendChild(document.createTextNode(" " + x[3]));
        }
      });
    } else note(sec, "no_agreement");

    // projects by term and category; brands and chains
    sec = add(grid, el("div", "ag-d-sec"));
    heading(sec, "projects", d, "projects");
    if (d.pj.r.length) {
      body = table(sec, [[null]].concat(d.pj.c.map(function (k) { return [document.createTextNode(S(k)), "ag-num"]; })));
      d.pj.r.forEach(function (r) {
        var tr = add(body, el("tr"));
        cell(tr, "th", t(S(r[0]), S(r[1]))).setAttribute("scope", "row");
        r.slice(2).forEach(function (v) { cell(tr, "td", v, "ag-num"); });
      });
    } else note(sec, "no_project");
    heading(sec, "brands_chains", d, "brands");
    var list = add(sec, el("ul", "ag-d-list"));
    d.br.forEach(function (b) {
      var li = add(list, el("li"));
      li.appendChild(both(b[0], b[1]));
      if (S(b[2])) {
        li.appendChild(document.createTextNode(" "));
        add(li, el("span", "ag-sub", S(b[2])));
      }
      if (b[3].length) li.appendChild(document.createTextNode(" · " + b[3].map(S).join(", ")));
    });
    if (!d.br.length) add(list, el("li", "ag-sub")).appendChild(label("no_brand"));
    d.ch.forEach(function (r) {
      var li = add(list, el("li"));
      li.appendChild(both(S(r[0]), S(r[1])));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meter(r[3]));
      li.appendChild(document.createTextNode(" " + r[2]));
      if (r[4].length) {
        li.appendChild(document.createTextNode(" "));
        var s = add(li, el("span", "ag-sub"));
        s.appendChild(label("missing"));
        s.appendChild(document.createTextNode(": " + r[4].map(S).join(", ")));
      }
    });

    // the two charts
    sec = add(grid, el("div", "ag-d-sec ag-d-chart"));
    if (d.ils.indexOf("funding") >= 0) illus(add(sec, el("div")), true);
    sec.appendChild(chart(
      slabel("funding_chart"),
      d.y,
      P.forces.map(function (fc, i) {
        return { zh: fc[1], en: fc[2], colour: fc[3], values: d.fu[i] || [] };
      }),
      null,
      function (x) { return thousands(x / 1e4); }
    ));
    sec = add(grid, el("div", "ag-d-sec ag-d-chart"));
    if (d.ils.indexOf("training") >= 0) illus(add(sec, el("div")), true);
    var tl = (P.labels.trainees || {});
    sec.appendChild(chart(
      slabel("training_chart"),
      d.y,
      [{ zh: tl.zh || "trainees", en: tl.en || "trainees", colour: "#0d9488", values: d.tr }],
      number(P.target),
      thousands
    ));

    // cadres; tasks
    sec = add(grid, el("div", "ag-d-sec"));
    heading(sec, "cadres", d, "cadres");
    if (d.ca.length) {
      body = table(sec, null);
      d.ca.forEach(function (r) {
        var tr = add(body, el("tr"));
        cell(tr, "td", r[0]);
        cell(tr, "td", both(S(r[1]), S(r[2])));
        cell(tr, "td", S(r[3]));
        cell(tr, "td", r[4], "ag-num");
      });
    } else note(sec, "no_cadres");
    sec = add(grid, el("div", "ag-d-sec"));
    heading(sec, "tasks", d, "tasks");
    if (d.tk.length) {
      list = add(sec, el("ul", "ag-d-list"));
      d.tk.forEach(function (x) {
        var li = add(list, el("li"));
        if (x[2]) {
          add(li, el("span", "ag-badge ag-badge-high")).appendChild(label("overdue"));
          li.appendChild(document.createTextNode(" "));
        }
        li.appendChild(document.createTextNode(x[0] + " "));
        add(li, el("span", "ag-sub", x[1] + " · " + S(x[3])));
      });
    } else note(sec, "no_task");

    // gaps
    sec = add(grid, el("div", "ag-d-sec ag-d-wide"));
    heading(sec, "gaps", d, "gaps", "(" + d.gp.length + ")");
    if (d.gp.length) {
      body = table(sec, [["severity"], ["rule"], ["year"], ["finding"], ["basis"], ["confidence"]]);
      d.gp.forEach(function (g) {
        var tr = add(body, el("tr"));
        var sev = SEVERITY.test(g[0]) ? g[0] : "low";
        var names = P.severities[sev] || [sev, sev];
        var badge = el("span", "ag-badge ag-badge-" + sev);
        badge.appendChild(t(names[0], names[1]));
        cell(tr, "td", badge);
        cell(tr, "td", t(S(g[1]), S(g[2])));
        cell(tr, "td", g[3]);
        cell(tr, "td", msg(g[4]));
        cell(tr, "td", Array.isArray(g[5]) || S(g[5]) ? msg(g[5]) : "—");
        cell(tr, "td", S(g[6]) || "—");
      });
    } else note(sec, "no_gaps", "");

    // scorecard breakdown
    sec = add(grid, el("div", "ag-d-sec ag-d-wide"));
    heading(sec, "breakdown", d, null, d.sy || "");
    if (d.ind.length) {
      body = table(sec, [["indicator"], ["score01"], ["raw", "ag-num"], ["target", "ag-num"], ["weight", "ag-num"]]);
      d.ind.forEach(function (i) {
        var tr = add(body, el("tr"));
        cell(tr, "th", t(S(i[0]), S(i[1]))).setAttribute("scope", "row");
        var c = cell(tr, "td", meter(i[3]), "ag-num");
        c.appendChild(document.createTextNode(" " + i[2]));
        cell(tr, "td", i[4], "ag-num");
        cell(tr, "td", i[5], "ag-num");
        cell(tr, "td", i[6], "ag-num");
      });
    } else add(sec, el("p", "ag-sub", "—"));
    return root;
  }

  function fill(details) {
    if (details.getAttribute("data-ag-dossier-built") === "1") return;
    var node = build(details.getAttribute("data-ag-dossier"));
    if (node) details.appendChild(node);
    details.setAttribute("data-ag-dossier-built", "1");
  }

  function start() {
    document.querySelectorAll("details[data-ag-dossier]").forEach(function (d) {
      if (d.open) fill(d);
      d.addEventListener("toggle", function () {
        if (d.open) fill(d);
      });
    });
    window.agDossier = { build: build, fill: fill };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
