/* The scorecard form's autosave, made honest:
 * - a save the server did not confirm (an error status, or no answer at all) says so in the
 *   status line and is tried again, after 2, 4, 8 ... up to 30 seconds;
 * - pressing Submit or Save draft while an autosave is on its way waits for it, so the form goes
 *   out with the version that autosave produced; no autosave starts once the form is sent.
 * Without JavaScript there is no autosave, and the buttons post the form as usual. */
(function () {
  "use strict";

  function setUp(form) {
    var status = document.getElementById("save-status");
    var inFlight = false, sending = false, waitingSubmitter = null, retryTimer = null, delay = 0;

    function say(text) {
      var line = document.createElement("span");
      line.className = "errors";
      line.setAttribute("data-save-failed", "unconfirmed");
      line.textContent = text;
      status.replaceChildren(line);
    }

    function retryLater(reason) {
      delay = Math.min(delay ? delay * 2 : 2, 30);
      say("Not saved: " + reason + " Trying again in " + delay + " s; keep this page open.");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(function () { htmx.trigger(form, "retry"); }, delay * 1000);
    }

    form.addEventListener("htmx:beforeRequest", function (event) {
      if (sending) {
        event.preventDefault();
        return;
      }
      clearTimeout(retryTimer);
      inFlight = true;
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      inFlight = false;
      if (event.detail.successful) {
        delay = 0;
      } else if (event.detail.failed && event.detail.xhr && event.detail.xhr.status) {
        retryLater("the server answered " + event.detail.xhr.status + ".");
      }
      if (waitingSubmitter) {
        var submitter = waitingSubmitter;
        waitingSubmitter = null;
        form.requestSubmit(submitter);
      }
    });
    form.addEventListener("htmx:sendError", function () {
      retryLater("the server could not be reached.");
    });
    form.addEventListener("htmx:timeout", function () {
      retryLater("the server did not answer in time.");
    });
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        event.preventDefault();
        waitingSubmitter = event.submitter || null;
        return;
      }
      sending = true;
      clearTimeout(retryTimer);
    });
    // Coming back to the page from the browser's history: autosave may run again.
    window.addEventListener("pageshow", function () { sending = false; });
  }

  function start() {
    var form = document.querySelector("form.scorecard[hx-post]");
    if (form && window.htmx) { setUp(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
