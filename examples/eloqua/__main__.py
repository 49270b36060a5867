"""Oracle Eloqua example: the "Tradeshow" external asset type and its "Tradeshow 2021" asset.

Activity types "Registered", "Attended" and "Viewed a Demo" are what a contact can do at a
tradeshow; "Tradeshow 2021" is the event itself. ``demo.py`` then records that a seeded contact
viewed a demo there (Oracle's own example, POST /api/REST/2.0/data/activity).

Connection: the stack config ``eloqua:site``, ``eloqua:user``, ``eloqua:password`` (secret)
[, ``eloqua:loginUrl``], or, for the sandbox, ``activity-schemas:sandboxEndpoints``.
"""

import pulumi

from providers.eloqua.asset import ExternalAsset
from providers.eloqua.asset_type import ExternalAssetType

tradeshow = ExternalAssetType(
    "tradeshow",
    name="Tradeshow",
    description="Offline events where we meet contacts",
    activity_types=["Registered", "Attended", "Viewed a Demo"],
)

tradeshow_2021 = ExternalAsset(
    "tradeshow-2021",
    name="Tradeshow 2021",
    asset_type_id=tradeshow.id,  # by id: the asset follows the type through a rename
)

pulumi.export("eloquaAssetType", "Tradeshow")
pulumi.export("eloquaAssetTypeId", tradeshow.id)
pulumi.export("eloquaActivityTypeIds", tradeshow.activityTypeIds)
pulumi.export("eloquaAssetName", "Tradeshow 2021")
pulumi.export("eloquaAssetId", tradeshow_2021.id)
