// Attach the Jalali date picker to every input marked data-jdp, including ones HTMX adds later.
(function () {
  "use strict";
  function start() {
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
