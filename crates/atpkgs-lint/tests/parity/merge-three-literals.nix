{ a = rec { c = 1; }; a = rec { d = c; }; a = { e = d; }; }
