// "Run" under the examples Pyodide can run: the build decides (with the classifier
// the tests use) and writes the controls into the page. This part ships with every
// page, so it only makes the code editable and waits: the controls' behaviour
// (runner-ui.js) loads on the first click or edit, and the Python runtime
// (runner-worker.js, Pyodide) on the first Run. A reader who never clicks pays nothing.
(() => {
  // This script's own folder (assets/javascripts/), fixed at load: the page's idea of the
  // site root changes with instant navigation, and not at the same moment as the content.
  const scripts = new URL(".", document.currentScript.src);
  const originals = new WeakMap(); // code element -> its highlighted HTML, for Reset
  let ui;

  const codeOf = (runner) => runner.previousElementSibling.querySelector("code");

  function prepare(runner) {
    const code = codeOf(runner);
    if (originals.has(code)) return;
    originals.set(code, code.innerHTML);
    try { code.contentEditable = "plaintext-only"; } catch { code.contentEditable = "true"; }
    code.spellcheck = false;
    code.setAttribute("role", "textbox");
    code.setAttribute("aria-multiline", "true");
    code.setAttribute("aria-label", "Python code, editable: Ctrl+Enter runs it");
  }

  function act(runner, action) {
    prepare(runner); // answers copied in later (Review, quiz) were not there at page load
    ui ??= import(new URL("runner-ui.js", scripts).href).catch((error) => { ui = null; throw error; });
    const code = codeOf(runner);
    ui.then((module) => module.act(runner, action, { code, original: originals.get(code), scripts }),
      () => { runner.querySelector("[data-runner=status]").textContent = "The runner could not load; try again."; });
  }

  document$.subscribe(() => { for (const runner of document.querySelectorAll(".runner[data-run]")) prepare(runner); });

  // Registered once: instant navigation keeps this script (and a running worker).
  const runnerOf = (event) => {
    const runner = event.target.closest?.(".highlight")?.nextElementSibling;
    return runner?.matches(".runner[data-run]") ? runner : null;
  };
  document.addEventListener("click", (event) => {
    const control = event.target.closest(".runner button[data-runner]");
    if (control) act(control.closest(".runner"), control.dataset.runner);
  });
  document.addEventListener("input", (event) => { if (runnerOf(event)) act(runnerOf(event), "edited"); });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || !runnerOf(event)) return;
    event.preventDefault();
    act(runnerOf(event), "run");
  });
})();
