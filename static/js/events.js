/* Registration form: move focus to the error summary so that keyboard and screen-reader users
   start from the list of problems (the page works the same without this script). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
