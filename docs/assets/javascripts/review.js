// The Review page: questions due today, answered in place, and the export /
// import / reset controls. Answers are read from their topic pages (answers.js).
const siteRoot = () => StudyAnswers.siteRoot();
const answerFor = (id, path) => StudyAnswers.load(id, path);

function titleHtml(title) {
  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return escape(title).replace(/`([^`]+)`/g, "<code>$1</code>");
}

// The site's questions by id: a Map, so an id such as "constructor" is only ever a question id.
function questionIndex() {
  return new Map(Object.entries(JSON.parse(document.getElementById("question-index").dataset.json)));
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
    const { count, mocks, saved } = StudyStore.importText(await event.target.files[0].text());
    renderReview();
    say(`Imported progress for ${count} question${count === 1 ? "" : "s"}` +
      (mocks ? ` and ${mocks} mock interview${mocks === 1 ? "" : "s"}` : "") +
      (saved ? "." : ", kept in this tab only: this browser is not saving progress (see the notice above)."));
  } catch (error) {
    say(error.message);
  }
  event.target.value = "";
});
