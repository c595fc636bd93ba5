// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.querySelector(".toasts") || document.createElement("ul");
  box.className = "toasts";
  box.setAttribute("role", "status");
  box.innerHTML = '<li class="toast toast-error" data-toast><span class="toast-text">' +
    "The server could not complete that action. Nothing was changed.</span></li>";
  document.querySelector("main").prepend(box);
});

// Toasts (components/toasts.html): a close button once JavaScript can make it work.
document.querySelectorAll("[data-toast-close]").forEach((button) => { button.hidden = false; });
document.addEventListener("click", (event) => {
  const close = event.target.closest && event.target.closest("[data-toast-close]");
  if (close) close.closest("[data-toast]").remove();
});

// Forms whose fields depend on a "kind" select (record event): show only the chosen kind's fields. Without
// JavaScript every field shows, and the server ignores the ones that do not belong to the kind.
document.querySelectorAll("form[data-kind-select]").forEach((form) => {
  const select = form.querySelector(form.dataset.kindSelect);
  if (!select) return;
  const sync = () => {
    form.querySelectorAll("[data-kinds]").forEach((field) => {
      field.hidden = !field.dataset.kinds.split(" ").includes(select.value);
    });
  };
  select.addEventListener("change", sync);
  sync();
});

// Behaviour the pages ask for with data attributes, since the Content-Security-Policy runs no inline handler:
// data-confirm on a form asks before it is sent; data-autosubmit on a select sends its form when it changes.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});

// Phones: the menu button opens and closes the header's links (without JavaScript they are always shown).
document.documentElement.classList.add("js");
document.querySelectorAll(".menu-button").forEach((button) => {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
});

// Request list: ticking "All on this page" ticks every row's box (without JavaScript the page's ids are sent anyway).
document.addEventListener("change", (event) => {
  const name = event.target.dataset && event.target.dataset.selectAll;
  if (!name || !event.target.form) return;
  event.target.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
    box.checked = event.target.checked;
  });
});

// Phones: the request list's filters fold under one "Filters" line unless one is active or invalid (the page is
// served with the fold open, so a laptop, and a phone without JavaScript, see every filter).
if (window.matchMedia("(max-width: 640px)").matches) {
  document.querySelectorAll("details[data-fold-on-phone]:not([data-keep-open])").forEach((fold) => {
    fold.open = false;
  });
}

// data-print on a button prints the page (the chronology); the print stylesheet hides the site's chrome.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
