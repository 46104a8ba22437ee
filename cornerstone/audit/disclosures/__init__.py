"""The onward-disclosure register: information sharing agreements, and the record of every
disclosure of a person's information outside the partnership.

Nothing here shares anything. A practitioner who holds the case records a disclosure they (or
someone they name) decided on and made; the record says to whom, on what lawful basis, under
which agreement, what and why. It appears in the person's timeline (without the content), on the
data protection officer's register, and in a subject access bundle
(``selectors.disclosures_about_person``).

Laid out as the app's other parts are: ``permissions``, ``selectors``, ``services`` (found by the
shared one-audit-event test), ``forms``, ``views``, ``urls``; the models are in
``cornerstone.audit.models``.
"""
