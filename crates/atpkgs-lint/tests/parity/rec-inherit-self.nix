rec { inherit b; a = 1; }
