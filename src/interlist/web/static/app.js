// interlist web: keyboard shortcuts (no inline scripts; served from the package).
// "/" focuses the search box (or opens the search page); arrow keys move through
// search results; on the review page s / n / u / k press the matching button.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function links() { return Array.prototype.slice.call(document.querySelectorAll("a.result-link")); }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var active = document.activeElement;
    if (ev.key === "/" && !typing(active)) {
      var q = document.getElementById("q");
      ev.preventDefault();
      if (q) { q.focus(); q.select(); } else { window.location.href = document.querySelector("a.brand").getAttribute("href"); }
      return;
    }
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var all = links();
      if (!all.length) { return; }
      var at = all.indexOf(active);
      if (active && active.id === "q") { at = -1; }
      else if (at < 0) { return; }
      var next = ev.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : at - 1;
      ev.preventDefault();
      if (next < 0) { document.getElementById("q").focus(); } else { all[next].focus(); }
      return;
    }
    if (!typing(active) && ev.key.length === 1) {
      var button = document.querySelector("[data-key='" + ev.key.toLowerCase() + "']");
      if (button) { ev.preventDefault(); button.click(); }
    }
  });
})();

// Answers that explain a refusal (422 unreadable upload, 409, 413, 503) are shown where the
// user acted: htmx does not swap error answers by default, and the message was lost.
// (Only page fragments: a whole error page is not put inside a panel.)
document.addEventListener("htmx:beforeSwap", function (ev) {
  var status = ev.detail.xhr.status;
  var fragment = !/<html/i.test(ev.detail.xhr.responseText || "");
  if (fragment && (status === 422 || status === 409 || status === 413 || status === 503)) {
    ev.detail.shouldSwap = true;
    ev.detail.isError = false;
  }
});
