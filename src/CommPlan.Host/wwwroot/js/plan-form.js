// The plan form works without script: each list has spare rows. With script, each list also gets a button that
// adds one more empty row, numbered on from the last, so a long list needs no round trip.
(function () {
  'use strict';
  document.querySelectorAll('[data-plan-form] [data-entries]').forEach(function (list) {
    var items = list.querySelector('ol');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'add-row';
    button.textContent = list.getAttribute('data-add-label');
    button.addEventListener('click', function () {
      var last = items.lastElementChild;
      var index = Number(last.getAttribute('data-row')) + 1;
      var row = document.createElement('li');
      row.className = 'entry';
      row.setAttribute('data-row', String(index));
      var label = last.querySelector('label').cloneNode(false);
      var name = last.querySelector('input[type=text]');
      var field = document.createElement('input');
      var id = name.id.replace(/-\d+$/, '-' + index);
      field.type = 'text';
      field.id = id;
      field.name = name.name.replace(/\[\d+\]\.Name$/, '[' + index + '].Name');
      field.autocomplete = 'off';
      label.htmlFor = id;
      // The label's number is the row's place in the list, as the server writes it.
      label.textContent = last.querySelector('label').textContent.replace(/\d+(?!.*\d)/, String(index + 1));
      row.appendChild(label);
      row.appendChild(document.createTextNode(' '));
      row.appendChild(field);
      items.appendChild(row);
      field.focus();
    });
    list.appendChild(button);
  });
})();
