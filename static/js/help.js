// Progressive enhancement for /help/: "Use my location" and "Print". The form works without it.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var button = document.querySelector("[data-use-location]");
  if (!button || !("geolocation" in navigator)) { return; }
  var form = button.form || button.closest("form");
  var status = form.querySelector(".geo-status");
  // Messages come translated from the page (data-msg-* on the button).
  var say = button.dataset;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = say.msgFinding || "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.querySelector("input[name=lat]").value = position.coords.latitude.toFixed(5);
        form.querySelector("input[name=lon]").value = position.coords.longitude.toFixed(5);
        var nationality = form.querySelector("select[name=nationality]");
        if (!nationality.value) {
          status.textContent = say.msgChoose || "Location found. Now choose your nationality.";
          nationality.focus();
          return;
        }
        status.textContent = say.msgFound || "Location found.";
        form.submit();
      },
      function () {
        status.textContent = say.msgUnavailable || "Your location is not available. Choose the country instead.";
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
