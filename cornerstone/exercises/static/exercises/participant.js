// On a participant's phone: notice when the facilitator moves the session on, and say so
// politely (aria-live), pointing to the "Check for the next step" link. The page never reloads
// by itself, so nobody loses what they were typing or their place in the page.
const box = document.getElementById('next-step')
const status = document.getElementById('next-step-status')

if (box && status && window.fetch) {
  const url = box.dataset.stateUrl
  const here = `${box.dataset.state}/${box.dataset.stage}`
  let polls = 0

  const poll = async () => {
    polls += 1
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      if (response.ok) {
        const data = await response.json()
        if (data.state && `${data.state}/${data.stage}` !== here) {
          status.textContent = data.state === 'closed'
            ? 'The session has ended. Select "Check for the next step".'
            : 'The facilitator has moved on. Select "Check for the next step" to carry on.'
          return
        }
      }
    } catch (error) {
      // A missed poll is retried on the next tick.
    }
    // About two hours of checking at most.
    if (polls < 3600) window.setTimeout(poll, 2000)
  }
  window.setTimeout(poll, 2000)
}
