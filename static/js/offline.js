/* Installs the service worker (static/js/sw.js) and offers what it makes possible: the "Đã lưu" link,
   the "Lưu để đọc khi mất sóng" button on a guide (reading "Đã lưu…" once saved; a tap again unsaves); with Save-Data, a tap loads an image where it is.
   Without this script (or without service workers) every page works as before. */
(function () {
  var here = location.origin + location.pathname;
  document.addEventListener("click", function (e) {
    var later = e.target.closest && e.target.closest("a.img-later");
    if (!later) return;
    e.preventDefault();
    var img = new Image();
    img.src = later.href;
    img.alt = later.dataset.alt;
    later.replaceWith(img);
  });
  var sw = navigator.serviceWorker, script = document.currentScript;
  if (!sw || !window.MessageChannel) return;
  var first = !sw.controller, pin = document.querySelector("button.pin");
  sw.register(script.dataset.worker, {updateViaCache: "all"});

  function ask(message) {
    return sw.ready.then(function (reg) {
      return new Promise(function (done) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { done(e.data); };
        reg.active.postMessage(message, [channel.port2]);
      });
    });
  }
  /* Saved or not, the button says so in words ("Đã lưu…"), not only by its look. */
  function show(on) {
    pin.setAttribute("aria-pressed", on ? "true" : "false");
    pin.textContent = on ? pin.dataset.saved : pin.dataset.save;
    pin.hidden = false;
  }

  sw.ready.then(function () {
    [].forEach.call(document.querySelectorAll(".saved-link"), function (a) { a.hidden = false; });
  });
  if (!pin) return;
  /* The page that installed the worker was loaded before it: ask the worker to keep it now. */
  (first ? ask({cmd: "keep", url: here}) : sw.ready).then(function () { return ask({cmd: "list"}); }).then(function (list) {
    show((list || []).some(function (g) { return g.u === here && g.p; }));
    pin.addEventListener("click", function () {
      var on = pin.getAttribute("aria-pressed") !== "true";
      ask({cmd: "pin", url: here, on: on}).then(show);
      if (on && navigator.sendBeacon) {  /* counted, not traced (analytics/usage.py) */
        var form = new FormData();
        form.append("kind", "saved");
        navigator.sendBeacon(pin.dataset.used, form);
      }
    });
  });
})();
