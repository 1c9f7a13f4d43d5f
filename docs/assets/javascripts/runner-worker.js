// Runs docs examples in Pyodide (CPython compiled to WebAssembly), off the page's
// thread: a long run never freezes the page, and "Stop" simply terminates this
// worker. Loaded by runner.js on the first "Run" only; the runtime comes from
// this site (assets/pyodide/<version>/, copied from npm at build time), never a CDN.
//
// Page -> worker: {root, version} once, then {id, code} or {id, code, starter, name}.
// Worker -> page: {id, type: "ready"}, {id, type: "out", stream, text}, {id, type: "done", results?},
// {type: "failed", message} (the runtime cannot be used any more).
const OUTPUT_LIMIT = 200000; // characters of output per run: a print loop cannot flood the page
const FLUSH_MS = 50;
// asyncio.run() suspends WebAssembly while it waits, which needs JSPI (stack switching):
// such code is called through callPromising. Other code is called plainly, because a
// JSPI stack is much smaller and deep recursion would overflow it.
const USES_ASYNCIO = /\basyncio\b/;

let pyodide, harness, runId, sent = 0, pending = "", pendingStream = "stdout", lastFlush = 0;

function flush() {
  if (pending) postMessage({ id: runId, type: "out", stream: pendingStream, text: pending });
  pending = "";
  lastFlush = Date.now();
}

function output(stream) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      if (sent < OUTPUT_LIMIT) {
        if (stream !== pendingStream) flush();
        pendingStream = stream;
        const room = OUTPUT_LIMIT - sent;
        pending += text.slice(0, room);
        sent += Math.min(text.length, room);
        if (sent >= OUTPUT_LIMIT) pending += "\n[output cut off here]\n";
        if (Date.now() - lastFlush > FLUSH_MS) flush();
      }
      return bytes.length;
    },
  };
}

async function start({ root, version }) {
  const base = new URL(`assets/pyodide/${version}/`, root);
  if (base.origin !== self.location.origin) throw new Error("runner: the runtime must come from this site");
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href); // a module worker: Pyodide needs one
  pyodide = await loadPyodide({ indexURL: base.href }); // set explicitly: the default is a CDN
  pyodide.setStdout(output("stdout"));
  pyodide.setStderr(output("stderr"));
  pyodide.setStdin({ error: true }); // input() raises EOFError: there is no terminal
  const source = await fetch(new URL("assets/javascripts/runner_harness.py", root));
  if (!source.ok) throw new Error(`runner: harness HTTP ${source.status}`);
  pyodide.FS.writeFile("/home/pyodide/runner_harness.py", await source.text());
  harness = pyodide.pyimport("runner_harness");
}

async function runExample(code) {
  if (!USES_ASYNCIO.test(code)) return harness.run_example(code);
  try {
    return await harness.run_example.callPromising(code);
  } catch (error) {
    if (!/stack switching/i.test(String(error))) throw error;
    // Said in the output, not as a failure: the runtime itself is fine.
    flush();
    pending = "This example uses asyncio, which needs WebAssembly stack switching (JSPI). "
      + "This browser does not offer it: try a recent Chrome, Edge or Firefox.\n";
    pendingStream = "stderr";
    return null;
  }
}

let ready;
onmessage = async ({ data }) => {
  if (!ready) {
    ready = start(data).catch((error) => postMessage({ type: "failed", message: String(error) }));
    return;
  }
  await ready;
  if (!harness) return;
  runId = data.id;
  sent = 0;
  postMessage({ id: runId, type: "ready" });
  try {
    let results, finished;
    if (data.starter) {
      const proxy = harness.run_cases(data.code, data.starter, data.name);
      results = proxy.toJs({ dict_converter: Object.fromEntries });
      proxy.destroy();
    } else {
      const outcome = await runExample(data.code); // (namespace, ran to the end)
      finished = outcome ? outcome.get(1) : false;
      if (outcome) {
        outcome.get(0).destroy();
        outcome.destroy();
      }
    }
    flush();
    postMessage({ id: runId, type: "done", results, finished });
  } catch (error) {
    // Python exceptions are caught in the harness; this is the runtime itself failing
    // (e.g. the WebAssembly stack overflowing): the page starts a fresh worker next time.
    flush();
    postMessage({ type: "failed", message: String(error) });
  }
};
