// The kiosk's watchdog, a classic script apart from the kiosk's own (issue 22: a request lost on
// the venue network must not leave a desk on "Stemkaart wordt geladen…" until someone reloads it).
// When the kiosk's script has not started 10 seconds after the page, the page is loaded again.
setTimeout(function () {
  if (!document.documentElement.hasAttribute('data-started')) window.location.reload();
}, 10000);
