/* Alerts on this phone (Web Push): subscribe with the site's VAPID public key, send the subscription with the
   commune and commodities chosen, or stop. The service worker (sw.js) shows each alert and opens it offline. */
(function () {
  var form = document.querySelector(".push-form");
  if (!form) return;
  var status = form.querySelector(".push-status"), submit = form.querySelector("button[type=submit]");
  var stop = form.querySelector(".push-stop");
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return; /* the page says what is needed */
  submit.disabled = false;
  status.textContent = "";

  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(body), headers: {
      "Content-Type": "application/json", "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value
    }}).then(function (r) { return r.json(); }).then(function (answer) {
      status.textContent = answer.message || answer.error || "";
      return answer;
    });
  }

  function current() {
    return navigator.serviceWorker.ready.then(function (reg) { return reg.pushManager.getSubscription(); });
  }

  current().then(function (sub) { stop.hidden = !sub; });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = Array.prototype.map.call(form.querySelectorAll("[name=commodities]:checked"),
      function (box) { return Number(box.value); });
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error(permission);
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      return reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key(form.dataset.key)});
    }).then(function (sub) {
      return post(form.action, {subscription: sub.toJSON(), commune: Number(form.commune.value), commodities: chosen});
    }).then(function (answer) { stop.hidden = !answer.ok; }, function () {
      status.textContent = form.dataset.refused || status.textContent;
    });
  });

  stop.addEventListener("click", function () {
    current().then(function (sub) {
      if (!sub) return;
      return post(form.dataset.stop, {endpoint: sub.endpoint}).then(function () { return sub.unsubscribe(); });
    }).then(function () { stop.hidden = true; });
  });
})();
