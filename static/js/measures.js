/* Progressive enhancement of the measure finder: the page works without this script.
 * - on wide screens the filters stand open beside the results (on a phone they stay behind
 *   their "Show filters" disclosure, so that the count and the results come first);
 * - on wide screens a change of a facet checkbox submits the form at once; on a phone the
 *   visitor ticks several and applies them with the button;
 * - a change of the sort order submits the form at once;
 * - empty fields are left out of the address, so shared links stay short. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) {
    return;
  }
  document.documentElement.classList.add("js");

  var disclosure = document.getElementById("facets-disclosure");
  var wide = window.matchMedia("(min-width: 60rem)");

  function placeFilters() {
    if (disclosure) {
      disclosure.open = wide.matches;
    }
  }

  placeFilters();
  if (wide.addEventListener) {
    wide.addEventListener("change", placeFilters);
  }

  function dropEmptyFields() {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && (field.type === "search" || field.type === "number") && !field.value) {
        field.disabled = true;
      }
    });
  }

  form.addEventListener("submit", dropEmptyFields);
  form.addEventListener("change", function (event) {
    var target = event.target;
    if ((target.type === "checkbox" && wide.matches) || target.name === "sort") {
      dropEmptyFields();
      form.submit();
    }
  });
})();
