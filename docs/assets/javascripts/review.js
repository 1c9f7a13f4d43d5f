// The Review page: questions due today, answered in place, and the export /
// import / reset controls. Answers are read from their topic pages, so the
// Review page never holds a second copy of them.
const pageCache = new Map();

function siteRoot() {
  const config = JSON.parse(document.getElementById("__config").textContent);
  return new URL(config.base + "/", location.href);
}

async function answerFor(id, path) {
  if (!pageCache.has(path)) {
    pageCache.set(path, fetch(new URL(path, siteRoot())).then((response) => response.text())
      .then((text) => new DOMParser().parseFromString(text, "text/html")));
  }
  const page = await pageCache.get(path);
  const details = page.getElementById(id)?.nextElementSibling;
  const answer = document.createElement("div");
  answer.className = "review-answer";
  for (const child of details ? [...details.children].slice(1) : []) answer.append(document.importNode(child, true));
  for (const element of answer.querySelectorAll("[id]")) element.removeAttribute("id");
  for (const code of answer.querySelectorAll("pre > code")) code.tabIndex = 0;  // scrollable, so reachable by keyboard
  // Links in the answer were written relative to its topic page.
  for (const link of answer.querySelectorAll("a[href]")) link.href = new URL(link.getAttribute("href"), new URL(path, siteRoot()));
  return answer;
}

function titleHtml(title) {
  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return escape(title).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function renderReview() {
  const root = document.getElementById("review-queue");
  const index = JSON.parse(document.getElementById("question-index").textContent);
  const due = Object.keys(StudyStore.state.questions).filter((id) => StudyStore.isDue(id));
  const shown = due.filter((id) => index[id]);
  const upcoming = Object.entries(StudyStore.state.questions).filter(([id, entry]) => entry.review && index[id]).length;
  root.innerHTML = shown.length
    ? `<p>${shown.length} question${shown.length === 1 ? "" : "s"} due today.</p><ol class="review-list"></ol>`
    : `<p>Nothing is due today. ${upcoming ? `${upcoming} scheduled for later.` : "Mark questions <strong>Review later</strong> on any topic page to start."}</p>`;
  const list = root.querySelector("ol");
  for (const id of shown) {
    const [title, path, difficulty, topic] = index[id];
    const item = document.createElement("li");
    item.dataset.question = id;
    item.innerHTML =
      `<p class="review-title"><a href="${new URL(path + "#" + id, siteRoot())}">${titleHtml(title)}</a></p>` +
      `<p class="review-meta">${titleHtml(topic)} · ${difficulty} · box ${StudyStore.entry(id).box || 1}</p>` +
      `<button type="button" class="md-button" data-action="reveal">Reveal answer</button>`;
    list.append(item);
  }
  const forgotten = due.length - shown.length;
  if (forgotten) root.insertAdjacentHTML("beforeend",
    `<p>${forgotten} scheduled question${forgotten === 1 ? " is" : "s are"} no longer on the site; kept in your progress.</p>`);
}

function renderTools() {
  const tools = document.getElementById("progress-tools");
  tools.insertAdjacentHTML("beforeend",
    '<p class="progress-tools">' +
    '<button type="button" class="md-button" data-action="export">Export progress</button> ' +
    '<label class="md-button" for="import-progress">Import progress</label>' +
    '<input type="file" id="import-progress" accept="application/json,.json"> ' +
    '<button type="button" class="md-button" data-action="reset">Reset progress</button></p>' +
    '<p class="progress-status" role="status"></p>');
}

function say(message) {
  document.querySelector(".progress-status").textContent = message;
}

document$.subscribe(() => {
  if (!document.getElementById("review-queue")) return;
  renderTools();
  renderReview();
});

// Registered once for every visit to the Review page.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("#review-queue button, #progress-tools button");
  if (!button) return;
  const item = button.closest("li[data-question]");
  const action = button.dataset.action;
  if (action === "reveal") {
    const [, path] = JSON.parse(document.getElementById("question-index").textContent)[item.dataset.question];
    button.replaceWith(await answerFor(item.dataset.question, path));
    item.insertAdjacentHTML("beforeend",
      '<p><button type="button" class="md-button" data-action="knew">Knew it</button> ' +
      '<button type="button" class="md-button" data-action="missed">Missed it</button></p>');
    item.querySelector("[data-action=knew]").focus();
  } else if (action === "knew" || action === "missed") {
    StudyStore.answer(item.dataset.question, action === "knew");
    const entry = StudyStore.entry(item.dataset.question);
    item.querySelector("[data-action=knew]").parentElement.outerHTML = `<p><strong>Next review: ${entry.due}</strong> (box ${entry.box}).</p>`;
  } else if (action === "export") {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([StudyStore.exportText()], { type: "application/json" }));
    link.download = `python-interview-progress-${StudyStore.today()}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
    say("Progress exported.");
  } else if (action === "reset" && confirm("Erase all marks and review dates in this browser? Export first to keep a copy.")) {
    StudyStore.reset();
    renderReview();
    say("Progress reset.");
  }
});

document.addEventListener("change", async (event) => {
  if (event.target.id !== "import-progress" || !event.target.files.length) return;
  try {
    const count = StudyStore.importText(await event.target.files[0].text());
    renderReview();
    say(`Imported progress for ${count} questions.`);
  } catch (error) {
    say(error.message);
  }
  event.target.value = "";
});
