// Suggestions while typing in the search box: the names the search would offer, from
// /search/suggest, as the options of the box's <datalist>. Without JavaScript the box is a
// plain form and the search page lists the same names.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!box || !list || !window.fetch) { return; }
  var timer = null;
  var asked = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = box.value.trim();
      if (text.length < 2 || text === asked) { return; }
      asked = text;
      var lang = document.documentElement.lang;
      var url = box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text) + "&lang=" + lang;
      fetch(url, {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) {
          if (text !== asked) { return; }
          list.textContent = "";
          hits.forEach(function (hit) {
            var option = document.createElement("option");
            option.value = hit.label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience: the form still works */ });
    }, 150);
  });
}());
