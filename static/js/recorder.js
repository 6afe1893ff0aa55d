/* Record a video answer in the browser, then hand it to the form's file input.
 * Progressive: without MediaRecorder (or a camera) nothing changes and the file input stays.
 * Each .recorder[data-for] placeholder becomes: Record → (countdown, Stop) → playback, Re-record.
 * Recording stops by itself at the question's limit (the input's data-seconds). */
(function () {
  "use strict";
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      typeof DataTransfer === "undefined") {
    return;
  }

  function pickType() {
    var types = ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function setUp(box) {
    var input = document.getElementById(box.dataset.for);
    if (!input) { return; }
    var limit = parseInt(input.dataset.seconds, 10) || 60;
    var live = el("video", {"class": "recorder-live", muted: "", playsinline: "", "aria-label": "Camera preview"});
    live.muted = true;
    var playback = el("video", {"class": "recorder-playback", controls: "", playsinline: "",
                                "aria-label": "Your recorded answer"});
    var status = el("p", {"class": "recorder-status", "aria-live": "polite"});
    var countdown = el("p", {"class": "recorder-countdown", role: "timer", "aria-live": "off"});
    var record = el("button", {type: "button", "class": "primary"}, "Record");
    var stop = el("button", {type: "button"}, "Stop");
    var again = el("button", {type: "button"}, "Re-record");
    var buttons = el("p", {"class": "toolbar"});
    buttons.append(record, stop, again);
    live.hidden = playback.hidden = stop.hidden = again.hidden = true;
    box.append(countdown, live, playback, buttons, status);
    box.hidden = false;

    var recorder = null, stream = null, timer = null, startedAt = 0;
    function show(left) { countdown.textContent = "Time left: " + left + " s of " + limit + " s"; }
    show(limit);

    function finish() {
      if (recorder && recorder.state !== "inactive") { recorder.stop(); }
      clearInterval(timer);
    }

    record.addEventListener("click", function () {
      record.disabled = true;
      status.textContent = "Starting the camera…";
      navigator.mediaDevices.getUserMedia({video: true, audio: true}).then(function (s) {
        stream = s;
        live.srcObject = s;
        live.hidden = false;
        playback.hidden = true;
        live.play();
        var chunks = [];
        var type = pickType();
        recorder = type ? new MediaRecorder(s, {mimeType: type}) : new MediaRecorder(s);
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          live.hidden = true;
          var mime = (recorder.mimeType || type || "video/webm").split(";")[0];
          var ext = mime === "video/mp4" ? ".mp4" : ".webm";
          var blob = new Blob(chunks, {type: mime});
          var seconds = Math.min(limit, Math.round((Date.now() - startedAt) / 1000));
          var transfer = new DataTransfer();
          transfer.items.add(new File([blob], "answer" + ext, {type: mime}));
          input.files = transfer.files;
          playback.src = URL.createObjectURL(blob);
          playback.hidden = false;
          stop.hidden = true;
          again.hidden = false;
          record.hidden = true;
          status.textContent = "Recorded " + seconds + " s. Play it back, record again, or submit the form.";
          box.dataset.state = "recorded";
        };
        recorder.start(1000);
        startedAt = Date.now();
        box.dataset.state = "recording";
        stop.hidden = false;
        stop.focus();
        status.textContent = "Recording…";
        show(limit);
        timer = setInterval(function () {
          var left = Math.max(0, limit - Math.floor((Date.now() - startedAt) / 1000));
          show(left);
          if (left <= 0) { status.textContent = "Time is up."; finish(); }
        }, 250);
      }).catch(function () {
        record.disabled = false;
        status.textContent = "The camera is not available. You can upload a video file instead.";
      });
    });
    stop.addEventListener("click", finish);
    again.addEventListener("click", function () {
      input.value = "";
      again.hidden = true;
      record.hidden = false;
      record.disabled = false;
      show(limit);
      record.click();
    });
  }

  document.querySelectorAll(".recorder[data-for]").forEach(setUp);
})();
