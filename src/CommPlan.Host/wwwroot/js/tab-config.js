// The channel tab's configuration page in Teams: Save is enabled once a plan is picked, and saving makes the tab show
// that plan's year (contentUrl {origin}/plans/{id}/year), the view managers open a channel's plan for, under its name.
(function () {
  'use strict';
  var form = document.querySelector('[data-tab-config]');
  var teams = window.microsoftTeams;
  if (!form || !teams) return;
  var select = form.querySelector('select');

  teams.app.initialize().then(function () {
    var config = teams.pages.config;
    function update() { config.setValidityState(select.value !== ''); }
    select.addEventListener('change', update);
    config.registerOnSaveHandler(function (saveEvent) {
      var option = select.selectedOptions[0];
      var url = window.location.origin + '/plans/' + encodeURIComponent(select.value) + '/year';
      config.setConfig({
        entityId: 'plan-' + select.value,
        contentUrl: url,
        websiteUrl: url,
        suggestedDisplayName: option.dataset.displayName
      }).then(function () { saveEvent.notifySuccess(); }, function (e) { saveEvent.notifyFailure(String(e)); });
    });
    update();
  });
})();
