x: let inherit x; y = x; in y
