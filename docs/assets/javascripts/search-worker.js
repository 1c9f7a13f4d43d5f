// Material's search worker, with lunr's TokenSet key made unambiguous.
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

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const material = new URL(new URL(self.location.href).searchParams.get("material"));
  if (material.origin !== self.location.origin) throw new Error("search worker must be same-origin");
  importScripts(material.href);
  fixTokenSetKey(self.lunr);
}
