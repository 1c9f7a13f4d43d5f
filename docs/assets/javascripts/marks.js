// Marks under every answer ("I know this", "Review later") and progress counts:
// near a topic page's title, on week pages, in the study-plan table and on the
// home page. The build writes the buttons and the data-progress-ids elements
// into the pages (so nothing shifts when this runs); this script fills them in.

function renderProgress() {
  for (const element of document.querySelectorAll("[data-progress-ids]")) {
    const ids = element.dataset.progressIds.split(" ").filter(Boolean);
    const known = ids.filter((id) => StudyStore.entry(id).known).length;
    const due = ids.filter((id) => StudyStore.isDue(id)).length;
    const label = `${element.dataset.progressLabel}: ${known} of ${ids.length} known`;
    element.innerHTML =
      `<progress max="${ids.length}" value="${known}" aria-label="${label}"></progress> ` +
      `<span>${known} / ${ids.length} known${due ? `, ${due} due for review` : ""}</span>`;
  }
  for (const button of document.querySelectorAll(".marks button")) {
    const entry = StudyStore.entry(button.parentElement.dataset.question);
    button.setAttribute("aria-pressed", String(Boolean(entry[button.dataset.mark])));
  }
}

document$.subscribe(renderProgress);

// Registered once: instant navigation keeps this script, and the store outlives pages.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".marks button");
  if (!button) return;
  const id = button.parentElement.dataset.question;
  const on = button.getAttribute("aria-pressed") !== "true";
  if (button.dataset.mark === "known") StudyStore.setKnown(id, on);
  else StudyStore.setReview(id, on);
});
StudyStore.subscribe(renderProgress); // this tab's marks and other tabs' alike
