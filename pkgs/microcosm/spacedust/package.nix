# The spacedust member of the microcosm-rs workspace (built on its shared dependency build).
{microcosm-rs}: microcosm-rs.members.spacedust
