"""The reference's ``attendConference`` custom activity type, as a hand-written Pulumi program.

Run against the sandbox with ``make demo``, or against a real instance with
``pulumi config set marketo:baseUrl https://<munchkin-id>.mktorest.com``,
``pulumi config set marketo:clientId ...`` and ``pulumi config set --secret marketo:clientSecret ...``.
"""

import pulumi

from providers.marketo.provider import CustomActivityType

attend_conference = CustomActivityType(
    "attend-conference",
    api_name="attendConference",
    name="Attend Conference",
    description="Attend the conference",
    trigger_name="Attends Conference",
    filter_name="Attended Conference",
    primary_attribute={
        "apiName": "conferenceName",
        "name": "Conference Name",
        "description": "Name of the conference",
    },
    attributes=[
        {
            "apiName": "conferenceDate",
            "name": "Conference Date",
            "description": "Date of the conference",
            "dataType": "datetime",
        },
        {
            "apiName": "numberOfAttendees",
            "name": "Number of Attendees",
            "description": "Number of people attending conference",
            "dataType": "integer",
        },
    ],
    # approve=False would hold every change as a draft for review in Marketo's UI.
    opts=pulumi.ResourceOptions(protect=False),
)

pulumi.export("apiName", attend_conference.apiName)
pulumi.export("activityTypeId", attend_conference.activityTypeId)
pulumi.export("status", attend_conference.status)
