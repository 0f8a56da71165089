/* The SPARQL editor (/editor): YASGUI set up from the page's JSON block #editor-config
 * (endpoint, the project's prefixes, a query to open). Every request goes to this
 * service: YASQE's completers that ask other hosts (prefix.cc, Linked Open Vocabularies)
 * are off, prefixes are completed from the project's own list. Tabs and queries are kept
 * in this browser's localStorage. Without YASGUI (no JavaScript, or the bundle missing)
 * the plain form below stays. */
(function () {
  "use strict";

  var block = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  if (!block || !host || typeof window.Yasgui === "undefined") {
    return; // the plain form stays
  }
  var config = JSON.parse(block.textContent);
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  // an absolute address (YASQE builds its GET URL with new URL()): this origin's /sparql
  var endpoint = new URL(config.endpoint, window.location.href).href;

  var prefixLines = Object.keys(config.prefixes)
    .sort()
    .map(function (prefix) {
      return prefix + ": <" + config.prefixes[prefix] + ">";
    });
  // YASQE's own "prefixes" completer, with the project's prefixes as its list (typing
  // "skos:" adds the PREFIX line; after PREFIX, Ctrl-Space lists them); not stored, so a
  // list kept from another page of this origin is never used instead
  Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "projectPrefixes",
      persistenceId: null,
      get: function () {
        return Promise.resolve(prefixLines);
      },
    },
    false
  );
  // only completers that ask no other host: variables and the project's prefixes
  // ("property" and "class" would ask lov.linkeddata.es)
  Yasqe.defaults.autocompleters = ["variables", "projectPrefixes"];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.value = config.default;

  var yasgui = new Yasgui(host, {
    persistenceId: "yhdyspinta-editor",
    populateFromUrl: false, // ?query= is read below; no other URL setting is taken
    copyEndpointOnNewTab: true,
    autofocus: false,
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
      keys: [],
    },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });

  // every tab asks this service (a tab kept from before may name another address)
  Object.keys(yasgui._tabs).forEach(function (id) {
    yasgui._tabs[id].setEndpoint(endpoint);
  });

  var tab = yasgui.getTab();
  if (config.query) {
    var shown = tab ? tab.persistentJson.yasqe.value : null;
    if (shown === config.default) {
      tab.setQuery(config.query); // a tab as new as this page takes the query
    } else if (shown !== config.query) {
      tab = yasgui.addTab(
        true,
        { yasqe: { value: config.query }, requestConfig: { endpoint: endpoint } },
        { avoidDuplicateTabs: true }
      );
    }
  }

  // YASGUI leaves two controls unnamed and puts its "add tab" button inside the tab list
  // (where only tabs may be): name them, and keep to one tab (the tabs' contents are kept
  // between visits all the same)
  function mend() {
    host.querySelectorAll(".yasqe textarea").forEach(function (area) {
      area.setAttribute("aria-label", config.labels.query);
    });
    host.querySelectorAll("input.autocomplete").forEach(function (input) {
      input.setAttribute("aria-label", config.labels.endpoint);
    });
    host.querySelectorAll(".tabsList .addTab").forEach(function (button) {
      button.parentNode.remove();
    });
  }
  mend();
  yasgui.on("tabChange", mend);
  yasgui.on("tabAdd", function () { setTimeout(mend, 0); });

  host.hidden = false;
  var plain = document.getElementById("plain-editor");
  if (plain) {
    plain.hidden = true;
  }
  window.editor = yasgui; // for the browser tests and the curious
  if (config.run && tab) {
    tab.query().catch(function () {});
  }
})();
