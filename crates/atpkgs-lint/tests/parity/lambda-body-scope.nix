(a: a) b
