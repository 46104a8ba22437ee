"""GOV.UK Notify as a Django email backend (optional): set

    DJANGO_EMAIL_BACKEND=cornerstone.notifications.backends.NotifyEmailBackend
    CORNERSTONE_NOTIFY_API_KEY=<the service's API key>
    CORNERSTONE_NOTIFY_TEMPLATE_ID=<a Notify email template whose subject is ((subject)) and
                                    whose body is ((body))>

Every email Cornerstone sends (notifications, digests, invitations, password resets) then goes
through Notify, filled into that one template. Notify needs the ``notifications-python-client``
package, installed only where this backend is used.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


def _setting(name: str) -> str:
    value = getattr(settings, name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set to send email through GOV.UK Notify")
    return str(value)


class NotifyEmailBackend(BaseEmailBackend):
    """Sends each message to each recipient as a Notify email with the personalisation
    ``subject`` and ``body``. Attachments and HTML alternatives are not sent."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client: Any = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        from notifications_python_client.notifications import NotificationsAPIClient

        kwargs: dict[str, Any] = {}
        base_url = getattr(settings, "CORNERSTONE_NOTIFY_BASE_URL", "")
        if base_url:
            kwargs["base_url"] = base_url
        self.client = NotificationsAPIClient(_setting("CORNERSTONE_NOTIFY_API_KEY"), **kwargs)
        return True

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        template_id = _setting("CORNERSTONE_NOTIFY_TEMPLATE_ID")
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    for address in message.recipients():
                        self.client.send_email_notification(
                            email_address=address,
                            template_id=template_id,
                            personalisation={"subject": str(message.subject), "body": str(message.body)},
                        )
                    sent += 1
                except Exception:
                    if not self.fail_silently:
                        raise
                    logger.exception("GOV.UK Notify refused an email")
        finally:
            if opened:
                self.close()
        return sent
