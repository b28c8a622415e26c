// Signs the page in when it has no session yet. Inside Teams (framed by the Teams client): the Teams SSO token from
// teams-js, exchanged for the app's session cookie, then the page loads again. Outside Teams: Entra ID's sign-in.
(function () {
  'use strict';
  var root = document.querySelector('[data-sign-in]');
  if (!root) return;
  var status = root.querySelector('[data-sign-in-status]');
  var failed = root.querySelector('[data-sign-in-failed]');
  var attemptKey = 'commplan-sso-attempt';

  function fail(reason) {
    if (window.console) console.warn('Sign-in did not complete: ' + reason);
    status.hidden = true;
    failed.hidden = false;
  }

  function withDeadline(promise, ms, what) {
    return Promise.race([promise, new Promise(function (_, reject) {
      setTimeout(function () { reject(new Error(what + ' did not answer within ' + ms + ' ms')); }, ms);
    })]);
  }

  var framed = window.parent !== window;
  if (!framed || !window.microsoftTeams) {
    window.location.assign(root.dataset.browserUrl);
    return;
  }
  // A session that does not stick (cookies blocked) would otherwise reload the page for ever.
  var last = Number(sessionStorage.getItem(attemptKey) || 0);
  if (Date.now() - last < 30000) {
    fail('the session from the last attempt was not kept');
    return;
  }
  var teams = window.microsoftTeams;
  withDeadline(teams.app.initialize(), 10000, 'Teams')
    .then(function () { return withDeadline(teams.authentication.getAuthToken(), 30000, 'Teams SSO'); })
    .then(function (token) {
      return fetch(root.dataset.ssoUrl, { method: 'POST', credentials: 'same-origin', headers: { Authorization: 'Bearer ' + token } });
    })
    .then(function (response) {
      if (!response.ok) throw new Error('the app refused the token (' + response.status + ')');
      sessionStorage.setItem(attemptKey, String(Date.now()));
      window.location.reload();
    })
    .catch(function (e) { fail(e && e.message ? e.message : String(e)); });
})();
