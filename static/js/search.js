// The search page's search box, drawn by Pagefind's UI over the index the build wrote into
// pagefind/. Without JavaScript, or where the index cannot load, the page's list of every page is
// the way in, and the page says so at once instead of searching for ever.
(function () {
  "use strict";
  var mount = document.getElementById("search");
  var status = document.getElementById("search-status");
  if (!mount || !status) {
    return;
  }
  function unavailable(reason) {
    status.textContent = reason + " Every page of the briefing is listed below.";
    status.hidden = false;
    mount.hidden = true;
  }
  // A page opened from the disk may not load modules (Pagefind's index is one): browsers refuse
  // them on file:// addresses.
  if (window.location.protocol === "file:") {
    unavailable("Search needs the site to be served over HTTP (for instance by briefing serve): " +
      "browsers do not let a page opened from a file load its search index.");
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    unavailable("The search box could not be loaded.");
    return;
  }
  // Result links start from the site's root as this page sees it, so that search works under
  // any sub-path the site is published at.
  var root = new URL(".", new URL(mount.getAttribute("data-site-root"), document.baseURI)).pathname;
  var query = new URLSearchParams(window.location.search).get("q") || "";

  function draw() {
    var ui = new window.PagefindUI({
      element: "#search",
      baseUrl: root,
      bundlePath: root + "pagefind/",
      showSubResults: true,
      showImages: false,
      translations: { placeholder: "Search the briefing" }
    });
    // ?q= in the address runs that search, so that other pages and sites can link to one; the
    // address follows what is typed, so that a search can be shared or bookmarked.
    if (query) {
      ui.triggerSearch(query);
    }
    mount.addEventListener("input", function (event) {
      if (!event.target.matches || !event.target.matches("input[type=text], input[type=search]")) {
        return;
      }
      var url = new URL(window.location.href);
      if (event.target.value) {
        url.searchParams.set("q", event.target.value);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url);
    });
  }

  // The index is loaded first: where it cannot be (a copy without it, a host that does not serve
  // it), the page says so now rather than showing "Searching…" for ever.
  import(root + "pagefind/pagefind.js").then(draw, function () {
    unavailable("The search index could not be loaded.");
  });
})();
