/* Quick capture and editing forms, progressively enhanced (the forms work without this file).
 *
 * - form[data-store]: every field is copied into localStorage as it changes and put back after
 *   a reload or a dropped connection; the copy is removed once the form is sent.
 * - form[data-autosave]: the fields are also sent to the server a moment after typing stops;
 *   the answer's draft id goes into the hidden prototype_id field.
 * - input[data-preview]: shows the chosen photo before it is sent.
 * - button[data-add-row]: adds one more team-member row.
 */
(function () {
  "use strict";
  var PREFIX = "mixroom:";
  var DELAY = 800;

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button";
    });
  }

  function snapshot(form) {
    var data = {};
    fields(form).forEach(function (el) {
      var key = el.name;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[key] = data[key] || []).push(el.value); }
      } else {
        (data[key] = data[key] || []).push(el.value);
      }
    });
    return data;
  }

  function restore(form, data) {
    var seen = {};
    fields(form).forEach(function (el) {
      var values = data[el.name];
      if (!values) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
        return;
      }
      var index = seen[el.name] || 0;
      seen[el.name] = index + 1;
      if (index < values.length && values[index] !== "" && !el.value) { el.value = values[index]; }
      else if (index < values.length && el.tagName === "SELECT" && values[index] !== "") { el.value = values[index]; }
    });
  }

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function setStatus(form, key) {
    var status = form.querySelector("[role=status].saved");
    if (status) { status.textContent = status.getAttribute(key) || ""; }
  }

  function autosave(form, remember) {
    var url = form.getAttribute("data-autosave");
    var body = new FormData();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "file" && el.type !== "submit") { body.append(el.name, el.value); }
    });
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
      .then(function (result) {
        if (!result[0] || !result[1].saved) { return; }
        var id = form.querySelector("input[name=prototype_id]");
        if (id) { id.value = String(result[1].id); }
        form.setAttribute("data-saved-id", String(result[1].id));
        remember();
        setStatus(form, "data-saved-text");
      })
      .catch(function () { setStatus(form, "data-offline-text"); });
  }

  function enhance(form) {
    var store = storage();
    var key = PREFIX + form.getAttribute("data-store");
    if (store) {
      try { restore(form, JSON.parse(store.getItem(key) || "{}")); } catch (error) { store.removeItem(key); }
    }
    var timer = null;
    var remember = function () {
      if (store) { store.setItem(key, JSON.stringify(snapshot(form))); }
    };
    var changed = function () {
      remember();
      if (form.hasAttribute("data-autosave")) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { autosave(form, remember); }, DELAY);
      }
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      if (store) { store.removeItem(key); }
    });
    window.addEventListener("online", function () {
      if (form.hasAttribute("data-autosave")) { autosave(form, remember); }
    });
  }

  function preview(input) {
    var target = document.getElementById(input.getAttribute("data-preview"));
    input.addEventListener("change", function () {
      if (!target || !input.files || !input.files[0] || !window.URL) { return; }
      target.src = window.URL.createObjectURL(input.files[0]);
      target.hidden = false;
    });
  }

  function rows(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var all = button.parentNode.querySelectorAll(".member-row");
      var last = all[all.length - 1];
      var copy = last.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("input"), function (el) { el.value = ""; });
      last.parentNode.insertBefore(copy, button);
      copy.querySelector("input").focus();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-store]"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-preview]"), preview);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-add-row]"), rows);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
