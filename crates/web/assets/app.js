// The resident's pages, enhanced: "use my location" (asked only on a tap) and meeting times
// also shown in the resident's own zone. Everything works without this script.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var form = document.getElementById("search");
  if (button && form && "geolocation" in navigator) {
    var status = document.getElementById("location-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (position) {
        // Two decimals (about a kilometre) are enough to find what is near.
        document.getElementById("lat").value = position.coords.latitude.toFixed(2);
        document.getElementById("lng").value = position.coords.longitude.toFixed(2);
        var place = document.getElementById("place");
        if (place) { place.value = ""; }
        form.submit();
      }, function () {
        status.textContent = button.getAttribute("data-denied");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }
  var here;
  try { here = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!here) { return; }
  var lang = document.documentElement.lang || "en";
  var times = document.querySelectorAll("time.next-start[data-zone]");
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    if (t.getAttribute("data-zone") === here) { continue; }
    var when = new Date(t.getAttribute("datetime"));
    if (isNaN(when.getTime())) { continue; }
    var text;
    try {
      text = new Intl.DateTimeFormat(lang, {
        weekday: "short", hour: "2-digit", minute: "2-digit", timeZone: here, timeZoneName: "short"
      }).format(when);
    } catch (e) { continue; }
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (" + text + ")";
    t.parentNode.insertBefore(span, t.nextSibling);
  }
})();
