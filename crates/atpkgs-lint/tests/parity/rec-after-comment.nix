rec /* a comment */ { a = b; b = 1; }
