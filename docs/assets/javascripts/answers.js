// Answers read from their topic pages, for the Review page and the mock
// interviewer's packet: no page holds a second copy of an answer.
window.StudyAnswers = (() => {
  const pageCache = new Map();

  function siteRoot() {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base + "/", location.href);
  }

  // The topic page, fetched once; a failed fetch is not remembered, so a retry works.
  function topicPage(path) {
    if (!pageCache.has(path)) {
      const loading = fetch(new URL(path, siteRoot())).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      }).then((text) => new DOMParser().parseFromString(text, "text/html"));
      loading.catch(() => pageCache.delete(path));
      pageCache.set(path, loading);
    }
    return pageCache.get(path);
  }

  // A copy of one answer's body, ready to insert: ids dropped, links made absolute.
  async function load(id, path, className = "review-answer") {
    const page = await topicPage(path);
    let details = page.getElementById(id)?.nextElementSibling;
    if (details?.matches(".practice")) details = details.nextElementSibling; // a problem's starter code
    const answer = document.createElement("div");
    answer.className = className;
    for (const child of details ? [...details.children].slice(1) : []) answer.append(document.importNode(child, true));
    for (const element of answer.querySelectorAll("[id]")) element.removeAttribute("id");
    for (const code of answer.querySelectorAll("pre > code")) code.tabIndex = 0;  // scrollable, so reachable by keyboard
    // Links in the answer were written relative to its topic page.
    for (const link of answer.querySelectorAll("a[href]")) link.href = new URL(link.getAttribute("href"), new URL(path, siteRoot()));
    return answer;
  }

  return { siteRoot, load };
})();
