/* The "Đã lưu" page, also what the service worker shows for any page it cannot load offline: the guides
   kept on this phone, pinned first, then the most recently read; for a search (?q=), the kept guides
   whose title or summary holds every word, diacritics ignored (folding as kb.text.fold does). Each card has
   a button that removes the guide from the phone ("Bỏ lưu"). */
(function () {
  var sw = navigator.serviceWorker, root = document.getElementById("saved");
  if (!sw || !root) return;
  var q = new URLSearchParams(location.search).get("q") || "", notice = document.getElementById("offline-notice");
  var fallback = location.pathname !== root.dataset.path;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function offline(off) { notice.hidden = !off; }
  offline(fallback || !navigator.onLine);
  addEventListener("online", function () { offline(false); });
  addEventListener("offline", function () { offline(true); });
  if (q) {
    document.getElementById("q").value = q;
    root.querySelector(".query").hidden = false;
    root.querySelector(".query q").textContent = q;
  }

  function ask(message, then) {
    sw.ready.then(function (reg) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { then(e.data); };
      reg.active.postMessage(message, [channel.port2]);
    });
  }
  ask({cmd: "list"}, function (guides) { render(guides || []); });

  function render(guides) {
    var words = fold(q).split(/\s+/).filter(Boolean), list = root.querySelector("ul");
    guides = guides.filter(function (g) {
      var text = fold(g.t + " " + g.s);
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }).sort(function (a, b) { return (b.p ? 1 : 0) - (a.p ? 1 : 0) || b.r - a.r; });
    guides.forEach(function (g) {
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p"),
        meta = document.createElement("p"), remove = document.createElement("button");
      li.className = "card";
      a.className = "card-title";
      a.href = g.u;
      a.textContent = g.t;
      p.textContent = g.s;
      meta.className = "meta";
      meta.textContent = (g.p ? root.dataset.pinned + " · " : "") + g.d;
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = root.dataset.remove;
      remove.setAttribute("aria-label", root.dataset.remove + ": " + g.t);
      remove.addEventListener("click", function () {
        remove.disabled = true;
        ask({cmd: "drop", url: g.u}, function () {
          li.remove();
          empty();
        });
      });
      li.append(a, p, meta, remove);
      list.appendChild(li);
    });
    empty();
  }
  function empty() {
    root.querySelector(q ? ".no-match" : ".empty").hidden = root.querySelector("ul").children.length > 0;
  }
})();
