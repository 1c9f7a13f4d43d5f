// Accessible names for Material widgets that axe-core flags: the search dialog
// has no name, and each code block's toolbar is a <nav> landmark of its own.
document$.subscribe(() => {
  const search = document.querySelector(".md-search[role='dialog']");
  if (search) search.setAttribute("aria-label", "Search");
  for (const toolbar of document.querySelectorAll("nav.md-code__nav")) {
    toolbar.setAttribute("role", "none");  // a copy button, not a page region
  }
});
