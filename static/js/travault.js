// Site-wide behaviour: htmx requests carry the CSRF token; forms marked data-confirm ask first.
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
})();
