// "Copy to clipboard" on a code block, added when the block is first shown.
// Material's content.code.copy adds the button to every block at load, the
// hundreds inside closed answers too, and that was a large share of a long
// page's load-time main-thread work. The button is Material's own markup, so
// Material's clipboard handler copies the text and says "Copied to clipboard".
(() => {
  let next = 0;

  function addCopyButtons(root) {
    for (const code of root.querySelectorAll(".highlight > pre > code")) {
      const pre = code.parentElement;
      if (pre.querySelector(":scope > .md-code__nav [data-md-type=copy]") || code.closest("details:not([open])")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-code__button";
      button.title = "Copy to clipboard";
      button.dataset.clipboardTarget = ""; // set on click: Material names the block when it mounts it
      button.dataset.mdType = "copy";
      let nav = pre.querySelector(":scope > .md-code__nav");
      if (!nav) {
        nav = document.createElement("div"); // Material's class; not a <nav>: one button is not a landmark
        nav.className = "md-code__nav";
        pre.insertBefore(nav, code);
      }
      nav.append(button);
    }
  }

  // Before Material's clipboard handler (it listens further up, as the click bubbles).
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.(".md-code__button[data-md-type=copy]");
    if (!button) return;
    const pre = button.closest("pre");
    pre.id ||= `__copy_${next++}`; // a block Material never mounted (an answer copied in later)
    button.dataset.clipboardTarget = `#${CSS.escape(pre.id)} > code`;
  }, true);

  document$.subscribe(() => addCopyButtons(document));
  // An answer opened by a click, a link to a question inside it, search or printing.
  document.addEventListener("toggle", (event) => {
    if (event.target instanceof HTMLDetailsElement && event.target.open) addCopyButtons(event.target);
  }, true);
})();
