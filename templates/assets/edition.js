// Small enhancements; every page reads, navigates and opens notes without this script.
(() => {
  "use strict";
  // Remember the reader's choice between the reading text and the text as transcribed.
  // Storage may be refused (private windows, strict settings); the switch then simply is not remembered.
  const key = "edition-text-view";
  const store = (value) => { try { if (value) localStorage.setItem(key, value); return localStorage.getItem(key); } catch { return null; } };
  const saved = store();
  const choice = saved && document.getElementById(saved);
  if (choice && choice.classList.contains("view-switch")) choice.checked = true;
  for (const input of document.querySelectorAll(".view-switch")) {
    input.addEventListener("change", () => store(input.id));
  }
  // A link followed from inside an open note closes the note, so its target is seen.
  for (const link of document.querySelectorAll(".note a[href^='#']")) {
    link.addEventListener("click", () => {
      const note = link.closest("[popover]");
      if (note && note.matches(":popover-open")) note.hidePopover();
    });
  }
  // "Full citation" beside a paragraph opens the document's citations.
  for (const link of document.querySelectorAll("a[href='#cite']")) {
    link.addEventListener("click", () => { document.getElementById("cite").open = true; });
  }
  // A copy button next to each citation.
  if (!navigator.clipboard) return;
  for (const citation of document.querySelectorAll(".citation")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(citation.textContent.trim());
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
    citation.after(button);
  }
})();
