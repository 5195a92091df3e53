// The API docs page: Swagger UI reading the app's own OpenAPI document (no inline script, so
// the page keeps the desk's Content-Security-Policy).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("api-docs");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: node.dataset.specUrl,
    domNode: node,
    deepLinking: false,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
