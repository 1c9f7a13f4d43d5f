// Tells the reader the truth about their saved progress: unreadable data set
// aside (or left untouched), storage blocked, a save that failed. store.js
// decides what to say; this file shows it at the top of the page, once, with
// the one action that helps (export, download the unreadable data, start fresh).
(() => {
  const ACTIONS = {
    memory: [["export", "Export progress"]],
    unsaved: [["export", "Export progress"]],
    held: [["download-unreadable", "Download the unreadable data"], ["start-fresh", "Start fresh"]],
    backup: [],
  };

  function show() {
    const article = document.querySelector("article.md-content__inner") || document.querySelector("main") || document.body;
    for (const { kind, text } of StudyStore.takeNotices()) {
      const notice = document.createElement("div");
      notice.className = "storage-notice";
      notice.setAttribute("role", "alert");
      notice.dataset.notice = kind;
      const message = document.createElement("p");
      message.textContent = text;
      notice.append(message);
      const actions = ACTIONS[kind] || [];
      if (actions.length) {
        const row = document.createElement("p");
        for (const [action, label] of actions) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.dataset.noticeAction = action;
          button.textContent = label;
          row.append(button, " ");
        }
        notice.append(row);
      }
      article.prepend(notice);
    }
  }

  document$.subscribe(show);
  StudyStore.onNotice(() => { if (document.body) show(); });

  // Registered once: instant navigation keeps this script.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-notice-action]");
    if (!button) return;
    const action = button.dataset.noticeAction;
    if (action === "export") StudyStore.exportFile();
    if (action === "download-unreadable") StudyStore.downloadUnreadable();
    if (action === "start-fresh"
        && confirm("Replace the unreadable saved progress with the marks of this tab? Download it first to keep a copy.")
        && StudyStore.startFresh()) {
      const notice = button.closest(".storage-notice");
      notice.querySelector("p").textContent = "Progress is saved in this browser again; the unreadable data was replaced.";
      button.parentElement.remove();
    }
  });
})();
