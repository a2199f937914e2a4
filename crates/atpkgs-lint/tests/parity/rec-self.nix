rec { a = 1; b = a + c; c = 2; }
