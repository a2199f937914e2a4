let a = rec { c = 1; }; a.b = c; in a
