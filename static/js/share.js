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

  if (navigator.share) {
    native.hidden = false;
    box.querySelector(".share-links").hidden = true;
    native.addEventListener("click", function () { navigator.share(data).catch(function () {}); });
  }
  box.querySelector(".copy").addEventListener("click", function (e) {
    if (!navigator.clipboard) return; // the link stays: a long press copies it
    e.preventDefault();
    var done = e.currentTarget.dataset.copied;
    navigator.clipboard.writeText(data.url).then(function () { say(done); }, function () { say(data.url); });
  });
})();
