// Attach the Jalali date picker to every input marked data-jdp, including ones HTMX adds later.
(function () {
  "use strict";
  function start() {
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true });
    }
  }
  function hidePicker() {
    var picker = window.jalaliDatepicker;
    if (picker) {
      picker.hide();
      // A picker that began opening less than 300 ms ago finishes opening after this and would
      // reappear: hide it again once that has passed.
      setTimeout(function () { picker.hide(); }, 350);
      // Leave the field too, or the picker opens again as the page scrolls.
      var active = document.activeElement;
      if (active && active.hasAttribute && active.hasAttribute("data-jdp")) {
        active.blur();
      }
    }
  }
  // On a phone the picker covers the page; someone who typed the date must be able to close it
  // with Escape or a tap outside it, not only by choosing a day.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hidePicker();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.tagName === "JDP-OVERLAY") {
      hidePicker();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
