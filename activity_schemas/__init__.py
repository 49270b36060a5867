"""The activity-schemas command line, schema models and the generic Pulumi program."""
