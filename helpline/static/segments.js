// Counts SMS segments while an admin types a text on the settings page (no library; the server
// checks again on save). GSM-7: 160 characters in one text, 153 a part when longer; an
// extension character costs two; anything outside GSM-7 makes it UCS-2 (70, then 67 a part).
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[]~|€";
  var LONG = 40; // a {placeholder} counted as a long name or place, as the server does

  function count(text) {
    var filled = text.replace(/\{[a-z_]+\}/g, new Array(LONG + 1).join("x"));
    var septets = 0, ucs2 = false;
    for (var i = 0; i < filled.length; i++) {
      var c = filled.charAt(i);
      if (BASIC.indexOf(c) >= 0) { septets += 1; }
      else if (EXTENSION.indexOf(c) >= 0) { septets += 2; }
      else { ucs2 = true; }
    }
    if (ucs2) { return filled.length <= 70 ? 1 : Math.ceil(filled.length / 67); }
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }

  function watch(area) {
    var shown = document.getElementById(area.getAttribute("data-segments"));
    var number = shown && shown.querySelector(".count");
    if (!number) { return; }
    area.addEventListener("input", function () {
      var n = count(area.value);
      number.textContent = String(n);
      number.classList.toggle("over", n > 2);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var areas = document.querySelectorAll("textarea[data-segments]");
    for (var i = 0; i < areas.length; i++) { watch(areas[i]); }
  });
})();
