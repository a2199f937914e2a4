{ a.b = { c = 1; }; a.b = rec { d = 1; e = d; }; }
