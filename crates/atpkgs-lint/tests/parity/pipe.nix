[ 1 ] |> map (x: x)
