// The daily routine tracker: a box per routine activity for each study day, on
// the week pages (the build writes them, disabled until the reader's ticks are
// read) and, on the home page, the reader's first unfinished day. Ticks live in
// the progress store ("w3d2/LeetCode"), so they sync, export and reset with it.
(() => {
  const key = (week, day, activity) => `w${week}d${day}/${activity}`;

  // The first day, in plan order, with an activity not yet ticked.
  function nextDay({ weeks, days, activities }) {
    for (let week = 1; week <= weeks; week++) {
      for (let day = 1; day <= days; day++) {
        if (activities.some((activity) => !StudyStore.ticked(key(week, day, activity)))) return [week, day];
      }
    }
    return null;
  }

  // Chosen once per page view: ticking the last box should not make the day jump.
  function placeToday() {
    const today = document.querySelector(".routine-today");
    if (!today) return;
    const plan = JSON.parse(today.dataset.routinePlan);
    const next = nextDay(plan);
    const link = today.querySelector(".routine-today__day a");
    if (!next) {
      link.textContent = "Every day of the plan is done";
      today.querySelector(".routine-today__boxes").hidden = true;
      return;
    }
    const [week, day] = next;
    link.textContent = `Week ${week}, day ${day}`;
    link.href = `${plan.weeksUrl}week-${week}/`;
    const boxes = today.querySelectorAll("input[data-routine]");
    plan.activities.forEach((activity, index) => {
      boxes[index].dataset.routine = key(week, day, activity);
      boxes[index].setAttribute("aria-label", `Week ${week}, day ${day}: ${activity} done`);
    });
  }

  function render() {
    for (const box of document.querySelectorAll("input[data-routine]")) {
      box.disabled = false;
      box.checked = StudyStore.ticked(box.dataset.routine);
    }
  }

  document$.subscribe(() => {
    placeToday();
    render();
  });
  StudyStore.subscribe(render);

  // Registered once: instant navigation keeps this script.
  document.addEventListener("change", (event) => {
    const box = event.target.closest("input[data-routine]");
    if (box) StudyStore.setTicked(box.dataset.routine, box.checked);
  });
})();
