// Progressive enhancement of the upload form: with JavaScript the file goes to storage with a
// progress bar, and the portal checks it through its API; without it, the form posts to storage
// and storage sends the browser back to the portal, which checks it the same way.
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.fetch) { return; }
  var caseNo = form.getAttribute("data-case");
  var next = form.getAttribute("data-next");
  var fileInput = form.querySelector("input[type=file]");
  var progress = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-progress-bar");
  var text = document.getElementById("upload-progress-text");
  var problem = document.getElementById("upload-script-problem");
  var problemText = document.getElementById("upload-script-message");
  var button = form.querySelector("button[type=submit]");

  function fail(message) {
    problemText.textContent = message;
    problem.hidden = false;
    progress.hidden = true;
    button.disabled = false;
    problem.scrollIntoView();
  }

  function api(path, body) {
    return fetch(path, {method: "POST", credentials: "same-origin",
                        headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error(data.message || "The upload could not be completed."); }
          return data;
        });
      });
  }

  function send(ticket, file) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      Object.keys(ticket.fields).forEach(function (name) { data.append(name, ticket.fields[name]); });
      data.append("file", file);
      var request = new XMLHttpRequest();
      request.open("POST", ticket.url);
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          var percent = Math.round(event.loaded * 100 / event.total);
          bar.value = percent;
          bar.textContent = percent + "%";
          text.textContent = percent + "% sent";
        }
      });
      request.addEventListener("load", function () {
        if (request.status >= 200 && request.status < 300) { resolve(); }
        else { reject(new Error("The file could not be sent (is it larger than the limit?). Try again.")); }
      });
      request.addEventListener("error", function () {
        reject(new Error("The connection failed while sending the file. Check your connection and try again."));
      });
      request.send(data);
    });
  }

  form.addEventListener("submit", function (event) {
    var file = fileInput.files && fileInput.files[0];
    if (!file) { return; }  // the browser's own "required" message explains it
    event.preventDefault();
    problem.hidden = true;
    button.disabled = true;
    progress.hidden = false;
    text.textContent = "Starting";
    var base = "/api/cases/" + encodeURIComponent(caseNo) + "/uploads";
    api(base, {file_name: file.name})
      .then(function (ticket) {
        return send(ticket, file).then(function () { return ticket; });
      })
      .then(function (ticket) {
        text.textContent = "Checking the file";
        return api(base + "/" + encodeURIComponent(ticket.upload_id) + "/complete", {});
      })
      .then(function (upload) {
        window.location.assign(next + (next.indexOf("?") < 0 ? "?" : "&") + "upload=" + encodeURIComponent(upload.upload_id));
      })
      .catch(function (error) { fail(error.message); });
  });
}());
