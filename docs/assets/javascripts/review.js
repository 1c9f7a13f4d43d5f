// The Review page: questions due today, answered in place, and the export /
// import / reset controls. Answers are read from their topic pages, so the
// Review page never holds a second copy of them.
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

async function answerFor(id, path) {
  const page = await topicPage(path);
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

// The site's questions by id: a Map, so an id such as "constructor" is only ever a question id.
function questionIndex() {
  return new Map(Object.entries(JSON.parse(document.getElementById("question-index").textContent)));
}

function renderReview() {
  const root = document.getElementById("review-queue");
  if (!root) return;
  const index = questionIndex();
  const due = Object.keys(StudyStore.state.questions).filter((id) => StudyStore.isDue(id));
  const shown = due.filter((id) => index.has(id));
  const upcoming = Object.entries(StudyStore.state.questions).filter(([id, entry]) => entry.review && index.has(id)).length;
  root.innerHTML = shown.length
    ? `<p>${shown.length} question${shown.length === 1 ? "" : "s"} due today.</p><ol class="review-list"></ol>`
    : `<p>Nothing is due today. ${upcoming ? `${upcoming} scheduled for later.` : "Mark questions <strong>Review later</strong> on any topic page to start."}</p>`;
  const list = root.querySelector("ol");
  for (const id of shown) {
    const [title, path, difficulty, topic] = index.get(id);
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

// Another tab marked, answered, reset or imported: show the queue as it is now.
StudyStore.subscribe((state, origin) => {
  if (origin === "elsewhere") renderReview();
});

// Registered once for every visit to the Review page.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("#review-queue button, #progress-tools button");
  if (!button) return;
  const item = button.closest("li[data-question]");
  const action = button.dataset.action;
  if (action === "reveal") {
    const [, path] = questionIndex().get(item.dataset.question);
    let answer;
    try {
      answer = await answerFor(item.dataset.question, path);
    } catch (error) {
      item.querySelector(".review-error")?.remove();
      button.insertAdjacentHTML("beforebegin", '<p class="review-error" role="alert"></p>');
      item.querySelector(".review-error").textContent =
        `The answer could not be loaded (${navigator.onLine ? error.message : "you are offline"}). Try again when you are online.`;
      return;
    }
    item.querySelector(".review-error")?.remove();
    button.replaceWith(answer);
    item.insertAdjacentHTML("beforeend",
      '<p><button type="button" class="md-button" data-action="knew">Knew it</button> ' +
      '<button type="button" class="md-button" data-action="missed">Missed it</button></p>');
    item.querySelector("[data-action=knew]").focus();
  } else if (action === "knew" || action === "missed") {
    StudyStore.answer(item.dataset.question, action === "knew");
    const entry = StudyStore.entry(item.dataset.question);
    item.querySelector("[data-action=knew]").parentElement.outerHTML = `<p><strong>Next review: ${entry.due}</strong> (box ${entry.box}).</p>`;
  } else if (action === "export") {
    StudyStore.exportFile();
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
    const { count, saved } = StudyStore.importText(await event.target.files[0].text());
    renderReview();
    say(`Imported progress for ${count} question${count === 1 ? "" : "s"}` +
      (saved ? "." : ", kept in this tab only: this browser is not saving progress (see the notice above)."));
  } catch (error) {
    say(error.message);
  }
  event.target.value = "";
});
