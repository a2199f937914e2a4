# The rsky-jetstream-subscriber member of the rsky workspace (built on its shared dependency build).
{blacksky-rsky}: blacksky-rsky.members.rsky-jetstream-subscriber
