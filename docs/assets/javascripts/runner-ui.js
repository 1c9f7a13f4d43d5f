// What the Run, Stop and Reset controls do, and how output is shown: loaded by
// runner.js on a reader's first click or edit. One Web Worker per Python version
// (runner-worker.js) survives instant navigation; Stop terminates it (the only way
// to end `while True: pass`), and the next Run starts a fresh one.
const workers = new Map(); // Python version -> {worker, runs: Map(id -> runner)}
let nextId = 0;

const part = (runner, name) => runner.querySelector(`[data-runner=${name}]`);
const say = (runner, text) => { part(runner, "status").textContent = text; };
const element = (tag, properties) => Object.assign(document.createElement(tag), properties);

// Stop and Reset appear when they can act; the status and output regions are in the page from the build.
function button(runner, name, label) {
  let control = part(runner, name);
  if (!control) {
    control = element("button", { type: "button", className: "md-button", textContent: label });
    control.dataset.runner = name;
    ((name === "reset" && part(runner, "stop")) || part(runner, "run")).after(control); // Run, Stop, Reset
  }
  return control;
}

function settle(runner, text) {
  delete runner.dataset.state;
  part(runner, "run").removeAttribute("aria-disabled");
  const stop = part(runner, "stop");
  if (stop && document.activeElement === stop) part(runner, "run").focus();
  if (stop) stop.hidden = true;
  say(runner, text);
}

function workerFor(version, scripts) {
  if (!workers.has(version)) {
    const entry = { worker: new Worker(new URL("runner-worker.js", scripts), { type: "module" }), runs: new Map() };
    entry.worker.onmessage = ({ data }) => receive(version, entry, data);
    entry.worker.onerror = (event) => { event.preventDefault(); end(version, failure("Python failed to start", event.message)); };
    entry.worker.postMessage({ root: new URL("../../", scripts).href, version });
    workers.set(version, entry);
  }
  return workers.get(version);
}

// The offline copy of the guide leaves the runtime out (about 6 MB gzip): say so rather than a fetch error.
function failure(what, message) {
  if (!navigator.onLine) return `${what}: this browser is offline, and the Python runtime is not part of the offline copy. Run again once online.`;
  return `${what}: ${message}. Run again to restart it.`;
}

// Stop or failure: the worker is gone with every run it held.
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
  if (!pre) output.prepend(pre = element("pre", { tabIndex: 0 })); // scrollable: reachable by keyboard
  pre.append(stream === "stderr" ? element("span", { className: "runner__stderr", textContent: text }) : text);
}

function showCases(runner, results) {
  const list = element("ul", { className: "runner__cases" });
  for (const { call, expected, actual, passed } of results) {
    const item = element("li");
    item.dataset.passed = passed;
    item.append(element("strong", { textContent: passed ? "pass" : "fail" }), " ", element("code", { textContent: call }),
      passed ? " returned " : ": expected ", element("code", { textContent: expected }));
    if (!passed) item.append(", got ", element("code", { textContent: actual }));
    list.append(item);
  }
  part(runner, "output").append(list);
  const passing = results.filter((result) => result.passed).length;
  return passing === results.length ? `All ${passing} cases pass.` : `${passing} of ${results.length} cases pass.`;
}

function receive(version, entry, data) {
  if (data.type === "failed") return end(version, failure("Python stopped", data.message));
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

// The text of a block's highlighted HTML.
function text(html) {
  return element("code", { innerHTML: html }).textContent;
}

function run(runner, { code, original, scripts }) {
  if (runner.dataset.state) return;
  const { run: version, practice } = runner.dataset;
  runner.dataset.state = "running";
  part(runner, "run").setAttribute("aria-disabled", "true"); // not disabled: focus stays on it
  button(runner, "stop", "Stop").hidden = false;
  part(runner, "output").replaceChildren();
  const cold = !workers.has(version);
  const entry = workerFor(version, scripts);
  const id = ++nextId;
  entry.runs.set(id, runner);
  // A practice block runs its published cases, whatever the reader changed.
  entry.worker.postMessage({ id, code: code.innerText, ...(practice && { starter: text(original), name: practice }) });
  say(runner, cold ? `Loading Python ${version} (once per visit)…` : "Waiting…");
}

export function act(runner, action, context) {
  if (action === "run") run(runner, context);
  else if (action === "stop" && runner.dataset.state) end(runner.dataset.run, "Stopped.");
  else if (action === "edited") button(runner, "reset", "Reset").hidden = false;
  else if (action === "reset") {
    context.code.innerHTML = context.original;
    part(runner, "reset").hidden = true;
    part(runner, "run").focus();
    say(runner, "Code reset to the example as published.");
  }
}
