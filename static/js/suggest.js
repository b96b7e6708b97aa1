/* Type-ahead for the search box: optional (the form works without it), debounced, one request at a time. */
(function () {
  var input = document.getElementById("q");
  if (!input || !window.fetch) return;
  var form = input.form, list = document.createElement("ul"), timer, last = "", controller;
  list.className = "suggest";
  list.id = "q-suggest";
  list.hidden = true;
  form.insertAdjacentElement("afterend", list);
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  var lang = document.documentElement.lang === "en" ? "en" : "vi";

  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = !items.length;
  }

  function ask() {
    var q = input.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 2) return show([]);
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch("/api/suggest?locale=" + lang + "&q=" + encodeURIComponent(q), controller ? {signal: controller.signal} : {})
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (data) { if (q === last) show(data.suggestions); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") show([]);
    if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
  });
})();
