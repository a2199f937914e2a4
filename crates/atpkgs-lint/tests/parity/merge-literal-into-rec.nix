{ a = rec { c = 1; }; a = { b = c; }; }
