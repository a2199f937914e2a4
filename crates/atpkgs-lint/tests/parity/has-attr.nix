{ } ? missing
