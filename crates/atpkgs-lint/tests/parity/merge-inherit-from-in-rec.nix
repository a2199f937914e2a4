{ a = rec { c = 1; }; a = { inherit (c) z; }; }
