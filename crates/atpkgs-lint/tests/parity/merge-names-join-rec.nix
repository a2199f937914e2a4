{ a = rec { c = 1; }; a = { d = c; e = d; }; }
