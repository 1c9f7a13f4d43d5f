// Quiz mode: a self-test over the page's questions. A native modal <dialog>
// gives us Escape, a focus trap and an inert page behind it for free.
// Wrapped in a function: classic scripts share one global scope.
(() => {
  const dialog = document.createElement("dialog");
  dialog.className = "quiz md-typeset"; // md-typeset: cloned answers keep their styling
  dialog.setAttribute("aria-labelledby", "quiz-title");
  dialog.innerHTML = '<div class="quiz__bar"><h2 id="quiz-title">Quiz this page</h2>' +
    '<button type="button" class="md-button" data-act="close">Close</button></div><div class="quiz__body"></div>';
  const body = dialog.lastChild;
  let questions = [], order = [], at = 0, knew = 0, missed = [], hide = false;

  const button = (act, label, primary) =>
    `<button type="button" class="md-button${primary ? " md-button--primary" : ""}" data-act="${act}">${label}</button>`;
  const focus = (selector, options) => body.querySelector(selector).focus(options);

  // Copies of page content: ids dropped so they stay unique, and for headings
  // the ¶ link and any controls other scripts put there.
  function copy(nodes, heading) {
    const box = document.createElement("div");
    for (const node of nodes) box.append(node.cloneNode(true));
    if (heading) box.querySelectorAll(".headerlink, button, input, label").forEach((node) => node.remove());
    box.querySelectorAll("[id]").forEach((node) => node.removeAttribute("id"));
    return box.childNodes;
  }

  function start() {
    body.innerHTML = `<p>${questions.length} questions from this page, one at a time in random order.</p>` +
      `<p><label><input type="checkbox"${hide ? " checked" : ""}> Hide difficulty labels</label></p>` +
      `<p>${button("start", "Start", 1)}</p>`;
    focus("[data-act=start]"); // most readers just start; the option is one Shift+Tab away
  }

  function round() {
    order = questions.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) { // Fisher-Yates: every order equally likely
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    at = knew = 0;
    missed = [];
    ask();
  }

  function ask() {
    const { heading } = questions[order[at]];
    const level = heading.dataset.difficulty;
    body.innerHTML = `<p class="quiz__count">Question ${at + 1} of ${order.length}` +
      (hide || !level ? "" : ` <span class="quiz__level" data-level="${level}">${level}</span>`) +
      '</p><h3 id="quiz-question"></h3><p class="quiz__status"></p><p>' + button("reveal", "Reveal answer", 1) +
      '</p><div class="quiz__answer" hidden></div><p class="quiz__grade" hidden>' +
      button("knew", "Knew it", 1) + button("missed", "Missed it") + "</p>";
    body.querySelector("h3").append(...copy(heading.childNodes, true));
    renderStatus();
    dialog.scrollTop = 0;
    // Focus goes to the button; describedby has a screen reader read the question too.
    body.querySelector("[data-act=reveal]").setAttribute("aria-describedby", "quiz-question");
    focus("[data-act=reveal]");
  }

  // The question's marks as stored now: they change when it is graded, here or in another tab.
  function renderStatus() {
    const status = body.querySelector(".quiz__status");
    if (!status || !window.StudyStore) return;
    const entry = StudyStore.entry(questions[order[at]].heading.id);
    status.textContent = entry.review ? `In your review: box ${entry.box || 1}, due ${entry.due || "today"}.`
      : entry.known ? "You marked this as known." : "Not marked yet.";
  }

  function summary() {
    body.innerHTML = `<h3 tabindex="-1">You knew ${knew} of ${order.length}.</h3>` +
      (missed.length ? "<p>Missed, worth reading again:</p><ul></ul>" : "<p>You missed none.</p>") +
      `<p>${button("again", "Quiz again", 1)}</p>`;
    for (const { heading } of missed) {
      const item = document.createElement("li");
      item.innerHTML = `<a href="#${heading.id}"></a>`;
      item.firstChild.append(...copy(heading.childNodes, true));
      item.firstChild.textContent = item.textContent.trim(); // plain: code in links misses AA on slate
      body.querySelector("ul").append(item);
    }
    focus("h3"); // the score is read first, then Tab reaches the links
  }

  // One listener on the one dialog, registered once for every page.
  dialog.addEventListener("click", (event) => {
    if (event.target.closest("a[href^='#']")) return dialog.close(); // reveal that question on the page
    const act = event.target.closest("[data-act]")?.dataset.act;
    const current = questions[order[at]];
    if (act === "close") dialog.close();
    if (act === "start") hide = body.querySelector("input").checked;
    if (act === "start" || act === "again") round();
    if (act === "reveal") {
      const answer = body.querySelector(".quiz__answer");
      answer.append(...copy([...current.answer.children].filter((node) => node.tagName !== "SUMMARY")));
      answer.hidden = body.querySelector(".quiz__grade").hidden = false;
      event.target.closest("p").hidden = true;
      focus("[data-act=knew]", { preventScroll: true }); // read the answer from its top
    }
    if (act === "knew" || act === "missed") {
      window.StudyStore?.answer(current.heading.id, act === "knew"); // same marks and schedule
      if (act === "knew") knew++;
      else missed.push(current);
      ++at < order.length ? ask() : summary();
    }
  });

  window.StudyStore?.subscribe(() => { if (dialog.open) renderStatus(); });

  let pairs = []; // this page's questions: each heading with its answer
  document$.subscribe(() => {
    if (dialog.open) dialog.close(); // instant navigation: never quiz over the previous page
    if (!dialog.isConnected) document.body.append(dialog);
    pairs = [];
    for (const answer of document.querySelectorAll("article details.answer")) {
      let heading = answer.previousElementSibling;
      if (heading?.matches(".practice")) heading = heading.previousElementSibling; // a problem's starter code
      if (heading && heading.tagName === "H3" && heading.id) pairs.push({ heading, answer });
    }
  });

  // The "Quiz this page" button is written into the page at build time.
  addEventListener("click", (event) => {
    if (!event.target.closest("[data-quiz]") || !pairs.length) return;
    questions = pairs;
    dialog.showModal(); // before rendering: opening moves focus to the first control
    start();
  });
})();
