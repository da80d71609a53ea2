// Site-wide behaviour: htmx requests carry the CSRF token; forms marked data-confirm ask first;
// "/" outside a form field jumps to the global search box.
(function () {
  "use strict";
  var token = document.body.getAttribute("data-csrf-token");
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.addEventListener("keydown", function (event) {
    var search = document.getElementById("global-search");
    var target = event.target;
    if (event.key !== "/" || !search || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    event.preventDefault();
    search.focus();
    search.select();
  });
})();
