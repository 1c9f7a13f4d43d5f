// Study progress in localStorage under one namespaced, versioned key, shared by
// marks, review and quiz. Nothing here ever deletes a reader's data: corrupt or
// foreign data is set aside under a backup key, and ids the site no longer has
// are kept, so a content change loses nobody's history.
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
  let problem = null; // why stored data was set aside, shown once to the reader

  const day = (date = new Date()) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const addDays = (iso, days) => {
    const [y, m, d] = iso.split("-").map(Number);
    return day(new Date(y, m - 1, d + days));
  };

  // Keep only well-formed fields of one question's entry; never drop the entry.
  function cleanEntry(entry) {
    const clean = {};
    if (!entry || typeof entry !== "object") return clean;
    if (entry.known === true) clean.known = true;
    if (entry.review === true) clean.review = true;
    if (Number.isInteger(entry.box) && entry.box >= 1 && entry.box <= INTERVALS.length) clean.box = entry.box;
    if (typeof entry.due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(entry.due)) clean.due = entry.due;
    if (Number.isFinite(entry.changed)) clean.changed = entry.changed;
    return clean;
  }

  // Older shapes, upgraded step by step. Version 0 was two id lists.
  const MIGRATIONS = {
    0: (old) => {
      const questions = {};
      for (const id of old.known || []) questions[id] = { ...questions[id], known: true };
      for (const id of old.review || []) questions[id] = { ...questions[id], review: true, box: 1, due: day() };
      return { version: 1, questions };
    },
  };

  // Parse stored or imported text. Returns {state} or {error} (never throws).
  function parse(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return { error: "it is not valid JSON" };
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) return { error: "it is not a progress object" };
    let version = data.version === undefined && (Array.isArray(data.known) || Array.isArray(data.review)) ? 0 : data.version;
    if (!Number.isInteger(version)) return { error: "it has no version" };
    if (version > VERSION) return { error: `it comes from a newer version (${version})` };
    while (version < VERSION) {
      if (!MIGRATIONS[version]) return { error: `version ${version} is unknown` };
      data = MIGRATIONS[version](data);
      version = data.version;
    }
    if (!data.questions || typeof data.questions !== "object" || Array.isArray(data.questions)) {
      return { error: "it has no questions" };
    }
    const questions = {};
    for (const [id, entry] of Object.entries(data.questions)) questions[id] = cleanEntry(entry);
    return { state: { version: VERSION, questions } };
  }

  function read() {
    let text = null;
    try {
      text = localStorage.getItem(KEY);
    } catch {
      return { version: VERSION, questions: {} }; // storage disabled: work in memory
    }
    if (text === null) return { version: VERSION, questions: {} };
    const { state, error } = parse(text);
    if (state) return state;
    const backup = `${BACKUP}.${Date.now()}`;
    try {
      localStorage.setItem(backup, text);
      localStorage.removeItem(KEY);
    } catch {
      /* keep going in memory; the original text stays where it was */
    }
    problem = `Saved progress could not be read (${error}). It was kept under "${backup}" and progress starts fresh.`;
    return { version: VERSION, questions: {} };
  }

  let state = read();

  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch {
      /* private mode or full: progress lasts for this page only */
    }
    for (const listener of listeners) listener(state);
  }

  // Replace one question's entry with what `change` returns, stamped for merging.
  function update(id, change) {
    const entry = change({ ...state.questions[id] });
    entry.changed = Date.now();
    state.questions[id] = cleanEntry(entry);
    save();
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

  // Merge imported progress into ours: per question, the more recent change wins;
  // questions only one side has are kept, whatever their id.
  function merge(ours, theirs) {
    const questions = { ...ours.questions };
    for (const [id, entry] of Object.entries(theirs.questions)) {
      const mine = questions[id];
      if (!mine || (entry.changed || 0) >= (mine.changed || 0)) questions[id] = entry;
    }
    return { version: VERSION, questions };
  }

  return {
    KEY, BACKUP, INTERVALS,
    get state() { return state; },
    takeProblem() { const message = problem; problem = null; return message; },
    today: () => day(),
    addDays, parse, schedule, merge,
    entry: (id) => state.questions[id] || {},
    isDue: (id, today = day()) => {
      const entry = state.questions[id];
      return Boolean(entry && entry.review && (!entry.due || entry.due <= today));
    },
    setKnown: (id, known) => update(id, ({ known: _, ...rest }) => (known ? { ...rest, known: true } : rest)),
    setReview: (id, review) => update(id, ({ review: _, box, due, ...rest }) =>
      (review ? { ...rest, review: true, box: 1, due: day() } : rest)),
    answer: (id, knew) => update(id, (entry) => schedule(entry, knew, day())),
    exportText: () => JSON.stringify({ format: FORMAT, version: VERSION, exported: new Date().toISOString(),
      questions: state.questions }, null, 2),
    importText(text) {
      const { state: incoming, error } = parse(text);
      if (error) throw new Error(`That file cannot be imported: ${error}.`);
      state = merge(state, incoming);
      save();
      return Object.keys(incoming.questions).length;
    },
    reset() { state = { version: VERSION, questions: {} }; save(); },
    subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
})();
