{ x ? y }: x
