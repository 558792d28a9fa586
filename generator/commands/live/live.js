// Live reload for `bulletin serve`: reload when a rebuild succeeds, and show the build's error
// over the last good page when it fails. Only ever served by the preview server.
(function () {
  "use strict";
  var overlay = null;
  function showError(report) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "bulletin-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.93);color:#fff;padding:1.5rem;font:16px/1.6 monospace;" +
        "white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    // The heading is in the editor's language, as the error is (the server sends both).
    overlay.textContent = (report.heading || "Build failed:") + "\n\n" + report.error;
  }
  function check() {
    fetch("/__bulletin/status").then(function (r) { return r.json(); }).then(function (s) {
      if (s.error) showError(s);
      else if (overlay) location.reload();  // fixed by a rebuild that ended before we listened
    }).catch(function () {});
  }
  check();
  var events = new EventSource("/__bulletin/events");
  // A rebuild that ends between loading this page and connecting sends its event to no one:
  // ask again once connected (and after every reconnection).
  events.addEventListener("open", check);
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("error-report", function (e) { showError(JSON.parse(e.data)); });
})();
