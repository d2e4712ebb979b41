/* assistgraph map script: switch the measure the counties are coloured by, show a
 * hover card per county, and open a county's dossier section when its link is followed.
 *
 * The data comes from a <script type="application/json"> block (JSON.parse); text from
 * the data is only ever written with textContent, and a colour is applied only if it
 * is a #rrggbb value, so nothing from the data is run or parsed as markup.
 */
(function () {
  "use strict";

  var COLOUR = /^#[0-9a-fA-F]{6}$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function pair(zh, en) {
    var s = el("span", "ag-pair");
    s.appendChild(el("span", "zh", zh));
    s.appendChild(el("span", "en", en || zh));
    return s;
  }

  function mount(root) {
    var block = document.getElementById(root.getAttribute("data-ag-map"));
    if (!block) return;
    var P = JSON.parse(block.textContent);
    var card = root.querySelector(".ag-map-card");
    var shapes = root.querySelectorAll("[data-county-id]");
    var current = P.measure;

    function recolour(key) {
      var m = P.measures[key];
      if (!m) return;
      current = key;
      shapes.forEach(function (s) {
        var c = m.fill[s.getAttribute("data-county-id")];
        if (typeof c === "string" && COLOUR.test(c)) s.setAttribute("fill", c);
      });
      root.querySelectorAll(".ag-map-legend").forEach(function (g) {
        if (g.getAttribute("data-measure") === key) g.removeAttribute("display");
        else g.setAttribute("display", "none");
      });
      root.setAttribute("data-measure", key);
    }

    root.querySelectorAll("[data-ag-measure]").forEach(function (b) {
      b.addEventListener("change", function () {
        if (b.checked) recolour(b.value);
      });
    });

    function show(id, ev) {
      var c = P.counties[id];
      if (!c || !card) return;
      while (card.firstChild) card.removeChild(card.firstChild);
      var h = el("div", "ag-map-card-name");
      h.appendChild(pair(c.zh, c.en));
      card.appendChild(h);
      var p = el("div", "ag-sub");
      p.appendChild(pair(c.pzh, c.pen));
      card.appendChild(p);
      var m = P.measures[current];
      var v = el("div", "ag-map-card-value");
      v.appendChild(pair(m.zh, m.en));
      v.appendChild(document.createTextNode(": "));
      v.appendChild(el("b", "", c.v[current]));
      card.appendChild(v);
      if (c.gaps.length) {
        var ul = el("ul", "ag-map-card-gaps");
        c.gaps.forEach(function (g) {
          var li = el("li", "ag-sev-" + (/^(high|medium|low)$/.test(g[0]) ? g[0] : "low"));
          li.appendChild(pair(g[1], g[2]));
          li.appendChild(document.createTextNode(": "));
          li.appendChild(pair(g[3], g[4])); // the finding, [中文, English]
          ul.appendChild(li);
        });
        card.appendChild(ul);
        if (c.n_gaps > c.gaps.length) {
          card.appendChild(el("div", "ag-sub", "+" + (c.n_gaps - c.gaps.length)));
        }
      }
      card.hidden = false;
      var box = root.getBoundingClientRect();
      var x = ev && ev.clientX !== undefined ? ev.clientX : box.left + box.width / 2;
      var y = ev && ev.clientY !== undefined ? ev.clientY : box.top + 40;
      var left = x - box.left + 14;
      if (left + 300 > box.width) left = Math.max(0, x - box.left - 314);
      card.style.left = left + "px";
      card.style.top = y - box.top + 14 + "px";
      root.setAttribute("data-hover", id);
    }

    function hide() {
      if (card) card.hidden = true;
      root.removeAttribute("data-hover");
    }

    shapes.forEach(function (s) {
      var id = s.getAttribute("data-county-id");
      s.addEventListener("mousemove", function (ev) {
        show(id, ev);
      });
      s.addEventListener("mouseleave", hide);
      var a = s.parentNode;
      if (a && a.addEventListener) {
        a.addEventListener("focus", function () {
          show(id, null);
        });
        a.addEventListener("blur", hide);
      }
    });
    root.agMap = { recolour: recolour, show: show, hide: hide, payload: P };
    root.setAttribute("data-ag-map-ready", "1");
  }

  function openTarget() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (!id) return;
    var t = document.getElementById(id);
    if (t && t.tagName === "DETAILS") {
      t.open = true;
      t.scrollIntoView();
    }
  }

  function start() {
    document.querySelectorAll(".ag-map").forEach(mount);
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
