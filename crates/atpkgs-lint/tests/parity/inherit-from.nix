let s = { a = 1; }; inherit (s) a; in a
