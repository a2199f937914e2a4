{ pkgs }: rec { x = with pkgs; y; y = z; }
