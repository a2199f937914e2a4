# The palomar-sync member of the rsky workspace (built on its shared dependency build).
{blacksky-rsky}: blacksky-rsky.members.palomar-sync
