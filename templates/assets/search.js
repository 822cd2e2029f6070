// The search page: Pagefind's UI over the index the build writes to pagefind/.
// Every address is worked out from this script's own, so the site searches from any folder of a
// static host. `search/?q=words` opens with a search already made.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src);
  // A large edition's index comes in shards: the first is pagefind/, the page names the others.
  var shards = (document.getElementById("search").dataset.merge || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: new URL("pagefind/", root).pathname,
    baseUrl: root.pathname,
    showSubResults: false,
    showImages: false,
    openFilters: ["kind", "document"],
    autofocus: true,
    mergeIndex: shards.map(function (shard) { return { bundlePath: new URL(shard, window.location.href).pathname }; })
  });
  // Pagefind's search box is named only by its title; give it a visible label.
  var input = document.querySelector("#search .pagefind-ui__search-input");
  var label = document.createElement("label");
  input.id = "search-input";
  label.htmlFor = input.id;
  label.className = "search-label";
  label.textContent = "Search the texts, notes and registers";
  document.getElementById("search").before(label);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
