{ lib }: let cfg = rec { a = b; b = 1; }; in with lib; { inherit (cfg) a; c = mkIf true cfg.b; }
