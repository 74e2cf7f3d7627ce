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

  // Open the collapsed sections holding a question (Phiếu C, the B1 items) so it can be answered.
  function reveal(name) {
    var node = form.querySelector('[name="' + name + '"]') || document.getElementById(name);
    if (name === "b1_total") {
      var items = form.querySelector("details.b1-items");
      if (items) { items.open = true; }
    }
    while (node) {
      if (node.tagName === "DETAILS") { node.open = true; }
      node = node.parentElement;
    }
    return form.querySelector('[name="' + name + '"]');
  }

  function showMissing(missing) {
    if (!missing || !missing.length) { return; }
    var box = document.createElement("div");
    box.className = "missing-answers";
    box.setAttribute("role", "status");
    box.appendChild(text("p", panel.dataset.missingHeading || "Còn thiếu các câu trả lời sau để xếp loại:"));
    var list = document.createElement("ul");
    missing.forEach(function (item) {
      var entry = document.createElement("li");
      var link = text("a", item.label);
      link.href = "#" + item.field;
      link.dataset.field = item.field;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var input = reveal(item.field);
        if (input) { input.scrollIntoView({ block: "center" }); input.focus(); }
      });
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(": " + item.message));
      list.appendChild(entry);
      reveal(item.field);
    });
    box.appendChild(list);
    panel.appendChild(box);
  }

  function show(data) {
    panel.replaceChildren();
    if (data.errors) {
      panel.appendChild(text("p", "Chưa đủ câu trả lời để tạm tính kết quả.", "muted"));
      showMissing(data.missing);
      return;
    }
    var heading = text("h2", "Kết quả tạm tính: ");
    heading.appendChild(text("span", data.class_label, "class-" + data["class"]));
    panel.appendChild(heading);
    showMissing(data.missing);
    if (data.path) { panel.appendChild(text("p", data.path, "result-path")); }
    var scores = "B1: " + (data.score_b1 === null ? "—" : data.score_b1) + " · B2: " + (data.score_b2 === null ? "—" : data.score_b2);
    panel.appendChild(text("p", scores));
    if (data.income_note) { panel.appendChild(text("p", data.income_note, "muted income-note")); }
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
    var standard = (panel.dataset.standard || "Chuẩn áp dụng") + ": " + data.rule_set.title;
    panel.appendChild(text("p", standard + ", " + (panel.dataset.version || "phiên bản") + " " + data.rule_set.version, "muted"));
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
  form.addEventListener("change", function (event) {
    // Another year may mean another standard, with other questions: draw the form again for it.
    if (event.target && event.target.name === "period_year") {
      var preview = form.querySelector('button[value="preview"]');
      if (preview && form.requestSubmit) { form.requestSubmit(preview); return; }
    }
    schedule();
  });
})();
