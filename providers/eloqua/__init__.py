"""Oracle Eloqua: external asset types (with their activity types), external assets, and the
external activity submission client."""
