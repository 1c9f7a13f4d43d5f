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

// Building the whole index (every section's text) keeps a phone's CPU busy for
// seconds; the titles alone take a few per cent of that, and a reader looking
// for a question mostly types words of its title. So Material's worker gets the
// index twice: titles only, then, once the first query is answered, the whole;
// the latest query is answered again from the whole index. Material's page
// listens to the first READY only; the second is not passed on.
function titlesFirst(scope) {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  const WHOLE_INDEX_AFTER_MS = 1000; // should no query follow the titles' READY
  const listen = scope.addEventListener.bind(scope);
  const reply = scope.postMessage.bind(scope);
  let material = null; // Material's message listener
  let whole = null; // the SETUP message with every document, until it is built
  let building = false;
  let latest = null; // the last query asked

  scope.addEventListener = (type, listener, options) => {
    if (type === "message" && !material) material = listener;
    else listen(type, listener, options);
  };
  const deliver = (message) => material({ data: message });
  const buildWhole = () => {
    if (!whole) return;
    const setup = whole;
    whole = null;
    building = true;
    deliver(setup);
  };
  scope.postMessage = (message) => {
    if (message.type === READY && building) {
      building = false;
      if (latest !== null) deliver({ type: QUERY, data: latest });
      return;
    }
    reply(message);
    if (message.type === READY) setTimeout(buildWhole, WHOLE_INDEX_AFTER_MS);
    if (message.type === RESULT) setTimeout(buildWhole);
  };
  listen("message", ({ data: message }) => {
    if (message.type === SETUP) {
      whole = message;
      const docs = message.data.docs.map((doc) => ({ ...doc, text: "" }));
      deliver({ ...message, data: { ...message.data, docs } });
      return;
    }
    if (message.type === QUERY) latest = message.data;
    deliver(message);
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const material = new URL(new URL(self.location.href).searchParams.get("material"));
  if (material.origin !== self.location.origin) throw new Error("search worker must be same-origin");
  titlesFirst(self);
  importScripts(material.href);
  fixTokenSetKey(self.lunr);
}
