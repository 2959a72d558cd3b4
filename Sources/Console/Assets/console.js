// routeledger console: live mode of the request log. The only script the console runs (the
// Content-Security-Policy allows no other); it builds rows with textContent, never with HTML.
"use strict";

(function () {
  // Rows the live table keeps at most: however long live mode runs, the page stays this size.
  var MAXIMUM_ROWS = 200;
  var COLUMNS = ["completed_at", "request_id", "requested_model", "model", "tier", "task_type", "status", "attempts",
    "latency_ms", "cost_usd"];

  function cell(row, column) {
    var td = document.createElement("td");
    var value = row[column];
    if (column === "request_id") {
      var link = document.createElement("a");
      link.href = "/console/requests/" + encodeURIComponent(value);
      link.textContent = value;
      td.appendChild(link);
      return td;
    }
    if (column === "model" && row.provider) value = value + " via " + row.provider;
    if (column === "status" && row.failure) value = value + " " + row.failure;
    if (column === "latency_ms") value = value === null ? "—" : value.toFixed(2) + " ms";
    if (column === "cost_usd") value = "$" + value.toFixed(6);
    td.textContent = value === undefined || value === null ? "" : String(value);
    return td;
  }

  function startLive(button, status, body) {
    var source = null;
    function stop() {
      if (source) source.close();
      source = null;
      button.textContent = "Live";
      button.setAttribute("aria-pressed", "false");
      status.textContent = "paused";
    }
    function start() {
      source = new EventSource("/console/requests/live?after=" + encodeURIComponent(button.dataset.after || "0"));
      button.textContent = "Pause";
      button.setAttribute("aria-pressed", "true");
      status.textContent = "connecting…";
      source.onopen = function () { status.textContent = "live"; };
      source.onerror = function () { status.textContent = "live (reconnecting…)"; };
      source.addEventListener("request", function (event) {
        var row = JSON.parse(event.data);
        var tr = document.createElement("tr");
        tr.dataset.requestId = row.request_id;
        tr.dataset.seq = String(row.completion_seq);
        tr.className = "status-" + row.status + " live-new";
        COLUMNS.forEach(function (column) { tr.appendChild(cell(row, column)); });
        body.insertBefore(tr, body.firstChild);
        button.dataset.after = String(row.completion_seq);
        while (body.rows.length > MAXIMUM_ROWS) body.deleteRow(body.rows.length - 1);
        var empty = document.getElementById("no-rows");
        if (empty) empty.remove();
      });
    }
    button.addEventListener("click", function () { if (source) stop(); else start(); });
    window.addEventListener("pagehide", stop);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("live-toggle");
    var status = document.getElementById("live-status");
    var table = document.getElementById("request-log");
    if (button && status && table) startLive(button, status, table.tBodies[0]);
  });
})();
