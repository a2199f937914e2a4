"${missing}"
