# expect: users.users.svc.group is unset
{system, ...}:
(system [{users.users.svc.isSystemUser = true;}]).users
