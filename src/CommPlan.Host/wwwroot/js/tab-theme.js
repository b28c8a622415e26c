// Inside Teams the tab follows the Teams theme (default, dark, high contrast), also when the person changes it while
// the tab is open, and speaks the Teams language: sv, nb (for nb, nn and no: the app's Norwegian is bokmål) or en.
(function () {
  'use strict';
  var root = document.documentElement;
  var teams = window.microsoftTeams;
  if (!teams || window.parent === window) return;

  function apply(theme) {
    root.setAttribute('data-theme', theme === 'dark' || theme === 'contrast' ? theme : 'default');
  }

  function language(locale) {
    locale = (locale || '').toLowerCase();
    if (/^sv/.test(locale)) return 'sv';
    if (/^(nb|nn|no)/.test(locale)) return 'nb';
    if (/^en/.test(locale)) return 'en';
    return null;
  }

  teams.app.initialize()
    .then(function () { return teams.app.getContext(); })
    .then(function (context) {
      apply(context.app.theme);
      teams.app.registerOnThemeChangeHandler(apply);
      var wanted = language(context.app.locale);
      // Once per page: a language asked for in the address (a link the person chose) wins over the Teams one.
      if (wanted && wanted !== root.lang && !/[?&]culture=/.test(window.location.search)) {
        var url = new URL(window.location.href);
        url.searchParams.set('culture', wanted);
        window.location.replace(url.toString());
      }
    })
    .catch(function (e) { if (window.console) console.warn('Teams context not available: ' + e); });
})();
