let inherit (s) a; in a
