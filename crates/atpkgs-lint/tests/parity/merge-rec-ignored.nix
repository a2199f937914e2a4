{ a = { }; a = rec { b = c; c = 1; }; }
