# The rsky-space-host member of the rsky workspace (built on its shared dependency build).
{blacksky-rsky}: blacksky-rsky.members.rsky-space-host
