// Tell the search log a result was opened (search.log): the links stay the pages' own addresses.
(function () {
  var list = document.querySelector("[data-search-log]");
  if (!list || !navigator.sendBeacon) return;
  function report(event) {
    var link = event.target.closest && event.target.closest("h2 a[href]");  // the result itself, not its column
    if (!link || !list.contains(link) || link.dataset.reported) return;
    link.dataset.reported = "1";
    navigator.sendBeacon(list.dataset.searchOpened, new URLSearchParams({ log: list.dataset.searchLog, to: link.href }));
  }
  list.addEventListener("click", report);
  list.addEventListener("auxclick", report);
})();
