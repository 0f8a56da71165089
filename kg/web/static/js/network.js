// Draws the network view (kg/web/templates/network.html) with vis-network: the nodes, edges
// and options are the page's JSON data block (#network-data, data that is never run); the
// tooltips and the details panel are HTML built by kg.network.view_data with every data
// text escaped. A double click opens the node's entity page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  function element(html) {
    var div = document.createElement("div");
    div.className = "tip";
    div.innerHTML = html;  // built by kg.network.view_data with every data text escaped
    return div;
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.title = element(n.tooltip); });
  data.edges.forEach(function (e) { byId[e.id] = e; e.title = element(e.tooltip); });
  var container = document.getElementById("network");
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)
  }, data.options);
  network.once("afterDrawing", function () {
    window.networkDrawn = true;
    document.body.setAttribute("data-drawn", "true");
  });
  network.fit({animation: false, maxZoomLevel: 1.5});
  var details = document.getElementById("details");
  network.on("click", function (params) {
    var id = params.nodes.length ? params.nodes[0] : params.edges[0];
    if (id !== undefined && byId[id]) {
      details.innerHTML = byId[id].tooltip;
    }
  });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length ? byId[params.nodes[0]] : null;
    if (node && node.href) { window.location.href = node.href; }
  });
  window.network = network;
}());
