// Mock interviews (docs/mock-interview.md): choose a round, length and difficulty;
// a seeded draw picks the prompts, so the interviewer's link (same seed) shows the
// same prompts on another device with the packet, hints and rubric. A timer walks
// the round's phases; at the end the rubric is scored and the mock is kept in the
// progress store with everything else. Rounds, phases, rubrics and prompts come
// from the page's #mock-data (built from data/mock-interviews.yml and the topic
// pages), never from this file. Loaded on this page only; safe to load again.
window.MockInterview = window.MockInterview || (() => {
  const LAST_KEY = "pyguide.mock.last"; // this tab's last prompts, so the next mock differs
  let data = null;
  let session = null; // {round, length, difficulty, seed, view, prompts, started, paused, pausedFor, phase, timer}

  // -- drawing: deterministic from the seed ------------------------------------
  function hash(text) {
    let h = 2166136261;
    for (const char of text) h = Math.imul(h ^ char.codePointAt(0), 16777619);
    return h >>> 0;
  }

  function random(seed) { // mulberry32: small, fast, and the same on every browser
    let state = hash(seed);
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // The prompts of one mock: the round's pool (of the difficulty, when there are enough), shuffled by the seed.
  function draw(round, difficulty, seed) {
    const matching = round.prompts.filter((prompt) => prompt[3] === difficulty);
    const pool = difficulty !== "any" && matching.length >= round.count ? matching : round.prompts;
    const next = random(`${round.id}/${difficulty}/${seed}`);
    const order = pool.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.slice(0, round.count).map((i) => pool[i]);
  }

  // A fresh seed whose prompts share none with `previous` (the last mock's), when the pool allows.
  function newSeed(round, difficulty, previous = []) {
    let seed = "";
    for (let attempt = 0; attempt < 100; attempt++) {
      seed = Math.random().toString(36).slice(2, 10);
      if (!draw(round, difficulty, seed).some((prompt) => previous.includes(prompt[0]))) break;
    }
    return seed;
  }

  // The overall score: the mean of the dimensions scored, or null when none is.
  function score(rubric, scores) {
    const values = rubric.map(([name]) => scores[name]).filter((value) => Number.isInteger(value));
    return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;
  }

  // -- the page ----------------------------------------------------------------
  const $ = (selector, root = document) => root.querySelector(selector);
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const roundById = (id) => data.rounds.find((round) => round.id === id);
  const clock = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };
  const say = (text) => { $(".mock-announcer").textContent = text; };

  function lastPrompts() {
    try { return JSON.parse(sessionStorage.getItem(LAST_KEY)) || []; } catch { return []; }
  }

  function linkFor(view) {
    const url = new URL(location.href);
    url.search = new URLSearchParams({ round: session.round.id, length: session.length,
      difficulty: session.difficulty, seed: session.seed, view }).toString();
    url.hash = "";
    return url.href;
  }

  function mount() {
    const element = document.getElementById("mock-data");
    if (!element) return;
    data = JSON.parse(element.dataset.json);
    $("#mock-setup button[type=submit]").disabled = false;
    renderHistory();
    const params = new URLSearchParams(location.search);
    const round = params.get("round") && roundById(params.get("round"));
    if (round && params.get("seed")) { // a shared link: the same prompts, in the view it names
      start(round, Number(params.get("length")) || 45, params.get("difficulty") || "any", params.get("seed"),
        params.get("view") === "interviewer" ? "interviewer" : "candidate");
    }
  }

  function start(round, length, difficulty, seed, view) {
    if (!round.phases[length]) length = 45;
    stopTimer();
    session = { round, length, difficulty, seed, view, prompts: draw(round, difficulty, seed),
      started: Date.now(), paused: null, pausedFor: 0, phase: -1, done: false };
    try { sessionStorage.setItem(LAST_KEY, JSON.stringify(session.prompts.map((p) => p[0]))); } catch { /* fine */ }
    history.replaceState(history.state, "", linkFor(view));
    renderSession();
    session.timer = setInterval(tick, 1000);
    tick();
  }

  function renderSession() {
    const { round, length, difficulty, view, prompts } = session;
    const root = $("#mock-session");
    const phases = round.phases[length];
    root.hidden = false;
    $("#mock-setup").hidden = true;
    root.innerHTML =
      `<h2 id="mock-session-title" tabindex="-1">${escape(round.name)} · ${length} minutes` +
      `${difficulty === "any" ? "" : ` · ${escape(difficulty)}`}</h2>` +
      `<p class="mock-view">${view === "interviewer" ? "Interviewer view: the packet, hints and rubric." :
        "Candidate view: the prompt only. The interviewer opens the interviewer link."}</p>` +
      '<div class="mock-timer"><p><span class="mock-timer__phase"></span> ' +
      '<span class="mock-timer__left" aria-hidden="true"></span></p>' +
      `<ol class="mock-phases">${phases.map(([name, minutes]) =>
        `<li>${escape(name)} <span>(${minutes} min)</span></li>`).join("")}</ol>` +
      '<p><button type="button" class="md-button" data-mock="pause">Pause</button> ' +
      '<button type="button" class="md-button" data-mock="finish">End and score</button></p></div>' +
      `<h3>Prompt${prompts.length > 1 ? "s" : ""}</h3><ol class="mock-prompts">${prompts.map(([id, title, text]) =>
        `<li data-prompt="${escape(id)}"><p class="mock-prompt"><strong>${escape(title)}</strong></p>` +
        (text !== title ? `<p>${escape(text)}</p>` : "") + "</li>").join("")}</ol>` +
      '<details class="mock-share"><summary>Links for this mock</summary>' +
      `<p>Candidate: <a href="${escape(linkFor("candidate"))}">candidate view</a>. ` +
      `Interviewer: <a href="${escape(linkFor("interviewer"))}">interviewer view</a> (the same prompts, with the packet).</p>` +
      "</details>" +
      (view === "interviewer" ? rubricHtml(round) : "") +
      '<div class="mock-score" hidden></div>';
    if (view === "interviewer") loadPackets();
    $("#mock-session-title").focus();
  }

  function rubricHtml(round) {
    return '<h3>Rubric</h3><div class="mock-rubric"><table><thead><tr><th scope="col">Dimension</th>' +
      "<th scope=\"col\">1</th><th scope=\"col\">2</th><th scope=\"col\">3</th><th scope=\"col\">4</th></tr></thead><tbody>" +
      round.rubric.map(([name, descriptors]) => `<tr><th scope="row">${escape(name)}</th>` +
        descriptors.map((text) => `<td>${escape(text)}</td>`).join("") + "</tr>").join("") + "</tbody></table></div>";
  }

  async function loadPackets() {
    for (const [id, , , , path] of session.prompts) {
      const item = $(`.mock-prompts li[data-prompt="${CSS.escape(id)}"]`);
      const box = document.createElement("div");
      box.className = "mock-packet";
      box.innerHTML = "<p><em>Loading the interviewer packet…</em></p>";
      item.append(box);
      try {
        box.replaceChildren(await StudyAnswers.load(id, path, "mock-packet__body"));
      } catch (error) {
        box.innerHTML = '<p role="alert">The packet could not be loaded (offline?). Open the question: ' +
          `<a href="${escape(new URL(path + "#" + id, StudyAnswers.siteRoot()))}">full answer</a>.</p>`;
      }
    }
  }

  // -- the timer ---------------------------------------------------------------
  const elapsed = () => (session.paused ?? Date.now()) - session.started - session.pausedFor;

  function tick() {
    if (!session || session.done) return;
    const phases = session.round.phases[session.length];
    const spent = elapsed();
    let end = 0;
    let index = phases.length;
    for (let i = 0; i < phases.length; i++) {
      end += phases[i][1] * 60000;
      if (spent < end) { index = i; break; }
    }
    const items = document.querySelectorAll(".mock-phases li");
    items.forEach((item, i) => {
      if (i === index) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
      item.classList.toggle("mock-phases__done", i < index);
    });
    if (index >= phases.length) {
      $(".mock-timer__phase").textContent = "Time is up.";
      $(".mock-timer__left").textContent = "";
      if (session.phase !== index) say(`Time is up: ${session.length} minutes. Score the mock below.`);
      session.phase = index;
      finish();
      return;
    }
    $(".mock-timer__phase").textContent = `${phases[index][0]}:`;
    $(".mock-timer__left").textContent = `${clock(end - spent)} left in this phase`;
    if (session.phase !== index) {
      if (session.phase >= 0) {
        say(`${phases[session.phase][0]} is over. Next: ${phases[index][0]}, ${phases[index][1]} minutes.`);
      }
      session.phase = index;
    }
  }

  function stopTimer() {
    if (session?.timer) clearInterval(session.timer);
  }

  function togglePause(button) {
    if (session.paused) {
      session.pausedFor += Date.now() - session.paused;
      session.paused = null;
      button.textContent = "Pause";
      say("Resumed.");
    } else {
      session.paused = Date.now();
      button.textContent = "Resume";
      say("Paused.");
    }
    tick();
  }

  // -- scoring and history -----------------------------------------------------
  function finish() {
    if (session.done) return;
    session.done = true;
    stopTimer();
    const pause = $("[data-mock=pause]");
    if (pause) pause.disabled = true;
    const form = $(".mock-score");
    form.hidden = false;
    form.innerHTML = "<h3>Score this mock</h3><form class=\"mock-score__form\">" +
      session.round.rubric.map(([name, descriptors], d) => `<fieldset><legend>${escape(name)}</legend>` +
        descriptors.map((text, level) => `<label><input type="radio" name="dim${d}" value="${level + 1}"> ` +
          `<strong>${level + 1}</strong> ${escape(text)}</label>`).join("") + "</fieldset>").join("") +
      `<fieldset><legend>Missed prompts go to your review queue</legend>${session.prompts.map(([id, title]) =>
        `<label><input type="checkbox" name="missed" value="${escape(id)}"> ${escape(title)}</label>`).join("")}</fieldset>` +
      '<p><label for="mock-notes">Notes (what went well, what to practise)</label>' +
      '<textarea id="mock-notes" name="notes" rows="4"></textarea></p>' +
      '<p><button type="submit" class="md-button md-button--primary">Save the score</button> ' +
      '<button type="button" class="md-button" data-mock="print">Print the scorecard</button></p></form>';
    form.querySelector("input")?.focus();
  }

  function save(form) {
    const scores = {};
    session.round.rubric.forEach(([name], d) => {
      const checked = form.querySelector(`input[name=dim${d}]:checked`);
      if (checked) scores[name] = Number(checked.value);
    });
    const missed = [...form.querySelectorAll("input[name=missed]:checked")].map((box) => box.value);
    const overall = score(session.round.rubric, scores);
    const record = { round: session.round.id, length: session.length, difficulty: session.difficulty,
      seed: session.seed, prompts: session.prompts.map(([id]) => id), missed, scores,
      notes: form.querySelector("textarea").value, finished: Date.now() };
    if (overall !== null) record.overall = overall;
    StudyStore.saveMock(`mock-${record.finished.toString(36)}-${session.seed}`, record);
    for (const id of missed) StudyStore.answer(id, false); // the same queue and schedule as a missed quiz answer
    form.querySelector("button[type=submit]").disabled = true;
    say(`Saved: ${session.round.name}, overall ${overall ?? "not scored"}` +
      `${missed.length ? `; ${missed.length} prompt${missed.length === 1 ? "" : "s"} added to your review queue` : ""}.`);
    form.insertAdjacentHTML("beforeend", '<p class="mock-saved"><strong>Saved.</strong> ' +
      `Overall ${overall === null ? "not scored" : `${overall} / 4`}. ` +
      '<button type="button" class="md-button" data-mock="again">Start another mock</button></p>');
    renderHistory();
  }

  function renderHistory() {
    const root = $("#mock-history");
    if (!root || !data) return;
    const mocks = StudyStore.mocks().reverse();
    if (!mocks.length) {
      root.innerHTML = "<p>Finished mocks appear here, with their scores.</p>";
      return;
    }
    const name = (id) => roundById(id)?.name || id;
    const trend = {};
    for (const mock of [...mocks].reverse()) {
      if (mock.overall) (trend[mock.round] ||= []).push(mock.overall);
    }
    root.innerHTML = `<p>${Object.entries(trend).map(([round, values]) =>
      `${escape(name(round))}: ${values.slice(-6).join(" → ")}`).join("; ") || "No scored mocks yet."}</p>` +
      '<div class="mock-history__table"><table><thead><tr><th scope="col">Date</th><th scope="col">Round</th>' +
      '<th scope="col">Minutes</th><th scope="col">Overall</th><th scope="col">Scores</th><th scope="col">Prompts</th>' +
      "</tr></thead><tbody>" + mocks.map((mock) => "<tr>" +
        `<td>${escape(new Date(mock.finished).toISOString().slice(0, 10))}</td><td>${escape(name(mock.round))}</td>` +
        `<td>${mock.length ?? ""}</td><td>${mock.overall ?? "–"}</td>` +
        `<td>${escape(Object.entries(mock.scores || {}).map(([dim, value]) => `${dim} ${value}`).join(", "))}</td>` +
        `<td>${escape((mock.prompts || []).join(", "))}</td></tr>`).join("") + "</tbody></table></div>";
  }

  // -- events, registered once ---------------------------------------------------
  document.addEventListener("submit", (event) => {
    if (event.target.id === "mock-setup") {
      event.preventDefault();
      const form = new FormData(event.target);
      const round = roundById(form.get("round"));
      const difficulty = form.get("difficulty");
      start(round, Number(form.get("length")), difficulty, newSeed(round, difficulty, lastPrompts()), "candidate");
    } else if (event.target.matches(".mock-score__form")) {
      event.preventDefault();
      save(event.target);
    }
  });

  document.addEventListener("click", (event) => {
    const action = event.target.closest("[data-mock]")?.dataset.mock;
    if (!action || !session) return;
    if (action === "pause") togglePause(event.target.closest("button"));
    if (action === "finish") {
      say("Ended early. Score the mock below.");
      finish();
    }
    if (action === "print") print();
    if (action === "again") {
      stopTimer();
      session = null;
      history.replaceState(history.state, "", location.pathname);
      $("#mock-session").hidden = true;
      $("#mock-setup").hidden = false;
      $("#mock-setup button[type=submit]").focus();
    }
  });

  function init() {
    document$.subscribe(() => {
      stopTimer(); // instant navigation away and back: a fresh page
      session = null;
      mount();
    });
    StudyStore.subscribe(() => renderHistory()); // another tab saved a mock
  }

  // On a full load this page script runs before the site's deferred bundle (StudyStore).
  if (window.StudyStore) init();
  else document.addEventListener("DOMContentLoaded", init, { once: true });

  return { draw, newSeed, score };
})();
