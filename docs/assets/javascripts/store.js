// Study progress in localStorage under one namespaced, versioned key, shared by
// marks, review and quiz; the only file that reads or writes that key.
//
// Rules (README, "Study tools"):
// - Every write re-reads what is stored and applies its one change to it, so two
//   tabs never overwrite each other; other tabs follow through the `storage` event.
// - A reset records its time; entries changed before it never come back.
// - Unreadable data is copied to a backup key, verified, and only then replaced;
//   when no copy can be made it stays untouched and progress runs in memory
//   until the reader chooses. A save that fails is reported, never silent.
// - Ids are plain keys of prototype-less objects: "constructor" or "__proto__"
//   are ids like any other, and ids the site no longer has are kept.
//
// Schedule (Leitner boxes): "Review later" or a miss puts a question in box 1;
// each "knew it" while scheduled moves it up one box. Box n is due again after
// INTERVALS[n - 1] days; a miss is due tomorrow, "Review later" today.
window.StudyStore = (() => {
  const KEY = "pyguide.progress";
  const BACKUP = "pyguide.progress.backup";
  const VERSION = 1;
  const FORMAT = "pyguide-progress";
  const INTERVALS = [1, 2, 4, 8, 16];
  const listeners = new Set();
  const noticeListeners = new Set();
  const notices = []; // what the reader must be told; notices.js shows them

  const day = (date = new Date()) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const addDays = (iso, days) => {
    const [y, m, d] = iso.split("-").map(Number);
    return day(new Date(y, m - 1, d + days));
  };
  const table = () => Object.create(null); // no prototype: every id is an own key
  // Everything a reader keeps, by collection: marks and schedule per question, the
  // daily routine's ticks ("w3d2/LeetCode"), and finished mock interviews. Every
  // entry carries `changed`, so all three merge, sync and reset the same way.
  const COLLECTIONS = ["questions", "routine", "mocks"];
  const empty = () => ({ version: VERSION, questions: table(), routine: table(), mocks: table() });
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);

  // Keep only well-formed fields of one question's entry; never drop the entry.
  function cleanEntry(entry) {
    const clean = {};
    if (!isObject(entry)) return clean;
    if (entry.known === true) clean.known = true;
    if (entry.review === true) clean.review = true;
    if (Number.isInteger(entry.box) && entry.box >= 1 && entry.box <= INTERVALS.length) clean.box = entry.box;
    if (typeof entry.due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(entry.due)) clean.due = entry.due;
    if (Number.isFinite(entry.changed) && entry.changed >= 0) clean.changed = entry.changed;
    return clean;
  }

  function cleanTick(entry) {
    const clean = {};
    if (!isObject(entry)) return clean;
    if (entry.done === true) clean.done = true;
    if (Number.isFinite(entry.changed) && entry.changed >= 0) clean.changed = entry.changed;
    return clean;
  }

  // A finished mock interview: kept only with its round and time; scores 1-4.
  function cleanMock(entry) {
    if (!isObject(entry) || typeof entry.round !== "string" || !Number.isFinite(entry.finished)) return null;
    const text = (value, limit) => (typeof value === "string" ? value.slice(0, limit) : "");
    const clean = { round: text(entry.round, 40), finished: entry.finished };
    if ([30, 45, 60].includes(entry.length)) clean.length = entry.length;
    if (typeof entry.difficulty === "string") clean.difficulty = text(entry.difficulty, 20);
    if (typeof entry.seed === "string") clean.seed = text(entry.seed, 40);
    if (Array.isArray(entry.prompts)) clean.prompts = entry.prompts.filter((id) => typeof id === "string").slice(0, 10);
    if (Array.isArray(entry.missed)) clean.missed = entry.missed.filter((id) => typeof id === "string").slice(0, 10);
    if (isObject(entry.scores)) {
      clean.scores = {};
      for (const [name, score] of Object.entries(entry.scores)) {
        if (Number.isInteger(score) && score >= 1 && score <= 4) clean.scores[name.slice(0, 60)] = score;
      }
    }
    if (Number.isFinite(entry.overall) && entry.overall >= 1 && entry.overall <= 4) clean.overall = entry.overall;
    if (typeof entry.notes === "string") clean.notes = text(entry.notes, 5000);
    if (Number.isFinite(entry.changed) && entry.changed >= 0) clean.changed = entry.changed;
    return clean;
  }

  const CLEAN = { questions: cleanEntry, routine: cleanTick, mocks: cleanMock };

  // An entry with fields of which none is usable ({"known": "yes"}) must never
  // replace a good one; {changed} alone is a real entry (every mark taken off).
  function unusable(entry) {
    if (!isObject(entry)) return true;
    const marks = ["known", "review", "box", "due"].filter((field) => has(entry, field));
    const clean = cleanEntry(entry);
    const boolean = marks.some((field) => (field === "known" || field === "review") && entry[field] === false);
    if (marks.length) return !boolean && !marks.some((field) => has(clean, field));
    return !has(clean, "changed");
  }

  // Older shapes, upgraded step by step. Version 0 was two lists of ids.
  const MIGRATIONS = {
    0: (old) => {
      for (const field of ["known", "review"]) {
        if (old[field] !== undefined && !(Array.isArray(old[field]) && old[field].every((id) => typeof id === "string"))) {
          return { error: `it looks like an old progress file, but its "${field}" is not a list of question ids` };
        }
      }
      const questions = table();
      for (const id of old.known || []) questions[id] = { ...questions[id], known: true };
      for (const id of old.review || []) questions[id] = { ...questions[id], review: true, box: 1, due: day() };
      return { data: { version: 1, questions } };
    },
  };

  // Parse stored or imported text. Returns {state, unusable} or {error}; never throws.
  function parse(text) {
    try {
      return parseData(JSON.parse(text));
    } catch (error) {
      return { error: error instanceof SyntaxError ? "it is not valid JSON" : `it cannot be read (${error.message})` };
    }
  }

  function parseData(data) {
    if (!isObject(data)) return { error: "it is not a progress object" };
    const legacy = data.version === undefined && (has(data, "known") || has(data, "review"));
    let version = legacy ? 0 : data.version;
    if (!Number.isInteger(version)) return { error: "it has no version" };
    if (version > VERSION) return { error: `it comes from a newer version (${version})` };
    while (version < VERSION) {
      if (!has(MIGRATIONS, version)) return { error: `version ${version} is unknown` };
      const migrated = MIGRATIONS[version](data);
      if (migrated.error) return migrated;
      data = migrated.data;
      version = data.version;
    }
    if (!isObject(data.questions)) return { error: "it has no questions" };
    const state = empty();
    const bad = new Set(); // "collection/id" of entries that must not replace a good one
    for (const name of COLLECTIONS) {
      if (data[name] === undefined) continue;
      if (!isObject(data[name])) return { error: `its "${name}" is not a set of entries` };
      for (const [id, entry] of Object.entries(data[name])) {
        const clean = CLEAN[name](entry);
        if (clean === null || (name === "questions" ? unusable(entry) : !Object.keys(clean).length)) bad.add(`${name}/${id}`);
        if (clean !== null) state[name][id] = clean;
      }
    }
    if (Number.isFinite(data.reset) && data.reset > 0) state.reset = data.reset;
    return { state, unusable: bad };
  }

  // -- reading and writing the one key ---------------------------------------

  let storage = null;
  let mode = "saved"; // "saved"; "memory": storage blocked; "held": unreadable data left in place
  let heldText = null; // the unreadable text, for the reader to download
  const pending = new Map(); // "collection/id" -> entry changed here and not yet saved, re-applied on every write
  const split = (key) => [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)];
  let toldSaveFailure = false;

  const reason = (error) =>
    error && error.name === "QuotaExceededError" ? "this browser's storage for the site is full"
      : error && error.name === "SecurityError" ? "this browser does not allow the site to store data"
        : `the browser said: ${error && error.message ? error.message : error}`;

  function tell(kind, text) {
    notices.push({ kind, text });
    for (const listener of noticeListeners) listener();
  }

  function emit(origin) {
    for (const listener of listeners) listener(state, origin);
  }

  // What is stored now: {state}, {error, text} (unreadable) or {failure} (cannot read at all).
  function loadStored() {
    let text;
    try {
      text = storage.getItem(KEY);
    } catch (failure) {
      return { failure };
    }
    if (text === null) return { state: empty() };
    const parsed = parse(text);
    return parsed.state ? parsed : { error: parsed.error, text };
  }

  // Unreadable stored data: copy it to a backup key and check the copy before
  // freeing the key; if that fails, leave it where it is and hold progress in memory.
  function setAside(text, error) {
    const backup = `${BACKUP}.${Date.now()}`;
    try {
      storage.setItem(backup, text);
      if (storage.getItem(backup) !== text) throw new Error("the copy differs");
      storage.removeItem(KEY);
      tell("backup", `Saved progress could not be read (${error}). It was copied to "${backup}" in this browser's storage, and progress starts fresh.`);
      return true;
    } catch (failure) {
      try { storage.removeItem(backup); } catch { /* nothing was written */ }
      mode = "held";
      heldText = text;
      tell("held", `Saved progress could not be read (${error}), and it could not be copied aside (${reason(failure)}), so it was left untouched. Until you choose below, your marks are kept in this tab only.`);
      return false;
    }
  }

  function write(next) {
    try {
      storage.setItem(KEY, JSON.stringify(next));
      return null;
    } catch (failure) {
      return failure;
    }
  }

  function applyPending(base) {
    for (const [key, entry] of pending) {
      const [name, id] = split(key);
      const theirs = base[name][id];
      if (base.reset && (entry.changed || 0) <= base.reset) pending.delete(key); // a reset elsewhere wins
      else if (!theirs || (entry.changed || 0) >= (theirs.changed || 0)) base[name][id] = entry;
    }
    return base;
  }

  // The state to change: what is stored now plus our unsaved entries.
  function current() {
    if (mode !== "saved") return copy(state);
    const stored = loadStored();
    if (stored.state) return applyPending(stored.state);
    if (stored.error && !setAside(stored.text, stored.error)) return copy(state);
    if (stored.failure) return copy(state);
    return applyPending(empty());
  }

  function copy(from) {
    const to = empty();
    for (const name of COLLECTIONS) Object.assign(to[name], from[name]);
    if (from.reset) to.reset = from.reset;
    return to;
  }

  // Make `next` the state and save it; false when it could not be saved.
  function save(next) {
    state = next;
    if (mode !== "saved") return false;
    const failure = write(next);
    if (!failure) {
      pending.clear();
      return true;
    }
    if (!toldSaveFailure) {
      toldSaveFailure = true;
      tell("unsaved", `Your progress could not be saved (${reason(failure)}). It is kept in this tab only: export it to keep a copy.`);
    }
    return false;
  }

  function start() {
    try {
      storage = window.localStorage;
      if (!storage) throw new Error("no localStorage");
    } catch (failure) {
      mode = "memory";
      tell("memory", `Progress will not be kept: ${reason(failure)}. Marks last while this tab is open; export them to keep a copy.`);
      return empty();
    }
    const stored = loadStored();
    if (stored.state) return stored.state;
    if (stored.failure) {
      mode = "memory";
      tell("memory", `Progress will not be kept: ${reason(stored.failure)}. Marks last while this tab is open; export them to keep a copy.`);
      return empty();
    }
    setAside(stored.text, stored.error);
    return empty();
  }

  let state = start();

  // Another tab saved: take its state, keep our unsaved entries, redraw.
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY && event.key !== null) return; // null: storage was cleared
    const stored = loadStored();
    if (!stored.state) return; // unreadable or gone: our next write deals with it
    if (mode === "held") {
      mode = "saved"; // another tab replaced the unreadable data
      heldText = null;
      for (const name of COLLECTIONS) {
        for (const [id, entry] of Object.entries(state[name])) {
          if (!pending.has(`${name}/${id}`)) pending.set(`${name}/${id}`, entry);
        }
      }
    }
    state = applyPending(stored.state);
    emit("elsewhere");
  });

  // Replace one entry with what `change` returns, stamped for merging.
  function update(id, change, name = "questions") {
    const next = current();
    const before = next[name][id];
    const entry = CLEAN[name](change({ ...before }));
    if (!entry) throw new Error(`StudyStore: not a valid ${name} entry`);
    entry.changed = Math.max(Date.now(), (before && before.changed + 1) || 0);
    next[name][id] = entry;
    pending.set(`${name}/${id}`, entry);
    save(next);
    emit("here");
  }

  // Pure scheduling step, exposed for tests: the entry after an answer on `today`.
  function schedule(entry, knew, today) {
    const next = { ...entry };
    if (knew) {
      next.known = true;
      if (next.review) {
        next.box = Math.min((next.box || 1) + 1, INTERVALS.length);
        next.due = addDays(today, INTERVALS[next.box - 1]);
      }
    } else {
      delete next.known;
      next.review = true;
      next.box = 1;
      next.due = addDays(today, INTERVALS[0]);
    }
    return next;
  }

  // Merge progress into ours: per question, the more recent change wins (a tie
  // goes to theirs); questions only one side has are kept, whatever their id.
  // Entries of theirs in `skip` (unusable) never replace one of ours.
  function merge(ours, theirs, skip = new Set()) {
    const merged = copy(ours);
    for (const name of COLLECTIONS) {
      for (const [id, entry] of Object.entries(theirs[name] || {})) {
        const mine = merged[name][id];
        if (mine && skip.has(`${name}/${id}`)) continue;
        if (!mine || (entry.changed || 0) >= (mine.changed || 0)) merged[name][id] = entry;
      }
    }
    return merged;
  }

  function download(name, text) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }

  const exportText = () => JSON.stringify({ format: FORMAT, version: VERSION, exported: new Date().toISOString(),
    questions: state.questions, routine: state.routine, mocks: state.mocks }, null, 2);

  return {
    KEY, BACKUP, INTERVALS,
    get state() { return state; },
    get mode() { return mode; },
    takeNotices: () => notices.splice(0),
    onNotice(listener) { noticeListeners.add(listener); return () => noticeListeners.delete(listener); },
    today: () => day(),
    addDays, parse, schedule, merge,
    entry: (id) => (has(state.questions, id) ? state.questions[id] : {}),
    isDue: (id, today = day()) => {
      const entry = has(state.questions, id) ? state.questions[id] : null;
      return Boolean(entry && entry.review && (!entry.due || entry.due <= today));
    },
    setKnown: (id, known) => update(id, ({ known: _, ...rest }) => (known ? { ...rest, known: true } : rest)),
    setReview: (id, review) => update(id, ({ review: _, box, due, ...rest }) =>
      (review ? { ...rest, review: true, box: 1, due: day() } : rest)),
    answer: (id, knew) => update(id, (entry) => schedule(entry, knew, day())),
    // The daily routine: "w3d2/LeetCode" -> done; and finished mock interviews by id.
    ticked: (key) => Boolean(has(state.routine, key) && state.routine[key].done),
    setTicked: (key, done) => update(key, () => (done ? { done: true } : {}), "routine"),
    mocks: () => Object.entries(state.mocks).map(([id, mock]) => ({ id, ...mock }))
      .sort((a, b) => a.finished - b.finished),
    saveMock: (id, record) => update(id, () => record, "mocks"),
    exportText,
    exportFile: () => download(`python-interview-progress-${day()}.json`, exportText()),
    downloadUnreadable: () => heldText !== null && download(`python-interview-unreadable-progress-${day()}.json`, heldText),

    // Import merges a file into what is stored now. Times in the future are
    // clamped to now. Returns {count, saved}; throws with a message for the
    // reader when the file is unusable or cannot be saved (nothing changes then).
    importText(text) {
      const { state: incoming, unusable: bad, error } = parse(typeof text === "string" ? text.replace(/^\uFEFF/, "") : text);
      if (error) throw new Error(`That file cannot be imported: ${error}.`);
      const now = Date.now();
      for (const name of COLLECTIONS) {
        for (const entry of Object.values(incoming[name])) {
          if (entry.changed > now) entry.changed = now;
        }
      }
      const merged = merge(current(), incoming, bad);
      if (mode === "saved") {
        const failure = write(merged);
        if (failure) {
          throw new Error(`Nothing was imported: this browser could not save it (${reason(failure)}). ` +
            "Your progress is as it was.");
        }
        pending.clear();
      }
      state = merged;
      emit("here");
      return { count: Object.keys(incoming.questions).length, mocks: Object.keys(incoming.mocks).length,
        saved: mode === "saved" };
    },

    reset() {
      const next = empty();
      next.reset = Date.now();
      pending.clear();
      save(next);
      emit("here");
    },

    // "Start fresh" when unreadable data was left in place: replace it with this tab's progress.
    startFresh() {
      if (mode !== "held") return true;
      const failure = write(state);
      if (failure) {
        tell("unsaved", `Your progress could not be saved (${reason(failure)}). The unreadable data is still there.`);
        return false;
      }
      mode = "saved";
      heldText = null;
      pending.clear();
      emit("here");
      return true;
    },

    subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
})();
