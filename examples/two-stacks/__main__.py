"""The generic schema program: each stack's ``activity-schemas:schemas`` names the shared schema."""

from activity_schemas.program import main

main()
