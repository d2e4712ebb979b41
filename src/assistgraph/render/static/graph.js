/* assistgraph page script: the language switch and the interactive graphs.
 *
 * Data comes from <script type="application/json"> blocks and is parsed with
 * JSON.parse. Text from the data is only ever written with textContent (never
 * innerHTML), so a name that looks like markup is shown, not run.
 */
(function () {
  "use strict";

  var ag = (window.assistgraph = { views: [], ready: false, timing: {} });

  // positions in the payload's compact rows, named once here and once in the
  // library (render/view/payload.py; tests/render/test_view_payload.py compares them)
  var EDGE = {
    FROM: 0,
    TO: 1,
    TYPE: 2,
    WIDTH: 3,
    WEAK: 4,
    FACTS: 5,
    SOURCE: 6,
    CONFIDENCE: 7,
    ROWS: 8,
    ROWS_NOT_LISTED: 9,
  };
  var FACT_ROW = { FACTS: 0, SOURCE: 1, CONFIDENCE: 2 };
  var FIELD = { ZH: 0, EN: 1 };
  var KIND = { ZH: 0, EN: 1, SHAPE: 2, COLOR: 3 };
  var TYPE = { NAME: 0, ZH: 1, EN: 2, COLOR: 3 };
  function mark(name) {
    ag.timing[name] = Math.round(window.performance ? performance.now() : 0);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function pair(zh, en) {
    var s = el("span", "ag-pair");
    var a = el("span", "zh", zh);
    a.lang = "zh-CN";
    var b = el("span", "en", en || zh);
    b.lang = "en";
    s.appendChild(a);
    s.appendChild(b);
    return s;
  }

  // the words this script writes itself, in both languages, from the page's catalog
  // block (render/_html.py: SCRIPT_WORDS); {n} and {total} are filled in here
  var WORDS = null;
  function word(key, vars) {
    if (WORDS === null) {
      var block = document.getElementById("ag-words");
      WORDS = block ? JSON.parse(block.textContent) : {};
    }
    var w = WORDS[key] || [key, key];
    function fill(s) {
      return String(s).replace(/\{(\w+)\}/g, function (m, k) {
        return vars && Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
      });
    }
    return pair(fill(w[0]), fill(w[1]));
  }

  function lang() {
    return document.documentElement.getAttribute("data-lang") === "en" ? "en" : "zh";
  }

  function setLang(l) {
    l = l === "en" ? "en" : "zh";
    var root = document.documentElement;
    root.setAttribute("data-lang", l);
    root.setAttribute("lang", l === "en" ? "en" : "zh-CN");
    document.querySelectorAll("[data-placeholder-" + l + "]").forEach(function (e) {
      e.setAttribute("placeholder", e.getAttribute("data-placeholder-" + l));
    });
    document.querySelectorAll("[data-ag-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-ag-lang") === l));
    });
    ag.views.forEach(function (v) {
      v.relabel();
    });
  }
  ag.setLang = setLang;

  // amounts travel as numbers; the same text as the library's yuan():
  // ¥1,234,567 (123.5 万), rounded half to even like Python's format()
  var whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, roundingMode: "halfEven" });
  var tenth = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    roundingMode: "halfEven",
  });
  function yuan(a) {
    var t = "¥" + whole.format(a);
    if (Math.abs(a) >= 10000) t += " (" + tenth.format(a / 10000) + " 万)";
    return t;
  }
  ag.yuan = yuan;
  function factText(v) {
    return typeof v === "number" ? yuan(v) : v;
  }

  function text(P, i) {
    return i === null || i === undefined ? null : P.strings[i];
  }

  /* facts: [field index, text, field index, text, ...]; fields: [[中文, English], ...] */
  function factsTable(facts, fields) {
    var t = el("table", "ag-facts");
    facts = facts || [];
    for (var i = 0; i + 1 < facts.length; i += 2) {
      var name = fields[facts[i]] || ["", ""];
      var tr = el("tr");
      var th = el("th");
      th.appendChild(pair(name[FIELD.ZH], name[FIELD.EN]));
      tr.appendChild(th);
      var value = factText(facts[i + 1]);
      var td = el("td");
      // [中文, English] where the words differ by language (yes/no, a force's name)
      if (Array.isArray(value)) td.appendChild(pair(value[0], value[1]));
      else td.textContent = String(value);
      tr.appendChild(td);
      t.appendChild(tr);
    }
    return t;
  }

  function provenance(source, confidence) {
    var p = el("p", "ag-prov");
    p.appendChild(word("source"));
    p.appendChild(el("span", "ag-source", source || "—"));
    p.appendChild(el("br"));
    p.appendChild(word("confidence"));
    p.appendChild(el("span", "ag-conf ag-conf-" + (confidence || "none"), confidence || "—"));
    return p;
  }

  /* n.ag is the payload node: kind, nid, force, zh, en, sfx, facts, src, conf, gaps */
  function nodeCard(n, P) {
    var a = n.ag;
    var k = P.kinds[a.kind] || [a.kind, a.kind];
    var box = el("div", "ag-card");
    var kind = el("div", "ag-kind");
    kind.appendChild(pair(k[KIND.ZH], k[KIND.EN]));
    kind.appendChild(el("code", null, a.nid));
    box.appendChild(kind);
    box.appendChild(el("div", "ag-name-zh", a.zh));
    if (a.en && a.en !== a.zh) box.appendChild(el("div", "ag-name-en", a.en));
    box.appendChild(factsTable(a.facts, P.fields));
    if (a.gaps && a.gaps.length) {
      var h = el("div", "ag-gaps-title");
      h.appendChild(word("gaps"));
      box.appendChild(h);
      var ul = el("ul", "ag-gaps");
      a.gaps.forEach(function (g) {
        var li = el("li", "ag-sev-" + g.severity);
        li.appendChild(el("b", null, g.severity + " · " + g.rule));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(pair(g.message[0], g.message[1]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.appendChild(provenance(text(P, a.src), text(P, a.conf)));
    return box;
  }

  /* e.ag is the payload row (positions: EDGE; merged facts also have ROWS) */
  function edgeCard(e, nodes, P) {
    var r = e.ag;
    var t = P.types[r[EDGE.TYPE]];
    var box = el("div", "ag-card");
    var kind = el("div", "ag-kind");
    kind.appendChild(pair(t[TYPE.ZH], t[TYPE.EN]));
    kind.appendChild(el("code", null, t[TYPE.NAME]));
    box.appendChild(kind);
    var from = nodes.get(e.from);
    var to = nodes.get(e.to);
    var ends = el("div", "ag-ends");
    ends.appendChild(el("span", "ag-name-zh", from ? from.ag.zh : e.from));
    ends.appendChild(el("span", null, " → "));
    ends.appendChild(el("span", "ag-name-zh", to ? to.ag.zh : e.to));
    box.appendChild(ends);
    if (from && to && (from.ag.en !== from.ag.zh || to.ag.en !== to.ag.zh)) {
      box.appendChild(el("div", "ag-name-en", from.ag.en + " → " + to.ag.en));
    }
    var source = r[EDGE.SOURCE];
    var confidence = r[EDGE.CONFIDENCE];
    box.appendChild(factsTable(r[EDGE.FACTS], P.fields));
    box.appendChild(provenance(text(P, source), text(P, confidence)));
    if (r.length > EDGE.ROWS) {
      var h = el("div", "ag-rows-title");
      h.appendChild(word("each_fact"));
      box.appendChild(h);
      var ol = el("ol", "ag-rows");
      r[EDGE.ROWS].forEach(function (row) {
        var li = el("li");
        li.appendChild(factsTable(row[FACT_ROW.FACTS], P.fields));
        // a fact's own provenance, where the edge's above does not already say it
        if (row[FACT_ROW.SOURCE] !== source || row[FACT_ROW.CONFIDENCE] !== confidence) {
          li.appendChild(provenance(text(P, row[FACT_ROW.SOURCE]), text(P, row[FACT_ROW.CONFIDENCE])));
        }
        ol.appendChild(li);
      });
      box.appendChild(ol);
      var more = r[EDGE.ROWS_NOT_LISTED];
      if (more > 0) box.appendChild(word("more_not_listed", { n: more }));
    }
    return box;
  }

  function replace(target, child) {
    while (target.firstChild) target.removeChild(target.firstChild);
    if (child) target.appendChild(child);
  }

  function mount(root, index) {
    mark("mount" + index);
    var data = JSON.parse(document.getElementById(root.getAttribute("data-ag-data")).textContent);
    mark("parsed" + index);
    var stage = root.querySelector(".ag-stage");
    var canvas = root.querySelector(".ag-canvas");
    var tip = root.querySelector(".ag-tooltip");
    var details = root.querySelector(".ag-details");
    var results = root.querySelector(".ag-results");
    var search = root.querySelector(".ag-search input");
    var visibleCount = root.querySelector("[data-ag-count=visible]");

    // expand the payload (compact rows and shared tables) into vis-network items;
    // the library's expand_node/expand_edge do the same in Python
    var P = data;
    var l = lang();
    var ids = new Array(P.nodes.length);
    var nodeItems = P.nodes.map(function (a, i) {
      var k = P.kinds[a.kind] || [a.kind, a.kind, "dot", "#9ca3af"];
      // fields left out at their defaults (the library's node_defaults)
      a.id = a.kind + ":" + a.nid;
      if (a.en === undefined) a.en = a.zh;
      if (a.force === undefined) a.force = null;
      if (a.fill === undefined) a.fill = k[KIND.COLOR];
      if (a.sfx === undefined) a.sfx = "";
      if (a.border === undefined) a.border = "#1f2937";
      if (a.bw === undefined) a.bw = 1.0;
      if (a.gaps === undefined) a.gaps = [];
      ids[i] = a.id;
      var item = {
        id: a.id,
        label: (l === "en" ? a.en : a.zh) + a.sfx,
        shape: k[KIND.SHAPE],
        size: a.size,
        borderWidth: a.bw,
        color: {
          background: a.fill,
          border: a.border,
          highlight: { background: a.fill, border: "#000000" },
          hover: { background: a.fill, border: "#000000" },
        },
        shapeProperties: { borderDashes: a.weak ? [4, 3] : false },
        ag: a,
      };
      if (a.x !== undefined) {
        item.x = a.x; // big views start from positions worked out by the library
        item.y = a.y;
      }
      return item;
    });
    var edgeItems = P.edges.map(function (r, i) {
      var weak = r[EDGE.WEAK] === 1;
      var e = { id: "e" + i, from: ids[r[EDGE.FROM]], to: ids[r[EDGE.TO]], width: r[EDGE.WIDTH] };
      if (P.large) {
        e.dashes = false; // no dashes or arrow heads on large views: weak facts are faint
      } else {
        e.arrows = "to";
        e.dashes = weak;
      }
      e.color = {
        color: P.types[r[EDGE.TYPE]][TYPE.COLOR],
        highlight: "#111827",
        hover: "#111827",
        opacity: P.large && weak ? 0.25 : 0.7,
      };
      e.ag = r;
      return e;
    });
    mark("expanded" + index);
    var nodes = new vis.DataSet(nodeItems);
    var edges = new vis.DataSet(edgeItems);
    var hidden = { kind: {}, force: {} };
    var visible = {};

    function nodeShown(n) {
      return !hidden.kind[n.ag.kind] && !(n.ag.force && hidden.force[n.ag.force]);
    }
    var nodeView = new vis.DataView(nodes, { filter: nodeShown });
    var edgeView = new vis.DataView(edges, {
      filter: function (e) {
        return visible[e.from] === true && visible[e.to] === true;
      },
    });
    function refreshVisible() {
      visible = {};
      nodeView.getIds().forEach(function (id) {
        visible[id] = true;
      });
    }
    refreshVisible();
    edgeView.refresh();

    mark("datasets" + index);
    var network = new vis.Network(canvas, { nodes: nodeView, edges: edgeView }, data.options);
    mark("network" + index);
    var view = {
      root: root,
      network: network,
      nodes: nodes,
      edges: edges,
      stabilized: false,
      relabel: function () {
        var lg = lang();
        nodes.update(
          nodes.get().map(function (n) {
            return { id: n.id, label: (lg === "en" ? n.ag.en : n.ag.zh) + n.ag.sfx };
          })
        );
      },
      showNode: function (id) {
        var n = nodes.get(id);
        replace(details, n ? nodeCard(n, P) : null);
      },
      select: function (ids) {
        ids = [].concat(ids).filter(function (id) {
          return visible[id] === true;
        });
        network.selectNodes(ids);
        if (ids.length === 1) {
          view.showNode(ids[0]);
          network.focus(ids[0], { scale: Math.max(network.getScale(), 1), animation: false });
        } else if (ids.length > 1) {
          replace(details, null);
          network.fit({ nodes: ids, animation: false });
        }
        return ids.length;
      },
    };
    ag.views[index] = view;

    function updateCounts() {
      var n = nodeView.length;
      var total = nodes.length;
      visibleCount.textContent = "";
      if (n !== total) {
        visibleCount.appendChild(word("showing", { n: n, total: total }));
      }
    }

    root.querySelectorAll("input[data-ag-filter]").forEach(function (box) {
      box.addEventListener("change", function () {
        hidden[box.getAttribute("data-ag-filter")][box.value] = !box.checked;
        nodeView.refresh();
        refreshVisible();
        edgeView.refresh();
        updateCounts();
      });
    });

    function matches(q) {
      q = q.trim().toLowerCase();
      if (!q) return [];
      return nodeView.get({
        filter: function (n) {
          return (n.ag.zh + "\n" + n.ag.en + "\n" + n.ag.nid).toLowerCase().indexOf(q) >= 0;
        },
      });
    }
    function showResults() {
      var found = matches(search.value);
      replace(results, null);
      if (!search.value.trim()) return;
      var head = el("div", "ag-results-head");
      head.appendChild(word(found.length === 1 ? "match_one" : "match_other", { n: found.length }));
      results.appendChild(head);
      var ul = el("ul");
      found.slice(0, 30).forEach(function (n) {
        var li = el("li");
        var b = el("button", "ag-hit");
        b.type = "button";
        b.appendChild(el("span", "ag-name-zh", n.ag.zh));
        if (n.ag.en !== n.ag.zh) b.appendChild(el("span", "ag-name-en", " " + n.ag.en));
        b.addEventListener("click", function () {
          view.select(n.id);
        });
        li.appendChild(b);
        ul.appendChild(li);
      });
      results.appendChild(ul);
      return found;
    }
    search.addEventListener("input", showResults);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        var found = showResults() || [];
        view.select(
          found.map(function (n) {
            return n.id;
          })
        );
      }
    });
    root.querySelector(".ag-fit").addEventListener("click", function () {
      network.fit({ animation: false });
    });

    function showTip(card, pointer) {
      replace(tip, card);
      tip.hidden = false;
      var x = pointer.x + 14;
      var y = pointer.y + 14;
      var w = stage.clientWidth;
      var h = stage.clientHeight;
      if (x + tip.offsetWidth > w) x = Math.max(0, pointer.x - tip.offsetWidth - 14);
      if (y + tip.offsetHeight > h) y = Math.max(0, h - tip.offsetHeight);
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }
    function hideTip() {
      tip.hidden = true;
      replace(tip, null);
    }
    network.on("hoverNode", function (p) {
      var n = nodes.get(p.node);
      if (n) showTip(nodeCard(n, P), p.pointer.DOM);
    });
    network.on("hoverEdge", function (p) {
      var e = edges.get(p.edge);
      if (e) showTip(edgeCard(e, nodes, P), p.pointer.DOM);
    });
    network.on("blurNode", hideTip);
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
    network.on("selectNode", function (p) {
      if (p.nodes.length === 1) view.showNode(p.nodes[0]);
    });
    network.on("deselectNode", function () {
      replace(details, null);
    });

    var finished = false;
    function done() {
      if (finished) return;
      finished = true;
      mark("stabilized" + index);
      network.once("afterDrawing", function () {
        mark("drawn" + index);
      });
      network.setOptions({ physics: { enabled: false } });
      view.stabilized = true;
      root.setAttribute("data-ag-stabilized", "1");
      checkReady();
    }
    if (nodes.length === 0) {
      done();
    } else {
      network.once("stabilizationIterationsDone", done);
      setTimeout(done, data.budget_ms || 30000); // never leave physics running
    }
    updateCounts();
  }

  function checkReady() {
    if (ag.mounting) return;
    var all = ag.views.every(function (v) {
      return v.stabilized;
    });
    if (all && !ag.ready) {
      ag.ready = true;
      document.documentElement.setAttribute("data-ag-ready", "1");
    }
  }

  function start() {
    document.querySelectorAll("[data-ag-lang]").forEach(function (b) {
      b.addEventListener("click", function () {
        setLang(b.getAttribute("data-ag-lang"));
      });
    });
    setLang(lang());
    var roots = document.querySelectorAll(".ag-graph");
    ag.mounting = true;
    roots.forEach(function (root, i) {
      mount(root, i);
    });
    ag.mounting = false;
    checkReady();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
