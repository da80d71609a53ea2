// Pipeline board: dragging a card to another column saves its new stage at once (POST with CSRF);
// on failure the card goes back. Without JavaScript, each card's stage form still works. A column
// shows its first cards only: its count and total add those of the companies not shown.
(function () {
  "use strict";
  var board = document.querySelector(".pipeline-board[data-editable]");
  if (!board || typeof Sortable === "undefined") {
    return;
  }
  var token = document.body.getAttribute("data-csrf-token");
  var errorBox = document.getElementById("board-error");
  var status = document.getElementById("board-status");
  var currency = new Intl.NumberFormat(document.documentElement.lang || "en-GB", { maximumFractionDigits: 0 });

  function refreshTotals() {
    board.querySelectorAll(".pipeline-column").forEach(function (column) {
      var cards = column.querySelectorAll(".pipeline-card");
      var total = parseFloat(column.getAttribute("data-more-spend")) || 0;
      cards.forEach(function (card) {
        total += parseFloat(card.getAttribute("data-spend")) || 0;
      });
      column.querySelector(".column-count").textContent = cards.length + (parseInt(column.getAttribute("data-more-count"), 10) || 0);
      column.querySelector(".column-total").textContent = currency.format(total);
    });
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.remove("d-none");
  }

  function save(card, stage) {
    var body = new FormData();
    body.append("stage", stage);
    return fetch(card.getAttribute("data-move-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error(data.error || "The move was not saved.");
        }
        return data;
      });
    });
  }

  function moved(card, stage, undo) {
    errorBox.classList.add("d-none");
    save(card, stage)
      .then(function (data) {
        var select = card.querySelector("select[name=stage]");
        if (select) {
          select.value = data.stage;
        }
        card.setAttribute("data-stage", data.stage);
        status.textContent = card.getAttribute("data-name") + " moved to " + data.label + ".";
      })
      .catch(function (error) {
        undo();
        showError(error.message || "The move was not saved. Please try again.");
      })
      .finally(refreshTotals);
  }

  board.querySelectorAll(".pipeline-cards").forEach(function (list) {
    Sortable.create(list, {
      group: "pipeline",
      animation: 150,
      forceFallback: true,
      filter: "select, button, a, label",
      preventOnFilter: false,
      onAdd: function (event) {
        var from = event.from;
        var card = event.item;
        var oldIndex = event.oldIndex;
        moved(card, list.getAttribute("data-stage"), function () {
          from.insertBefore(card, from.children[oldIndex] || null);
        });
        refreshTotals();
      },
    });
  });

  board.addEventListener("submit", function (event) {
    var form = event.target.closest(".stage-form");
    if (!form) {
      return;
    }
    event.preventDefault();
    var card = form.closest(".pipeline-card");
    var stage = form.querySelector("select[name=stage]").value;
    var target = board.querySelector('.pipeline-cards[data-stage="' + stage + '"]');
    var from = card.parentElement;
    var next = card.nextElementSibling;
    target.prepend(card);
    moved(card, stage, function () {
      from.insertBefore(card, next);
    });
  });
})();
