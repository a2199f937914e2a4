{ a.x = 1; a = rec { c = 1; d = c; }; }
