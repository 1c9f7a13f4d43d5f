// Material's search worker, with lunr's TokenSet key made unambiguous and the
// first answers taken from the question titles.
//
// lunr 2.3.9 keys a node by each edge's one-character label followed by the
// child's numeric id, with nothing between them, so different nodes can share
// a key: edges {"1": 23, "4": 5} and {"1": 2, "3": 45} both give "012345".
// Builder.minimize then merges nodes that differ. We hit the resulting crash
// ("Cannot read properties of undefined (reading '_index')", as in lunr.js
// issues 279 and 314) on this site's full index; ending each id with ";"
// removes the ambiguity and the crash.
function fixTokenSetKey(lunr) {
  lunr.TokenSet.prototype.toString = function () {
    if (this._str) return this._str;
    let key = this.final ? "1" : "0";
    for (const label of Object.keys(this.edges).sort()) key += label + this.edges[label].id + ";";
    return key;
  };
}

// Building the whole index (every section's text) keeps a CPU busy for seconds
// (a phone's, many); the question titles alone take a few per cent of that, and
// a reader looking for a question mostly types words of its title. So Material's
// worker here gets the titles only and answers at once, while a second worker
// (this file again, with `whole`) builds the whole index; from its READY on,
// queries go to it, and the latest query is asked again there. Material's page
// listens to the first READY only; the second is not passed on.
function titlesFirst(scope, wholeIndexWorkerUrl) {
  const SETUP = 0, READY = 1, QUERY = 2; // Material's SearchMessageType
  const listen = scope.addEventListener.bind(scope);
  let titles = null; // Material's message listener: the titles-only index
  let whole = null; // the worker with the whole index, once it is built
  let latest = null; // the last query asked

  scope.addEventListener = (type, listener, options) => {
    if (type === "message" && !titles) titles = listener;
    else listen(type, listener, options);
  };
  listen("message", ({ data: message }) => {
    if (message.type === SETUP) {
      const docs = message.data.docs.map((doc) => ({ ...doc, text: "" }));
      titles({ data: { ...message, data: { ...message.data, docs } } });
      const builder = new Worker(wholeIndexWorkerUrl);
      builder.addEventListener("message", ({ data: reply }) => {
        if (reply.type !== READY) return scope.postMessage(reply);
        whole = builder;
        if (latest !== null) whole.postMessage({ type: QUERY, data: latest });
      });
      builder.postMessage(message);
      return;
    }
    if (message.type === QUERY) latest = message.data;
    if (whole) whole.postMessage(message);
    else titles({ data: message });
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const material = new URL(new URL(self.location.href).searchParams.get("material"));
  if (material.origin !== self.location.origin) throw new Error("search worker must be same-origin");
  const here = new URL(self.location.href);
  if (!here.searchParams.has("whole") && typeof Worker !== "undefined") {
    here.searchParams.set("whole", "");
    titlesFirst(self, here.href);
  }
  importScripts(material.href);
  fixTokenSetKey(self.lunr);
}
