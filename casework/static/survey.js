// Live result beside the survey form. The form works without this script (the "Xem kết quả"
// button posts it back); with it, the class and its reasons follow each answer.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  var panel = document.getElementById("live-result");
  if (!form || !panel || !window.fetch) { return; }
  var timer = null;
  var composing = false;

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) { node.className = className; }
    return node;
  }

  function show(data) {
    panel.replaceChildren();
    if (data.errors) {
      panel.appendChild(text("p", "Chưa đủ câu trả lời để tạm tính kết quả.", "muted"));
      return;
    }
    var heading = text("h2", "Kết quả tạm tính: ");
    heading.appendChild(text("span", data.class_label, "class-" + data["class"]));
    panel.appendChild(heading);
    var scores = "B1: " + (data.score_b1 === null ? "—" : data.score_b1) + " · B2: " + (data.score_b2 === null ? "—" : data.score_b2);
    panel.appendChild(text("p", scores));
    var list = document.createElement("ul");
    data.reasons.forEach(function (reason) { list.appendChild(text("li", reason)); });
    panel.appendChild(list);
    if (data.unverified.length) {
      var details = document.createElement("details");
      details.className = "warning";
      details.appendChild(text("summary", "Kết quả dựa trên " + data.unverified.length + " mục chưa được xác minh với văn bản chính thức"));
      var items = document.createElement("ul");
      data.unverified.forEach(function (label) { items.appendChild(text("li", label)); });
      details.appendChild(items);
      panel.appendChild(details);
    }
  }

  function refresh() {
    var body = new FormData(form);
    body.set("action", "preview");
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); }).then(show).catch(function () {});
  }

  function schedule() {
    if (composing) { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }

  // Vietnamese input methods (Telex, VNI) compose letters: wait until a word is finished.
  form.addEventListener("compositionstart", function () { composing = true; });
  form.addEventListener("compositionend", function () { composing = false; schedule(); });
  form.addEventListener("change", schedule);
})();
