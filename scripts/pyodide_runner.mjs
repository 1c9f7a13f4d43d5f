// Run many Python code blocks on one pinned Pyodide (CPython compiled to WebAssembly).
//
//   node [--experimental-wasm-stack-switching] scripts/pyodide_runner.mjs pyodide-314 [timeout seconds]
//
// Loading Pyodide takes seconds, so it is loaded once and every block runs in the
// same interpreter through scripts/pyodide_block.py (a fresh __main__ each time,
// stdout and stderr captured, shared state restored afterwards).
// Protocol, JSON lines: the first line out is {"ready": true, "python", "pyodide",
// "stackSwitching"}; then each line in, {"id", "code", "async"}, gets one line out,
// {"id", "stdout", "stderr", "error" (a traceback, or null), "timedOut", "seconds"}.
// "async" blocks (those using asyncio) are called through JSPI, so that asyncio.run()
// can wait; the others are called plainly, because a JSPI stack is much smaller and
// deep (but legal) recursion would overflow it.
// Python runs in a worker thread so that a block running past the timeout can be
// interrupted (KeyboardInterrupt through Pyodide's interrupt buffer, as a Stop button
// does) and, if it ignores that or Pyodide crashes, the worker is replaced.
// The Python side is scripts/studysite/pyodide_runner.py.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const GRACE_MS = 2000; // after an interrupt, how long a block may take to stop

async function worker() {
  const { loadPyodide } = await import(pathToFileURL(join(ROOT, "node_modules", workerData.pkg, "pyodide.mjs")));
  // Output that no block captured (Pyodide's own messages) must not reach our stdout: that is the protocol.
  const toStderr = { batched: (text) => process.stderr.write(text + "\n") };
  const pyodide = await loadPyodide({ stdout: toStderr.batched, stderr: toStderr.batched });
  pyodide.setInterruptBuffer(workerData.interrupt);
  pyodide.runPython(readFileSync(join(HERE, "pyodide_block.py"), "utf8"), { filename: "pyodide_block.py" });
  const runBlock = pyodide.globals.get("run_block");
  let stackSwitching = false;
  try {
    stackSwitching = await pyodide.globals.get("len").callPromising([]) === 0;
  } catch {} // "WebAssembly stack switching not supported in this JavaScript runtime"
  parentPort.postMessage({
    ready: true,
    python: pyodide.runPython("import platform; platform.python_version()"),
    pyodide: pyodide.version,
    stackSwitching,
  });
  parentPort.on("message", async ({ id, code, async: usesAsyncio }) => {
    const started = performance.now();
    Atomics.store(workerData.interrupt, 0, 0);
    const result = usesAsyncio && stackSwitching ? await runBlock.callPromising(code) : runBlock(code);
    const [stdout, stderr, error] = result.toJs();
    result.destroy();
    parentPort.postMessage({ id, stdout, stderr, error: error ?? null, seconds: (performance.now() - started) / 1000 });
  });
}

function startWorker(pkg) {
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(fileURLToPath(import.meta.url), { workerData: { pkg, interrupt } });
  const ready = new Promise((resolve, reject) => {
    thread.once("message", resolve);
    thread.once("error", reject);
  });
  return { thread, interrupt, ready };
}

async function main() {
  const [pkg, timeoutArg] = process.argv.slice(2);
  if (!pkg) throw new Error("usage: pyodide_runner.mjs <npm package, e.g. pyodide-314> [timeout seconds]");
  const timeoutMs = 1000 * Number(timeoutArg || 30);
  let current = startWorker(pkg);
  process.stdout.write(JSON.stringify(await current.ready) + "\n");

  // One block; a crash or a block that will not stop costs a new worker, not the batch.
  const runOne = (request) => new Promise((resolve) => {
    const { thread, interrupt } = current;
    const started = performance.now();
    let timedOut = false;
    let killer;
    const finish = (reply) => {
      clearTimeout(timer);
      clearTimeout(killer);
      thread.off("message", finish);
      thread.off("error", crashed);
      thread.off("exit", crashed);
      resolve({ id: request.id, ...reply, timedOut });
    };
    const replace = (error) => {
      thread.removeAllListeners();
      thread.terminate();
      current = startWorker(pkg);
      finish({ stdout: "", stderr: "", error, seconds: (performance.now() - started) / 1000 });
    };
    const crashed = (error) => replace(`Pyodide crashed: ${error?.message ?? `worker exited (${error})`}`);
    const timer = setTimeout(() => {
      timedOut = true;
      Atomics.store(interrupt, 0, 2); // SIGINT: KeyboardInterrupt at the next bytecode
      killer = setTimeout(() => replace("did not stop when interrupted"), GRACE_MS);
    }, timeoutMs);
    thread.on("message", finish);
    thread.once("error", crashed);
    thread.once("exit", crashed);
    thread.postMessage(request);
  });

  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const result = await runOne(JSON.parse(line));
    await current.ready; // a replaced worker must be loaded before the next block
    process.stdout.write(JSON.stringify(result) + "\n");
  }
  current.thread.removeAllListeners();
  await current.thread.terminate();
}

if (isMainThread) {
  main().catch((error) => {
    process.stderr.write(`pyodide_runner: ${error.stack || error}\n`);
    process.exit(1);
  });
} else {
  worker();
}
