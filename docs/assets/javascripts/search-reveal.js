// Arriving from search (Material adds ?h=terms), open the answer that holds the
// term, so the highlighted match is visible instead of hidden in a closed answer.
// A hand-typed or truncated URL may hold a malformed escape (#100%): use it as it is.
function decodeHash(hash) {
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}

document$.subscribe(() => {
  const query = new URLSearchParams(location.search).get("h");
  if (!query) return;
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const holdsTerm = (element) => {
    const text = element.textContent.toLowerCase();
    return terms.some((term) => text.includes(term));
  };
  const id = decodeHash(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  let answer;
  if (target) {
    let next = target.nextElementSibling;
    if (next?.matches(".practice")) next = next.nextElementSibling; // a problem's starter code
    answer = next && next.matches("details.answer") && holdsTerm(next) ? next : null;
  } else {
    answer = [...document.querySelectorAll("article details.answer")].find(holdsTerm);
    if (answer) answer.previousElementSibling.scrollIntoView();
  }
  if (answer) answer.open = true;
});
