// Small enhancements; every page reads, navigates and opens notes without this script. What is only needed
// once something opens (a note's Close button, a citation's Copy button) is made then, so the page shows sooner.
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

  const element = (tag, className, text) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  };
  // A Copy button after each citation (in a box, once the box opens).
  const copyButtons = (root) => {
    if (!navigator.clipboard) return;
    for (const citation of root.querySelectorAll(".citation")) {
      if (citation.nextElementSibling && citation.nextElementSibling.matches(".copy")) continue;
      const button = element("button", "copy", "Copy");
      button.type = "button";
      citation.after(button);
    }
  };
  copyButtons(document.querySelector("main") || document);

  // Beside each numbered paragraph, a "cite" box with the paragraph's citation, made from the page's pattern
  // (without the script, "Cite this document" says how to cite a paragraph), and a link to the full citations.
  const text = document.getElementById("text");
  const pattern = text && text.dataset.cite;
  for (const paragraph of pattern ? text.querySelectorAll(".para") : []) {
    const number = paragraph.querySelector(".pnum").textContent;
    const summary = element("summary", "", "cite");
    summary.append(element("span", "vh", ` paragraph ${number}`));
    const full = element("a", "", "Full citation");
    full.href = "#cite";
    const box = element("details", "pcite");
    box.append(summary, element("p", "citation", pattern.replaceAll("{n}", number)), " ", full);
    paragraph.append(box);
  }

  // A note that opens gets a Close button (without the script, Esc or a tap outside closes it); a box that
  // opens gets Copy buttons. Neither event bubbles, so both are caught on their way down.
  document.addEventListener("toggle", (event) => {
    const opened = event.target;
    if (opened.matches(".note[popover]") && event.newState === "open" && !opened.querySelector(".x")) {
      const close = element("button", "x", "Close");
      close.popoverTargetElement = opened;
      close.popoverTargetAction = "hide";
      opened.prepend(close);
    } else if (opened.matches("details") && opened.open) {
      copyButtons(opened);
    }
  }, true);

  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[href^='#']");
    const note = link && link.closest(".note:popover-open");
    if (note) note.hidePopover();  // a link followed from an open note closes it, so its target is seen
    if (link && link.getAttribute("href") === "#cite") document.getElementById("cite").open = true;
    const copy = event.target.closest(".copy");
    if (copy) {
      await navigator.clipboard.writeText(copy.previousElementSibling.textContent.trim());
      copy.textContent = "Copied";
      setTimeout(() => { copy.textContent = "Copy"; }, 2000);
    }
  });
})();
