// Quick exit for the help page. The page's own history entry is first rewritten to the
// neutral calendar, so the browser's history never shows the help page; leaving uses
// location.replace, so "Back" cannot return to it either.
(function () {
  "use strict";
  var neutral = "/calendar/";
  try { history.replaceState(null, "", neutral); } catch (e) { /* old browsers: still exits */ }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.innerHTML = "";
    window.location.replace(neutral);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("quick-exit");
    if (button) { button.addEventListener("click", leave); }
    var filter = document.querySelector("[data-office-filter]");
    if (filter) {
      filter.addEventListener("change", function () {
        document.querySelectorAll("#offices [data-province]").forEach(function (section) {
          section.hidden = Boolean(filter.value) && section.dataset.province !== filter.value;
        });
      });
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { leave(event); }
  });
})();
