// Offline reading: registers the service worker the build writes at the site's
// root (offline-worker.js), scoped to the site's base URL so it works under a
// GitHub Pages project path. The "Make available offline" control (home and
// Review pages) loads its own script, offline-control.js, when it is on the page.
window.StudyOffline = (() => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base + "/", location.href);
  const supported = "serviceWorker" in navigator;
  // `mkdocs serve` rewrites every page (live reload), so no page would match the
  // build's file list: no offline copy there, and none left over from a built site.
  const previewServer = typeof window.livereload === "function";
  const loaded = new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });
  let registration = null;
  // After the page's own loading: the worker then takes what the page fetched from the HTTP cache.
  function register() {
    registration ||= loaded.then(() =>
      navigator.serviceWorker.register(new URL("offline-worker.js", root), { scope: root.href }));
    registration.catch(() => {}); // the control says so; pages work as before
    return registration;
  }
  if (supported && previewServer) {
    navigator.serviceWorker.getRegistration(root.href).then((found) => found?.unregister());
  }

  // A new version took over this page. Its next page must not be swapped into
  // this one (new content, old scripts): load it in full instead of instantly.
  let replaced = false;
  if (supported && navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener("controllerchange", () => { replaced = true; }, { once: true });
  }
  document.addEventListener("click", (event) => {
    const link = replaced && event.target.closest?.("a[href]");
    if (link && link.origin === location.origin && link.pathname !== location.pathname) event.stopPropagation();
  }, true); // capture: before Material's instant navigation sees the click
  window.addEventListener("popstate", () => replaced && location.reload());

  // A first visit costs nothing: the worker registers when the reader goes on to a
  // second page (a link from this site, or an instant navigation) or on a page with
  // the offline control. The pages read before are still in the HTTP cache, and the
  // worker stores them from there.
  let views = 0;
  document$.subscribe(() => {
    views += 1;
    const control = document.getElementById("offline-control");
    if (supported && !previewServer && (views > 1 || control || document.referrer.startsWith(root.href))) register();
    if (!control || document.querySelector("script[data-offline-control]")) return;
    const script = document.createElement("script"); // it mounts the control, now and after each navigation
    script.src = new URL("assets/javascripts/offline-control.js", root);
    script.dataset.offlineControl = "";
    script.onerror = () => script.remove(); // offline and never stored: try again on the next visit
    document.head.append(script);
  });

  return { supported, previewServer, register };
})();
