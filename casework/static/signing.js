// One-click hand-off to a desktop signing agent (documents.md §5.3 b). The agent's own plugin script
// (vgcaplugin.js) comes with the agent, not from us; without it the page says how to sign by hand.
(function () {
  "use strict";
  var button = document.getElementById("handoff-start");
  if (!button) { return; }
  var status = document.getElementById("handoff-status");
  button.addEventListener("click", function () {
    var body = new FormData();
    body.append("csrf_token", button.dataset.csrf);
    fetch(button.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (args) {
        if (typeof window.vgca_sign_approved !== "function") {
          status.textContent = "Chưa có phần mềm ký số trên máy này. Hãy tải văn bản về, ký rồi tải lên ở trên.";
          status.dataset.fileName = args.FileName;
          return;
        }
        status.textContent = "Đang chờ phần mềm ký số…";
        window.vgca_sign_approved(JSON.stringify(args), function (result) {
          var reply = typeof result === "string" ? JSON.parse(result) : result;
          if (reply.Status === 0) { window.location.reload(); } else { status.textContent = reply.Message; }
        });
      })
      .catch(function () { status.textContent = "Không tạo được liên kết ký. Hãy tải lại trang."; });
  });
})();
