{ undefinedName = 1; }.undefinedName
