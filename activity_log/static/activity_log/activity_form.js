// Activity form: offer only the outcomes of the chosen kind, and show duration and location
// only where they apply. The server validates the same rules.
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form) {
    return;
  }
  var kind = form.querySelector("[data-activity-kind]");
  var outcome = form.querySelector("select[name=outcome]");

  function apply() {
    var chosen = kind.value;
    Array.prototype.forEach.call(outcome.querySelectorAll("option[data-kind]"), function (option) {
      var allowed = option.getAttribute("data-kind") === chosen;
      option.hidden = !allowed;
      option.disabled = !allowed;
      if (!allowed && option.selected) {
        outcome.value = "";
      }
    });
    Array.prototype.forEach.call(outcome.querySelectorAll("optgroup"), function (group) {
      group.hidden = group.querySelector("option:not([hidden])") === null;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-kind-field]"), function (wrapper) {
      var applies = wrapper.getAttribute("data-kind-field").split(" ").indexOf(chosen) !== -1;
      wrapper.hidden = !applies;
      Array.prototype.forEach.call(wrapper.querySelectorAll("input, select"), function (input) {
        input.disabled = !applies;
      });
    });
  }

  kind.addEventListener("change", apply);
  apply();
})();
