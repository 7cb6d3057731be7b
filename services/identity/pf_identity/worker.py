"""The identity worker: outbox relay, consumers and scheduled jobs, with one ``IdentityContext``.

``python -m pf_identity.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_identity.consumers.media_deleted import detach_deleted_media
from pf_identity.consumers.media_processed import project_processed_media
from pf_identity.consumers.media_uploaded import project_uploaded_media
from pf_identity.consumers.notifications import CONSUMERS as NOTIFICATION_CONSUMERS
from pf_identity.consumers.subscriptions import mirror_subscription_status
from pf_identity.context import IdentityContext
from pf_identity.jobs.emails import JOBS as EMAIL_JOBS
from pf_identity.jobs.licenses import JOBS as LICENSE_JOBS
from pf_identity.jobs.notifications import JOBS as NOTIFICATION_JOBS
from pf_identity.settings import Settings

CONTEXT = IdentityContext
# Subscriptions ``identity.<handler>`` on pf.media.events (the media projection).
CONSUMERS: list[Consumer] = [
    Consumer(handler=project_uploaded_media, event=MediaUploadedV1),
    Consumer(handler=project_processed_media, event=MediaProcessedV1),
    Consumer(handler=detach_deleted_media, event=MediaDeletedV1),
    Consumer(handler=mirror_subscription_status, event=SubscriptionStatusChangedV1),  # stores' mirror
    *NOTIFICATION_CONSUMERS,  # identity.notify_<event_type>: the notification matrix (DOMAIN §5.1)
]
JOBS: list[Job] = [*LICENSE_JOBS, *NOTIFICATION_JOBS, *EMAIL_JOBS]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
