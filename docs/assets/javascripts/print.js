// Printing: the toolbar's "Print with answers" and "Print worksheet" buttons
// (written into the page at build time), the worksheet state from
// ?worksheet=1 (shareable), and link targets on paper.
const WORKSHEET = "worksheet";
const worksheetFromUrl = () => new URLSearchParams(location.search).get(WORKSHEET) === "1";

document$.subscribe(() => {
  const fromUrl = worksheetFromUrl();
  document.documentElement.classList.toggle(WORKSHEET, fromUrl);
  const tools = document.querySelector(".page-tools");
  if (!fromUrl || !tools) return;
  const withAnswers = new URL(location.href);
  withAnswers.searchParams.delete(WORKSHEET);
  const notice = document.createElement("p");
  notice.className = "worksheet-notice";
  notice.innerHTML = 'Worksheet: answers are hidden. <a href="">Show the answers</a>.';
  notice.querySelector("a").href = withAnswers.href;
  tools.after(notice);
});

// Registered once (instant navigation keeps this script loaded).
addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (!button) return;
  const root = document.documentElement;
  root.classList.toggle(WORKSHEET, button.dataset.print === WORKSHEET);
  addEventListener("afterprint", () => root.classList.toggle(WORKSHEET, worksheetFromUrl()), { once: true });
  print();
});

// Paper cannot follow a relative link: show the absolute URL when printing.
addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("article a[href]:not(.headerlink)")) {
    if (!link.getAttribute("href").startsWith("#")) link.dataset.printHref = link.href;
  }
});
