// A page opened with ?theme=dark (or light) passes it on to the kit's pages it links to
// (the next lesson, the list of lessons), so a participant who needs the dark theme
// keeps it from page to page. Used by the lessons' and the home page's templates and by
// the static site's pages (tools/build_site.py).
(function () {
  var theme = new URLSearchParams(location.search).get("theme");
  if (!theme) return;
  function passOn(event) {
    var link = event.target instanceof Element && event.target.closest("a[href]");
    if (!link) return;
    var url = new URL(link.getAttribute("href"), location.href);
    var samePage = url.pathname === location.pathname;
    if (url.origin !== location.origin || samePage || url.searchParams.has("theme")) return;
    url.searchParams.set("theme", theme);
    link.href = url.href;
  }
  // Before the browser follows the link: a click, Enter on it, or a middle click.
  document.addEventListener("click", passOn, true);
  document.addEventListener("auxclick", passOn, true);
})();
