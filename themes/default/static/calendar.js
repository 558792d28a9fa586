// Progressive enhancement for a static site built on one day and read on another: mark
// today on month grids and drop events that have ended since the build, by the reader's clock.
(function () {
  "use strict";
  var script = document.currentScript;
  var zone = (script && script.dataset.timezone) || "Asia/Shanghai";
  function isoToday() {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"})
      .formatToParts(new Date())
      .forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }
  function update() {
    var today = isoToday();
    document.querySelectorAll("td[data-date]").forEach(function (cell) {
      var isToday = cell.dataset.date === today;
      cell.classList.toggle("day--today", isToday);
      if (isToday) {
        cell.setAttribute("aria-current", "date");
        cell.classList.remove("day--quiet");
      } else {
        cell.removeAttribute("aria-current");
        if (!cell.querySelector(".day__marks, .day__events")) cell.classList.add("day--quiet");
      }
    });
    document.querySelectorAll(".upcoming").forEach(function (section) {
      section.querySelectorAll("li[data-last-day]").forEach(function (item) {
        if (item.dataset.lastDay < today) item.remove();
      });
      var empty = section.querySelector(".upcoming__empty");
      if (empty) empty.hidden = section.querySelector("li[data-last-day]") !== null;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
