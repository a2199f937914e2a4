{ a = { b = rec { c = 1; }; }; a.b.d = c; }
