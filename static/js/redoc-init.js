// Starts Redoc on the API reference page (kept out of the page: the Content-Security-Policy allows no inline script).
const container = document.getElementById("redoc-container");
if (container && window.Redoc) {
  window.Redoc.init(container.dataset.specUrl, {}, container);
}
