# The rsky-daemon member of the rsky workspace (built on its shared dependency build).
{blacksky-rsky}: blacksky-rsky.members.rsky-daemon
