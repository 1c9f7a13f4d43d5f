// "Run" under the examples Pyodide can run (the build decides, with the classifier
// the tests use, and writes the controls into the page). The code becomes
// editable; the runtime loads in a Web Worker (runner-worker.js) on the first Run
// only, so a reader who never clicks pays nothing. A "# practice" block runs its
// test cases instead ("Run tests").
(() => {
  // This script's own URL (assets/javascripts/), fixed at load: the page's idea of the
  // site root changes with instant navigation, and not at the same moment as the content.
  const scripts = new URL(".", document.currentScript.src);
  const originals = new WeakMap(); // code element -> its highlighted HTML, for Reset
  const workers = new Map(); // Python version -> {worker, runs: Map(id -> runner)}
  let nextId = 0;

  const codeOf = (runner) => runner.previousElementSibling.querySelector("code");
  const part = (runner, name) => runner.querySelector(`[data-runner=${name}]`);

  function prepare(runner) {
    const code = codeOf(runner);
    if (originals.has(code)) return code;
    originals.set(code, code.innerHTML);
    try { code.contentEditable = "plaintext-only"; } catch { code.contentEditable = "true"; }
    code.spellcheck = false;
    code.setAttribute("role", "textbox");
    code.setAttribute("aria-multiline", "true");
    code.setAttribute("aria-label", "Python code, editable: Ctrl+Enter runs it");
    return code;
  }

  // Stop and Reset appear when they can act; the status and output regions are in the page from the build.
  function button(runner, name, label) {
    let control = part(runner, name);
    if (!control) {
      control = Object.assign(document.createElement("button"), { type: "button", className: "md-button", textContent: label });
      control.dataset.runner = name;
      ((name === "reset" && part(runner, "stop")) || part(runner, "run")).after(control); // Run, Stop, Reset
    }
    return control;
  }

  const say = (runner, text) => { part(runner, "status").textContent = text; };

  function settle(runner, text) {
    delete runner.dataset.state;
    part(runner, "run").removeAttribute("aria-disabled");
    const stop = part(runner, "stop");
    if (stop && document.activeElement === stop) part(runner, "run").focus();
    if (stop) stop.hidden = true;
    say(runner, text);
  }

  function workerFor(version) {
    if (!workers.has(version)) {
      const entry = { worker: new Worker(new URL("runner-worker.js", scripts), { type: "module" }), runs: new Map() };
      entry.worker.onmessage = ({ data }) => receive(version, entry, data);
      entry.worker.onerror = (event) => { event.preventDefault(); end(version, `Python failed to start: ${event.message}`); };
      entry.worker.postMessage({ root: new URL("../../", scripts).href, version });
      workers.set(version, entry);
    }
    return workers.get(version);
  }

  // Stop or failure: the worker is gone with every run it held; the next Run starts a fresh one.
  function end(version, text) {
    const entry = workers.get(version);
    if (!entry) return;
    entry.worker.terminate();
    workers.delete(version);
    for (const runner of entry.runs.values()) settle(runner, text);
  }

  function print(runner, stream, text) {
    const output = part(runner, "output");
    let pre = output.querySelector("pre");
    if (!pre) {
      pre = Object.assign(document.createElement("pre"), { tabIndex: 0 }); // scrollable: reachable by keyboard
      output.prepend(pre);
    }
    const chunk = stream === "stderr" ? Object.assign(document.createElement("span"), { className: "runner__stderr" }) : new Text();
    chunk.textContent = text;
    pre.append(chunk);
  }

  function showCases(runner, results) {
    const list = document.createElement("ul");
    list.className = "runner__cases";
    for (const { call, expected, actual, passed } of results) {
      const item = document.createElement("li");
      item.dataset.passed = passed;
      item.append(Object.assign(document.createElement("strong"), { textContent: passed ? "pass" : "fail" }), " ",
        Object.assign(document.createElement("code"), { textContent: call }),
        passed ? " returned " : ": expected ", Object.assign(document.createElement("code"), { textContent: expected }));
      if (!passed) item.append(", got ", Object.assign(document.createElement("code"), { textContent: actual }));
      list.append(item);
    }
    part(runner, "output").append(list);
    const passing = results.filter((result) => result.passed).length;
    return passing === results.length ? `All ${passing} cases pass.` : `${passing} of ${results.length} cases pass.`;
  }

  function receive(version, entry, data) {
    if (data.type === "failed") return end(version, `Python stopped: ${data.message}. Run again to restart it.`);
    const runner = entry.runs.get(data.id);
    if (!runner) return;
    if (data.type === "ready") say(runner, "Running…");
    else if (data.type === "out") print(runner, data.stream, data.text);
    else if (data.type === "done") {
      entry.runs.delete(data.id);
      const text = data.results ? showCases(runner, data.results)
        : !data.finished ? "Finished with an exception." // its traceback is in the output
        : part(runner, "output").querySelector("pre") ? "Finished." : "Finished, with no output.";
      settle(runner, `${text} (Python ${version} in this browser)`);
    }
  }

  function run(runner) {
    if (runner.dataset.state) return;
    const code = prepare(runner);
    const { run: version, practice } = runner.dataset;
    runner.dataset.state = "running";
    part(runner, "run").setAttribute("aria-disabled", "true"); // not disabled: focus stays on it
    button(runner, "stop", "Stop").hidden = false;
    part(runner, "output").replaceChildren();
    const cold = !workers.has(version);
    const entry = workerFor(version);
    const id = ++nextId;
    entry.runs.set(id, runner);
    const message = { id, code: code.innerText };
    if (practice) Object.assign(message, { starter: codeText(originals.get(code)), name: practice });
    entry.worker.postMessage(message);
    say(runner, cold ? `Loading Python ${version} (once per visit)…` : "Waiting…");
  }

  // The published code of a practice block: the text of its original highlighted HTML.
  function codeText(html) {
    const box = document.createElement("code");
    box.innerHTML = html;
    return box.textContent;
  }

  function reset(runner) {
    const code = codeOf(runner);
    code.innerHTML = originals.get(code);
    part(runner, "reset").hidden = true;
    part(runner, "run").focus();
    say(runner, "Code reset to the example as published.");
  }

  document$.subscribe(() => { for (const runner of document.querySelectorAll(".runner[data-run]")) prepare(runner); });

  // Registered once: instant navigation keeps this script (and a running worker).
  document.addEventListener("click", (event) => {
    const control = event.target.closest(".runner [data-runner]");
    if (!control) return;
    const runner = control.closest(".runner");
    if (control.dataset.runner === "run") run(runner);
    else if (control.dataset.runner === "stop" && runner.dataset.state) end(runner.dataset.run, "Stopped.");
    else if (control.dataset.runner === "reset") reset(runner);
  });
  document.addEventListener("input", (event) => {
    const runner = event.target.closest?.(".highlight")?.nextElementSibling;
    if (runner?.matches(".runner[data-run]")) button(runner, "reset", "Reset").hidden = false;
  });
  document.addEventListener("keydown", (event) => {
    const runner = event.target.closest?.(".highlight")?.nextElementSibling;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && runner?.matches(".runner[data-run]")) {
      event.preventDefault();
      run(runner);
    }
  });
})();
