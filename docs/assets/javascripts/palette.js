// The light/dark toggle (markup and first paint: overrides/partials/palette.html).
// Listeners sit on the document, so they outlive instant navigation.
const paletteInputs = "[data-study-palette] input";

document.addEventListener("change", (event) => {
  if (!event.target.matches(paletteInputs)) return;
  document.body.setAttribute("data-md-color-switching", "");  // Material: no colour transitions mid-switch
  studyPalette.apply([...studyPalette.inputs()].indexOf(event.target), true);
  requestAnimationFrame(() => document.body.removeAttribute("data-md-color-switching"));
});

// Enter on the focused option moves to the next one, as Material's toggle does.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target.matches(paletteInputs)) return;
  event.preventDefault();
  const inputs = studyPalette.inputs();
  const next = inputs[(studyPalette.index + 1) % inputs.length];
  next.click();
  next.focus();
});

// In automatic mode, follow the system when it switches between light and dark.
matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => {
  const inputs = studyPalette.inputs();
  if (inputs[studyPalette.index]?.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
    studyPalette.apply(studyPalette.index, false);
  }
});
