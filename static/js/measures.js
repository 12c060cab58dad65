/* Progressive enhancement of the measure finder: the page works without this script.
 * - a change of a facet checkbox or the sort order submits the form at once;
 * - empty fields are left out of the address, so shared links stay short. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) {
    return;
  }
  document.documentElement.classList.add("js");

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
    if (target.type === "checkbox" || target.name === "sort") {
      dropEmptyFields();
      form.submit();
    }
  });
})();
