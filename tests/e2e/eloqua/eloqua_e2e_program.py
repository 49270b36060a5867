"""The Pulumi program the Eloqua end-to-end tests run, driven by stack config."""

PROGRAM = """
import pulumi
from providers.eloqua.asset import ExternalAsset
from providers.eloqua.asset_type import ExternalAssetType

config = pulumi.Config("test")
activity_types = (config.get("activityTypes") or "Registered,Attended,Viewed a Demo").split(",")
tradeshow = ExternalAssetType(
    "tradeshow",
    name=config.get("typeName") or "Tradeshow",
    activity_types=activity_types,
    allow_activity_type_removal=config.get_bool("allowRemoval") or False,
    adopt=config.get_bool("adopt") or False,
)
asset = ExternalAsset("tradeshow-2021", name=config.get("assetName") or "Tradeshow 2021", asset_type_id=tradeshow.id)
pulumi.export("typeId", tradeshow.id)
pulumi.export("activityTypeIds", tradeshow.activityTypeIds)
pulumi.export("assetId", asset.id)
pulumi.export("assetTypeOfAsset", asset.externalAssetTypeId)
"""
