// Starts the GOV.UK Frontend and MoJ Frontend components on every page. Loaded from the base
// layout as a module script (no inline JavaScript: the Content-Security-Policy forbids it).
// Both libraries only act when the body has the `govuk-frontend-supported` class, which the one
// inline script in the layout sets.
import { initAll as initGovukFrontend } from './govuk-frontend.min.js'
import { initAll as initMojFrontend } from './moj-frontend.min.js'

initGovukFrontend()
initMojFrontend()
