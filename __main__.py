"""The project's Pulumi program: provisions what the selected stack's config declares."""

from activity_schemas.program import main

main()
