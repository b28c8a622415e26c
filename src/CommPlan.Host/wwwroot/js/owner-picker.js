// The owner is picked from the organisation's people: typing part of a name or an e-mail address asks the
// directory (the page's own handler), the matches are offered as a list box (arrow keys, Enter, Escape, or a
// click), and the person picked becomes the chosen entry of the owner list, which is what the form sends. Without
// script the list of the plan's people is the picker.
(function () {
  'use strict';
  var box = document.querySelector('[data-people-search]');
  var select = document.querySelector('[data-testid=owner-picker]');
  if (!box || !select || !window.fetch) return;
  var input = box.querySelector('input');
  var list = box.querySelector('[role=listbox]');
  var status = box.querySelector('[role=status]');
  var people = [];
  var active = -1;
  var timer = 0;
  var asked = 0;
  box.hidden = false;

  function say(text) { status.textContent = text; }

  function close() {
    list.hidden = true;
    list.textContent = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function label(person) { return person.mail ? person.name + ' <' + person.mail + '>' : person.name; }

  function show(found) {
    people = found;
    list.textContent = '';
    found.forEach(function (person, i) {
      var option = document.createElement('li');
      option.id = 'owner-search-option-' + i;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.textContent = label(person);
      // mousedown, not click: the input keeps its focus, so the list is not closed before the pick.
      option.addEventListener('mousedown', function (e) { e.preventDefault(); pick(i); });
      list.appendChild(option);
    });
    list.hidden = found.length === 0;
    input.setAttribute('aria-expanded', found.length > 0 ? 'true' : 'false');
    active = -1;
    say(found.length === 0 ? box.getAttribute('data-none') : box.getAttribute('data-found').replace('{0}', String(found.length)));
  }

  function move(to) {
    var options = list.querySelectorAll('[role=option]');
    if (options.length === 0) return;
    active = (to + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
    input.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  }

  function pick(i) {
    var person = people[i];
    if (!person) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === person.id; });
    if (!option) {
      option = document.createElement('option');
      option.value = person.id;
      option.textContent = label(person);
      select.appendChild(option);
    }
    select.value = person.id;
    input.value = person.name;
    close();
    say(box.getAttribute('data-picked').replace('{0}', label(person)));
  }

  function search() {
    var text = input.value.trim();
    if (text.length < 2) { close(); say(''); return; }
    var ticket = ++asked;
    var url = box.getAttribute('data-url') + '&search=' + encodeURIComponent(text);
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (found) { if (ticket === asked) show(found); })
      .catch(function () { if (ticket === asked) { close(); say(box.getAttribute('data-busy')); } });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) search(); else move(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(active - 1); }
    else if (e.key === 'Enter' && !list.hidden) { e.preventDefault(); pick(active < 0 ? 0 : active); }
    else if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); close(); }
  });
  input.addEventListener('blur', function () { window.setTimeout(close, 0); });
})();
