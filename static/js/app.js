// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.querySelector(".messages") || document.createElement("ul");
  box.className = "messages";
  box.innerHTML = '<li class="message error">The server could not complete that action. Nothing was changed.</li>';
  document.querySelector("main").prepend(box);
});
