s: { inherit (s) a; a = 1; }
