{ a = rec { b = { }; }; a.b.c = d; a.d = 1; }
