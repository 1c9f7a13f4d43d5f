// The "Make available offline" control (home and Review pages; the markup comes
// from the build, scripts/studysite/render.py). It asks the offline worker
// (offline-worker.js) what is stored and how much is left to download, starts
// the download of the whole guide, and shows its progress. Loaded by offline.js
// only on pages with the control; safe to load again.
window.OfflineControl = window.OfflineControl || (() => {
  const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
  const $ = (selector) => document.querySelector(`#offline-control ${selector}`);
  let report = null; // the worker's last status: sizes and what is stored, per group

  function say(text) {
    $(".offline-control__status").textContent = text;
  }

  // Ask the active worker; each answer (status, progress, the end) comes back on a channel.
  async function ask(message) {
    const registration = await navigator.serviceWorker.ready;
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => show(data);
    registration.active.postMessage(message, [channel.port2]);
  }

  const guide = () => ["assets", "pages"].map((group) => report.groups[group]);

  function render() {
    const [, pages] = guide();
    const decks = report.groups.decks;
    const left = guide().reduce((sum, group) => sum + group.missing, 0);
    const size = guide().reduce((sum, group) => sum + group.size, 0);
    const box = $(".offline-control__decks input");
    box.disabled = !decks.missing;
    box.checked ||= !decks.missing;
    $(".offline-control__decks-size").textContent = decks.missing ? `(about ${megabytes(decks.missing)})` : "(stored)";
    $(".offline-control__store").disabled = !left && !(box.checked && decks.missing);
    $(".offline-control__progress").hidden = true;
    say(left
      ? `Store the whole guide in this browser to read it without a network: all ${pages.files} pages, ` +
        `search, styles and scripts, about ${megabytes(left)} to download (${megabytes(size)} once stored). ` +
        `Stored so far: ${pages.stored} of ${pages.files} pages, the ones you have opened.`
      : `Done: the whole guide is stored in this browser (${megabytes(size)}${decks.missing ? "" : " and the Anki decks"}). ` +
        "Pages, search, marks, review and quiz work offline; a new version replaces it on your next visit online.");
  }

  function show(message) {
    if (!document.getElementById("offline-control")) return; // the reader has moved on
    if (message.type === "status" && message.downloading) {
      ask({ type: "store", decks: false }); // a download started on an earlier visit to this page: follow it
    } else if (message.type === "status" || message.type === "stored") {
      report = message;
      render();
    } else if (message.type === "progress") {
      const progress = $(".offline-control__progress");
      progress.hidden = false;
      progress.querySelector("progress").max = message.total || 1;
      progress.querySelector("progress").value = message.done;
      progress.querySelector("span").textContent = `${megabytes(message.done)} of ${megabytes(message.total)}`;
      $(".offline-control__store").disabled = true;
      say("Downloading the guide for offline reading…");
    } else if (message.type === "failed") {
      say(`The download stopped (${navigator.onLine ? message.message : "you are offline"}). ` +
        "What was downloaded is kept: press the button again to continue.");
      $(".offline-control__store").disabled = false;
    }
  }

  function mount() {
    const control = document.getElementById("offline-control");
    if (!control || control.dataset.mounted) return;
    control.dataset.mounted = "true";
    const offline = window.StudyOffline;
    if (!offline.supported) {
      say("This browser cannot store the guide for offline reading (it has no service workers, " +
        "which private windows and some privacy settings turn off).");
    } else if (offline.previewServer) {
      say("Offline reading is off in the preview server (mkdocs serve): build the site to try it.");
    } else {
      say("Checking what this browser has stored…");
      offline.register()
        .then(() => ask({ type: "status" }))
        .catch((error) => say(`This browser cannot store the guide for offline reading (${error.message}).`));
    }
  }

  // Registered once: instant navigation keeps this script.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("#offline-control .offline-control__store");
    if (!button) return;
    button.disabled = true;
    say("Starting the download…");
    ask({ type: "store", decks: $(".offline-control__decks input").checked });
  });
  document.addEventListener("change", (event) => {
    if (event.target.closest("#offline-control .offline-control__decks") && report) render();
  });

  document$.subscribe(mount);
  return { mount };
})();
