// The Teams client as the app's framed page meets it through teams-js 2.x (src/internal/communication.js): requests
// arrive by postMessage as {id, uuidAsString, func, args}; the client answers {id, uuidAsString, args}, and sends its
// own events as {func, args}. Configured by window.teamsClientConfig = {frameContext, token, theme, locale}.
(function () {
  'use strict';
  var config = window.teamsClientConfig;
  var frame = document.getElementById('tab');
  // Every request the page sent, in order, for the tests to look at.
  var received = [];
  window.teamsClient = { received: received };

  // What Teams on the web says it supports (runtime apiVersion 4), as far as the app's pages use it.
  var runtime = { apiVersion: 4, isLegacyTeams: false, supports: { appEntity: {}, pages: { appButton: {}, config: {}, currentApp: {}, tabs: {} }, teams: { fullTrust: {} } } };

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow) return;
    var message = event.data;
    if (!message || typeof message.func !== 'string') return;
    received.push({ func: message.func, args: message.args || [] });
    function answer(args) {
      frame.contentWindow.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args: args }, event.origin);
    }
    switch (message.func) {
      case 'initialize':
        // [frame context, host client type, runtime config (JSON), the SDK version the client supports]
        answer([config.frameContext, 'web', JSON.stringify(runtime), '2.58.0']);
        break;
      case 'authentication.getAuthToken':
        answer([true, config.token]);
        break;
      case 'getContext':
        // The context as Teams sends it (teams-js turns it into app.getContext()'s shape): theme and locale are what the tab reads.
        answer([{ frameContext: config.frameContext, hostClientType: 'web', theme: config.theme || 'default', locale: config.locale || 'en-gb', appSessionId: 'session', userObjectId: '', tid: '' }]);
        break;
      case 'settings.setSettings':
        answer([true]);
        break;
    }
  });

  // The user changed the Teams theme: Teams tells the open tab.
  window.teamsClient.setTheme = function (theme) {
    frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, window.location.origin);
  };

  // The user pressed Save on the configuration dialog: Teams sends the settings.save event to the page.
  window.teamsClient.save = function () {
    frame.contentWindow.postMessage({ func: 'settings.save', args: [{}] }, window.location.origin);
  };
})();
