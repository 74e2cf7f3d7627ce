// The meeting form's total follows the numbers typed per category. The form works without this
// script: the page then shows the total once it is posted back.
(function () {
  "use strict";
  var total = document.getElementById("attendee-total");
  if (!total) { return; }
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[name^='attend_']"));
  function update() {
    var sum = 0;
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value) && value > 0) { sum += value; }
    });
    total.textContent = String(sum);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
