{ a = { c = 1; }; a = rec { b = 1; d = b; }; }
