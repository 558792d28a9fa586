// The paper chosen on a sheet's page is the paper the browser prints on: CSS shows only that
// variant of the sheet (:has), and this sets the page size to match, which CSS alone can't.
// Without JavaScript the site's default paper is printed.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const size = document.createElement("style");
  document.head.append(size);
  const choose = (input) => {
    size.textContent = `@page { size: ${input.dataset.page}; }`;
  };
  for (const input of document.querySelectorAll(".paper-choice input")) {
    input.addEventListener("change", () => choose(input));
    if (input.checked) choose(input);
  }
});
