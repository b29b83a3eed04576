// The search page's search box, drawn by Pagefind's UI over the index the build wrote into
// pagefind/. Without JavaScript, the page's list of every page is the way in.
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") {
    return;
  }
  // Result links start from the site's root as this page sees it, so that search works under
  // any sub-path the site is published at.
  var root = new URL(".", new URL(mount.getAttribute("data-site-root"), document.baseURI)).pathname;
  new window.PagefindUI({
    element: "#search",
    baseUrl: root,
    bundlePath: root + "pagefind/",
    showSubResults: true,
    showImages: false,
    translations: { placeholder: "Search the briefing" }
  });
})();
