// Material's search worker, with lunr's TokenSet key made unambiguous.
// lunr 2.3.9 builds the key from each edge's one-character label followed by
// the child's numeric id, with nothing between them: {"1": 23, "4": 5} and
// {"1": 2, "3": 45} both give "012345". Minimisation then merges different
// nodes, prefix queries expand to terms the index does not have, and search
// throws (lunr.js issues 279 and 314). Ending each id with ";" fixes it.
const material = new URL(new URL(self.location.href).searchParams.get("material"));
if (material.origin !== self.location.origin) throw new Error("search worker must be same-origin");
importScripts(material.href);

self.lunr.TokenSet.prototype.toString = function () {
  if (this._str) return this._str;
  let key = this.final ? "1" : "0";
  for (const label of Object.keys(this.edges).sort()) key += label + this.edges[label].id + ";";
  return key;
};
