/* "Chia sẻ" on a guide: the phone's own share sheet where it has one (Zalo and Messenger are in it);
   otherwise the server-rendered links stay, and the Zalo one copies the short address (Zalo's web share
   needs its SDK) and says so. Without this script the links still work. */
(function () {
  var box = document.querySelector(".share");
  if (!box) return;
  var data = {title: box.dataset.title, text: box.dataset.text, url: box.dataset.url};
  var native = box.querySelector(".share-native"), toast = box.querySelector(".toast"), timer;

  function say(text) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { toast.hidden = true; }, 5000);
  }

  /* Counted, not traced: the guide and the way only (analytics/usage.py). */
  function used(via) {
    if (!navigator.sendBeacon) return;
    var form = new FormData();
    form.append("kind", "shared");
    form.append("via", via);
    navigator.sendBeacon(box.dataset.used, form);
  }

  if (navigator.share) {
    native.hidden = false;
    box.querySelector(".share-links").hidden = true;
    native.addEventListener("click", function () {
      navigator.share(data).then(function () { used("native"); }, function () {});
    });
  }
  [].forEach.call(box.querySelectorAll("[data-via]"), function (a) {
    a.addEventListener("click", function () { used(a.dataset.via); });
  });
  box.querySelector(".copy").addEventListener("click", function (e) {
    if (!navigator.clipboard) return; // the link stays: a long press copies it
    e.preventDefault();
    var done = e.currentTarget.dataset.copied;
    navigator.clipboard.writeText(data.url).then(function () { say(done); }, function () { say(data.url); });
  });
})();
