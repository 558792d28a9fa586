// Tools for residents, on top of pages that work without them: text size (字号), read-aloud
// (朗读), one's own community (我的社区) first on the home page, and help for WeChat's browser.
// Choices are kept on the device only (localStorage); nothing is sent anywhere.
(function () {
  "use strict";
  var script = document.currentScript;
  var HOME = (script && script.dataset.home) || "/";
  var PLACES = (script && script.dataset.places) || "/places/";
  var SIZES = ["normal", "large", "x-large"];

  function load(key) {
    try { return window.localStorage.getItem("bulletin." + key); } catch (e) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) window.localStorage.removeItem("bulletin." + key);
      else window.localStorage.setItem("bulletin." + key, value);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // 字号: set before the page is drawn, so that it never jumps.
  function applySize(size) {
    if (SIZES.indexOf(size) < 0) size = "normal";
    document.documentElement.setAttribute("data-text-size", size);
    all("[data-text-size] button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.size === size));
    });
  }
  applySize(load("textSize"));

  function textSizeControl() {
    all("[data-text-size]").forEach(function (group) {
      group.hidden = false;
      group.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-size]");
        if (!button) return;
        save("textSize", button.dataset.size);
        applySize(button.dataset.size);
      });
    });
    applySize(load("textSize"));
  }

  // 朗读: the browser's own speech, in Chinese, a sentence at a time (long utterances are cut
  // off by some browsers). Shown only where a Chinese voice exists.
  function readAloud() {
    var box = document.querySelector("[data-read-aloud]");
    if (!box || !("speechSynthesis" in window)) return;
    var speech = window.speechSynthesis;
    var play = box.querySelector("[data-action=play]");
    var pause = box.querySelector("[data-action=pause]");
    var stop = box.querySelector("[data-action=stop]");
    function chineseVoice() {
      return speech.getVoices().filter(function (v) { return /^zh/i.test(v.lang); })[0] || null;
    }
    function show() { box.hidden = !chineseVoice(); }
    show();
    if (speech.addEventListener) speech.addEventListener("voiceschanged", show);
    function sentences() {
      var parts = [];
      all(box.dataset.readAloud).forEach(function (element) {
        var text = element.innerText || element.textContent || "";
        (text.match(/[^。！？；!?\n]+[。！？；!?]*/g) || []).forEach(function (s) {
          if (s.trim()) parts.push(s.trim());
        });
      });
      return parts;
    }
    function setState(state) {
      box.dataset.state = state;
      pause.hidden = stop.hidden = state === "idle";
      play.hidden = state !== "idle";
      pause.textContent = state === "paused" ? "继续" : "暂停";
    }
    setState("idle");
    play.addEventListener("click", function () {
      speech.cancel();
      var voice = chineseVoice();
      var queue = sentences();
      queue.forEach(function (text, i) {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "zh-CN";
        if (voice) utterance.voice = voice;
        utterance.rate = 0.9;
        if (i === queue.length - 1) utterance.onend = function () { setState("idle"); };
        speech.speak(utterance);
      });
      setState("playing");
    });
    pause.addEventListener("click", function () {
      if (box.dataset.state === "paused") { speech.resume(); setState("playing"); }
      else { speech.pause(); setState("paused"); }
    });
    stop.addEventListener("click", function () { speech.cancel(); setState("idle"); });
    window.addEventListener("pagehide", function () { speech.cancel(); });
  }

  // 我的社区
  function mine() {
    var raw = load("mine");
    try { return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
  }
  function choose(id, name) {
    save("mine", id ? JSON.stringify({id: id, name: name}) : null);
  }

  function chooser() {
    var box = document.querySelector("[data-mine-filter-box]");
    if (!box) return;
    box.hidden = false;
    var input = box.querySelector("input");
    var none = document.querySelector("[data-mine-none]");
    input.addEventListener("input", function () {
      var wanted = input.value.replace(/\s+/g, "");
      var shown = 0;
      all("[data-mine-group]").forEach(function (group) {
        var any = false;
        all("li[data-name]", group).forEach(function (item) {
          var match = !wanted || item.dataset.name.indexOf(wanted) >= 0;
          item.hidden = !match;
          if (match) { any = true; shown += 1; }
        });
        group.hidden = !any;
      });
      if (none) none.hidden = shown > 0;
    });
    all("a[data-place]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        choose(link.dataset.place, link.dataset.placeName);
        window.location.href = HOME;
      });
    });
    var current = document.querySelector("[data-mine-current]");
    var chosen = mine();
    if (current && chosen) {
      current.hidden = false;
      current.querySelector("[data-mine-name]").textContent = chosen.name;
      current.querySelector("[data-mine-clear]").addEventListener("click", function () {
        choose(null);
        current.hidden = true;
      });
    }
  }

  function setButton() {
    var button = document.querySelector("[data-mine-set]");
    if (!button) return;
    function refresh() {
      var chosen = mine();
      var isMine = chosen && chosen.id === button.dataset.mineSet;
      button.textContent = isMine ? "已是我的社区" : "设为我的社区";
      button.setAttribute("aria-pressed", String(Boolean(isMine)));
    }
    button.hidden = false;
    refresh();
    button.addEventListener("click", function () {
      choose(button.dataset.mineSet, button.dataset.placeName);
      refresh();
    });
  }

  // The home page: the chosen community's upcoming events and newest reports, taken from its
  // own page, first.
  function homeSection() {
    var section = document.querySelector("[data-mine-home]");
    var chosen = mine();
    if (!section || !chosen || !/^[a-z0-9-]+$/.test(chosen.id)) return;
    var address = PLACES + chosen.id + "/";
    fetch(address).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (text) {
      var page = new DOMParser().parseFromString(text, "text/html");
      var events = all(".upcoming__list > li", page).slice(0, 3);
      var reports = all(".report-list > li", page).slice(0, 3);
      section.querySelector("[data-mine-title]").textContent = chosen.name;
      section.querySelector("[data-mine-more]").href = address;
      var eventList = section.querySelector("[data-mine-events]");
      var reportList = section.querySelector("[data-mine-reports]");
      events.forEach(function (li) { eventList.appendChild(document.importNode(li, true)); });
      reports.forEach(function (li) { reportList.appendChild(document.importNode(li, true)); });
      eventList.hidden = !events.length;
      reportList.hidden = !reports.length;
      section.hidden = false;
      var prompt = document.querySelector("[data-mine-prompt]");
      if (prompt) prompt.hidden = true;
    }).catch(function () { /* offline or gone: the page as it is */ });
  }

  // WeChat's browser cannot add .ics files to the calendar: say what to do instead.
  function wechat() {
    if (!/MicroMessenger/i.test(navigator.userAgent)) return;
    document.documentElement.classList.add("in-wechat");
    all("[data-wechat-hint]").forEach(function (hint) { hint.hidden = false; });
  }

  function copyButtons() {
    all("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.innerText.trim()).then(function () {
          button.textContent = "已复制";
        });
      });
    });
  }

  function ready() {
    textSizeControl();
    readAloud();
    chooser();
    setButton();
    homeSection();
    wechat();
    copyButtons();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
