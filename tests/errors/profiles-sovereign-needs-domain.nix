# expect: atproto.profiles.sovereign.domain must be set: the domain whose subdomains the network's services are reached at
{system, ...}: (system [{atproto.profiles.sovereign.enable = true;}]).systemd.services
