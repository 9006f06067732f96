// Registers the service worker. A plain file (not inline) so the CSP needs no exception.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function (e) {
      console.warn("service worker registration failed", e);
    });
  });
}
