// Supplier form: add booking-process rows from the <template>, move rows up and down, and keep
// each row's hidden order field equal to its position. Removal is the row's own checkbox.
(function () {
  "use strict";
  var list = document.getElementById("process-list");
  var template = document.getElementById("process-template");
  if (!list || !template) {
    return;
  }
  var prefix = list.getAttribute("data-prefix");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var emptyNote = document.querySelector("[data-no-process]");

  function renumber() {
    list.querySelectorAll("[data-process]").forEach(function (row, position) {
      row.querySelector("[data-process-order]").value = position;
    });
    emptyNote.hidden = list.querySelector("[data-process]") !== null;
  }

  document.querySelector("[data-add-process]").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    renumber();
    var added = list.lastElementChild;
    added.querySelector("input[type=text]").focus();
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) {
      return;
    }
    var row = button.closest("[data-process]");
    if (button.getAttribute("data-move") === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    button.focus();
  });

  renumber();
})();
