/* "Có giúp được không?": the form posted without leaving the page. The server answers JSON (Accept header);
   the answer replaces the buttons, and after "Chưa" the one-line form shows. Without this script the forms
   post as they are and the server answers with a page. */
(function () {
  function post(form, extra) {
    var data = new FormData(form);
    if (extra) data.append(extra.name, extra.value);
    return fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                               headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); });
  }

  document.querySelectorAll(".vote").forEach(function (box) {
    var said = box.querySelector(".vote-said"), voteForm = box.querySelector(".vote-form"),
        commentForm = box.querySelector(".vote-comment");
    if (!said || !voteForm) return;

    function say(answer) {
      said.textContent = answer.message || answer.error;
      said.hidden = false;
    }

    voteForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var button = e.submitter || voteForm.querySelector("button");
      post(voteForm, button).then(function (answer) {
        say(answer);
        if (answer.state !== "error") voteForm.hidden = true;
        if (answer.comment && commentForm) commentForm.hidden = false;
      }, function () { voteForm.submit(); });
    });
    if (!commentForm) return;
    commentForm.addEventListener("submit", function (e) {
      e.preventDefault();
      post(commentForm).then(function (answer) {
        say(answer);
        if (answer.state !== "error") commentForm.hidden = true;
      }, function () { commentForm.submit(); });
    });
  });
})();
