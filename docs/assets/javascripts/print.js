// Printing: "Print" and "Print worksheet" buttons on pages with answers, the
// worksheet state from ?worksheet=1 (shareable), and link targets on paper.
const WORKSHEET = "worksheet";

document$.subscribe(() => {
  const article = document.querySelector("article.md-content__inner");
  const root = document.documentElement;
  const fromUrl = new URLSearchParams(location.search).get(WORKSHEET) === "1";
  root.classList.toggle(WORKSHEET, fromUrl);
  if (!article || !article.querySelector("details.answer")) return;

  const controls = document.createElement("div");
  controls.className = "print-controls";
  controls.innerHTML =
    '<button type="button" class="md-button" data-print="answers">Print with answers</button>' +
    '<button type="button" class="md-button" data-print="worksheet">Print worksheet</button>';
  controls.addEventListener("click", (event) => {
    const button = event.target.closest("[data-print]");
    if (!button) return;
    root.classList.toggle(WORKSHEET, button.dataset.print === WORKSHEET);
    addEventListener("afterprint", () => root.classList.toggle(WORKSHEET, fromUrl), { once: true });
    print();
  });
  const title = article.querySelector("h1");
  (title || article.firstElementChild).after(controls);

  if (fromUrl) {
    const withAnswers = new URL(location.href);
    withAnswers.searchParams.delete(WORKSHEET);
    const notice = document.createElement("p");
    notice.className = "worksheet-notice";
    notice.innerHTML = 'Worksheet: answers are hidden. <a href="">Show the answers</a>.';
    notice.querySelector("a").href = withAnswers.href;
    controls.after(notice);
  }
});

// Registered once (not per page): paper cannot follow a relative link.
addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("article a[href]:not(.headerlink)")) {
    if (!link.getAttribute("href").startsWith("#")) link.dataset.printHref = link.href;
  }
});
