/* assistgraph page script: the language switch and the interactive graphs.
 *
 * Data comes from <script type="application/json"> blocks and is parsed with
 * JSON.parse. Text from the data is only ever written with textContent (never
 * innerHTML), so a name that looks like markup is shown, not run.
 */
(function () {
  "use strict";

  var ag = (window.assistgraph = { views: [], ready: false });

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

  function factsTable(facts) {
    var t = el("table", "ag-facts");
    (facts || []).forEach(function (f) {
      var tr = el("tr");
      var th = el("th");
      th.appendChild(pair(f[0], f[1]));
      tr.appendChild(th);
      tr.appendChild(el("td", null, f[2]));
      t.appendChild(tr);
    });
    return t;
  }

  function provenance(a) {
    var p = el("p", "ag-prov");
    p.appendChild(pair("来源：", "Source: "));
    p.appendChild(el("span", "ag-source", a.source || "—"));
    p.appendChild(el("br"));
    p.appendChild(pair("可信度：", "Confidence: "));
    p.appendChild(el("span", "ag-conf ag-conf-" + (a.confidence || "none"), a.confidence || "—"));
    return p;
  }

  function nodeCard(n) {
    var a = n.ag;
    var box = el("div", "ag-card");
    var kind = el("div", "ag-kind");
    kind.appendChild(pair(a.kind_zh, a.kind_en));
    kind.appendChild(el("code", null, a.id));
    box.appendChild(kind);
    box.appendChild(el("div", "ag-name-zh", a.name_zh));
    if (a.name_en && a.name_en !== a.name_zh) box.appendChild(el("div", "ag-name-en", a.name_en));
    box.appendChild(factsTable(a.facts));
    if (a.gaps && a.gaps.length) {
      var h = el("div", "ag-gaps-title");
      h.appendChild(pair("短板", "Gaps"));
      box.appendChild(h);
      var ul = el("ul", "ag-gaps");
      a.gaps.forEach(function (g) {
        var li = el("li", "ag-sev-" + g.severity);
        li.appendChild(el("b", null, g.severity + " · " + g.rule));
        li.appendChild(el("span", null, " " + g.message));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.appendChild(provenance(a));
    return box;
  }

  function edgeCard(e, nodes) {
    var a = e.ag;
    var box = el("div", "ag-card");
    var kind = el("div", "ag-kind");
    kind.appendChild(pair(a.type_zh, a.type_en));
    kind.appendChild(el("code", null, a.type));
    box.appendChild(kind);
    var from = nodes.get(e.from);
    var to = nodes.get(e.to);
    var ends = el("div", "ag-ends");
    ends.appendChild(el("span", "ag-name-zh", from ? from.ag.name_zh : e.from));
    ends.appendChild(el("span", null, " → "));
    ends.appendChild(el("span", "ag-name-zh", to ? to.ag.name_zh : e.to));
    box.appendChild(ends);
    if (from && to && (from.ag.name_en !== from.ag.name_zh || to.ag.name_en !== to.ag.name_zh)) {
      box.appendChild(el("div", "ag-name-en", from.ag.name_en + " → " + to.ag.name_en));
    }
    box.appendChild(factsTable(a.facts));
    box.appendChild(provenance(a));
    return box;
  }

  function replace(target, child) {
    while (target.firstChild) target.removeChild(target.firstChild);
    if (child) target.appendChild(child);
  }

  function mount(root, index) {
    var data = JSON.parse(document.getElementById(root.getAttribute("data-ag-data")).textContent);
    var stage = root.querySelector(".ag-stage");
    var canvas = root.querySelector(".ag-canvas");
    var tip = root.querySelector(".ag-tooltip");
    var details = root.querySelector(".ag-details");
    var results = root.querySelector(".ag-results");
    var search = root.querySelector(".ag-search input");
    var visibleCount = root.querySelector("[data-ag-count=visible]");

    var l = lang();
    data.nodes.forEach(function (n) {
      n.label = l === "en" ? n.ag.label_en : n.ag.label_zh;
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
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

    var network = new vis.Network(canvas, { nodes: nodeView, edges: edgeView }, data.options);
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
            return { id: n.id, label: lg === "en" ? n.ag.label_en : n.ag.label_zh };
          })
        );
      },
      showNode: function (id) {
        var n = nodes.get(id);
        replace(details, n ? nodeCard(n) : null);
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
        visibleCount.appendChild(pair("（显示 " + n + " / " + total + "）", "(showing " + n + " of " + total + ")"));
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
          return (n.ag.name_zh + "\n" + n.ag.name_en + "\n" + n.ag.id).toLowerCase().indexOf(q) >= 0;
        },
      });
    }
    function showResults() {
      var found = matches(search.value);
      replace(results, null);
      if (!search.value.trim()) return;
      var head = el("div", "ag-results-head");
      head.appendChild(pair(found.length + " 个匹配", found.length + " match" + (found.length === 1 ? "" : "es")));
      results.appendChild(head);
      var ul = el("ul");
      found.slice(0, 30).forEach(function (n) {
        var li = el("li");
        var b = el("button", "ag-hit");
        b.type = "button";
        b.appendChild(el("span", "ag-name-zh", n.ag.name_zh));
        if (n.ag.name_en !== n.ag.name_zh) b.appendChild(el("span", "ag-name-en", " " + n.ag.name_en));
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
      if (n) showTip(nodeCard(n), p.pointer.DOM);
    });
    network.on("hoverEdge", function (p) {
      var e = edges.get(p.edge);
      if (e) showTip(edgeCard(e, nodes), p.pointer.DOM);
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
