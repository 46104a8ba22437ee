// The facilitator's live tally: polls the session's small JSON endpoint every second and
// updates the numbers in place. The status line is an aria-live="polite" region, so a screen
// reader hears the new total without losing its place. Without JavaScript, "Refresh tally" works.
const table = document.getElementById('tally')
const status = document.getElementById('tally-status')

if (table && status && window.fetch) {
  const url = table.dataset.tallyUrl
  const state = table.dataset.state
  const stage = table.dataset.stage
  let lastAnnounced = null
  let movedOn = false
  // Each poll keeps the facilitator signed in, so stop after 20 quiet minutes: a screen left
  // open in an empty room should still time out.
  const quietLimit = 20 * 60 * 1000
  let lastChange = Date.now()
  let lastBody = null

  const setText = (selector, value) => {
    const element = document.querySelector(selector)
    if (element && element.textContent !== String(value)) element.textContent = String(value)
  }

  const update = (data) => {
    for (const name of ['participants', 'before', 'after']) setText(`[data-count="${name}"]`, data[name])
    for (const option of data.options) {
      setText(`[data-option-votes="${option.id}"]`, option.votes)
      setText(`[data-option-percent="${option.id}"]`, `${option.percent}%`)
    }
    let message
    if (data.state !== state || String(data.stage) !== stage) {
      message = 'The session has moved on in another window. Reload this page to see where it is.'
      movedOn = true
    } else if (data.state === 'voting' || data.state === 'reveal') {
      message = `${data.total} vote${data.total === 1 ? '' : 's'} so far.`
    } else if (data.state === 'not_started' || data.state === 'before') {
      message = `${data.participants} joined, ${data.before} answered the before questions.`
    } else if (data.state === 'after') {
      message = `${data.after} answered the after questions.`
    }
    if (message && message !== lastAnnounced) {
      status.textContent = message
      lastAnnounced = message
    }
  }

  const poll = async () => {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      if (response.ok) {
        const body = await response.text()
        if (body !== lastBody) {
          lastBody = body
          lastChange = Date.now()
        }
        update(JSON.parse(body))
      }
    } catch (error) {
      // A missed poll is retried on the next tick.
    }
    if (Date.now() - lastChange > quietLimit) {
      status.textContent = 'Live updates have paused. Reload the page to start them again.'
    } else if (!movedOn) {
      window.setTimeout(poll, 1000)
    }
  }
  window.setTimeout(poll, 1000)
}
