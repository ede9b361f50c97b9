// Joined Up front-end entry point, loaded with
//   <script type="module" src="{% static 'joinedup/app.js' %}"></script>
// The Content Security Policy forbids inline script, so this module does the
// job of the inline snippet in GOV.UK Frontend's template.njk. Only browsers
// that support ES modules run it, which is exactly GOV.UK Frontend's own test
// for adding `govuk-frontend-supported`.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

// Must run after `govuk-frontend-supported` is on <body>: components check it.
initAll();
