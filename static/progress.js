// The import's progress, updated in place while it runs (no reload, so nothing moves under
// the reader): the page's own HTML is fetched again every second and its #progress part
// swapped in. Without script, the page offers a link to check again.
(function () {
  var part = document.getElementById("progress");
  if (!part || part.dataset.state !== "importing") return;
  function poll() {
    fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("progress");
        if (!fresh) return;
        part.replaceWith(fresh);
        part = fresh;
        if (fresh.dataset.state === "importing") setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
